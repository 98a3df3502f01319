"""Uploaded media under DJANGO_DEBUG=1: images only, and never as a page or a script.

Uploads are re-encoded as JPEG, PNG or WebP (no SVG, no HTML) before they are stored; this
serving adds the second lock: any other file under MEDIA_ROOT is a 404, the type comes from
this list, never from sniffing, and the response may run nothing. Only MEDIA_PUBLIC_PREFIXES
(renditions) are served here: originals go through images.views.original, which checks who
asks. In production the web server serves MEDIA_ROOT with the same rules (docs/deployment.md).
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404
from django.views import static

MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".avif": "image/avif",
}
MEDIA_POLICY = "default-src 'none'; sandbox"


def serve_media(request, path):
    content_type = MEDIA_TYPES.get(PurePosixPath(path).suffix.lower())
    if (
        not settings.DEBUG
        or content_type is None
        or not path.startswith(tuple(settings.MEDIA_PUBLIC_PREFIXES))
    ):
        raise Http404
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = content_type
    response["Content-Security-Policy"] = MEDIA_POLICY
    return response
