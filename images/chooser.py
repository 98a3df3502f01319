"""The JSON endpoints the body editor's image and gallery nodes use (staff only, in the admin).

GET  chooser/?q=…      → {"results": [image, …]}
POST chooser/upload/   → image, or 400 {"error": "…"}   (multipart `file`, optional title, credit)
Where image is {"id", "title", "thumbnail", "credit", "width", "height"}.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .models import Image
from .workflow import upload_image

PAGE_SIZE = 24


def describe(image):
    smallest = (image.renditions.get("jpeg") or [{"url": image.original_url()}])[0]
    return {
        "id": image.pk,
        "title": image.title,
        "thumbnail": smallest["url"],
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
    }


def _refused():
    return JsonResponse({"error": _("ليست لديك صلاحية استعمال مكتبة الصور.")}, status=403)


@require_GET
def choose(request):
    if not request.user.has_perm("images.view_image"):
        return _refused()
    images = Image.objects.search(request.GET.get("q", ""))[:PAGE_SIZE]
    return JsonResponse({"results": [describe(image) for image in images]})


@require_POST
def upload(request):
    if not request.user.has_perm("images.add_image"):
        return _refused()
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("لم يصل أي ملف. اختر صورة ثم أعد المحاولة.")}, status=400)
    fields = {"credit": request.POST.get("credit", "").strip()[:150]}
    try:
        image = upload_image(
            upload, by=request.user, title=request.POST.get("title", "").strip()[:255], **fields
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(describe(image))
