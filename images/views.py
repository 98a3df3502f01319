"""Originals are private: staff see every one; readers only those a published article uses.

Their files sit under random names outside the public media (docs/deployment.md gives the web
server rule); this view is their one public door. Local storage: the file itself, or an
X-Accel-Redirect to the web server's internal location when MEDIA_ACCEL_REDIRECT is set;
object storage (MEDIA_STORAGE=s3): a redirect to a short-lived signed URL.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from newsroom.media import MEDIA_POLICY, MEDIA_TYPES

from .models import Image


def may_see(user, image):
    if user.is_authenticated and user.is_staff:
        return True
    return Image.objects.in_published().filter(pk=image.pk).exists()


@require_safe
def original(request, pk):
    image = get_object_or_404(Image, pk=pk)
    if not image.file or not may_see(request.user, image):
        raise Http404
    name = image.file.name
    content_type = MEDIA_TYPES.get("." + name.rsplit(".", 1)[-1].lower())
    if content_type is None:
        raise Http404
    if settings.MEDIA_STORAGE == "s3":
        response = HttpResponseRedirect(image.file.url)
    elif settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{settings.MEDIA_ACCEL_REDIRECT.rstrip('/')}/{name}"
    else:
        try:
            response = FileResponse(image.file.open("rb"), content_type=content_type)
        except FileNotFoundError as error:
            raise Http404 from error
    response["Content-Security-Policy"] = MEDIA_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    # Public once published, but a withdrawal must take effect: browsers only, briefly.
    patch_cache_control(response, private=True, max_age=300)
    return response
