"""Responsive renditions of a library image: WebP, JPEG (and AVIF where Pillow can write it).

Made by the `make_renditions` task (images/tasks.py), off the request, and described in
`Image.renditions`, so a page draws a <picture> from the row it already loaded: no storage call,
no decode. Renditions live under `renditions/<the original's random name>/`, public but as
unguessable as the original. Until they exist, pages fall back to the original.
"""

import logging
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import ExifTags, ImageOps, UnidentifiedImageError, features
from PIL import Image as PillowImage

logger = logging.getLogger(__name__)

# (key in Image.renditions, file extension, Pillow format, MIME type, encoder options)
AVIF = ("avif", "avif", "AVIF", "image/avif", {"quality": 60})
FORMATS = [
    ("webp", "webp", "WEBP", "image/webp", {"quality": 80}),
    ("jpeg", "jpg", "JPEG", "image/jpeg", {"quality": 80, "optimize": True}),
]


def formats():
    """The formats made, best first: AVIF too when Pillow can write it and IMAGE_RENDITION_AVIF is on."""
    if settings.IMAGE_RENDITION_AVIF and features.check("avif"):
        return [AVIF, *FORMATS]
    return FORMATS


QUARTER_TURNS = {5, 6, 7, 8}  # EXIF orientations whose upright picture swaps width and height


def rendition_name(source_name, width, extension):
    return f"renditions/{PurePosixPath(source_name).stem}/{width}.{extension}"


def build(source_name):
    """Make whatever renditions of `source_name` are missing; return their description, or {} for
    an unreadable file."""
    try:
        with default_storage.open(source_name) as handle, PillowImage.open(handle) as original:
            width, height = original.size
            if original.getexif().get(ExifTags.Base.Orientation, 1) in QUARTER_TURNS:
                width, height = height, width
            plan = rendition_plan(source_name, width, height)
            missing = [item for item in plan if not default_storage.exists(item[0])]
            if missing:
                _save(ImageOps.exif_transpose(original).convert("RGB"), missing)
    except (OSError, UnidentifiedImageError, PillowImage.DecompressionBombError, ValueError, SyntaxError):
        logger.warning("No renditions for %s: unreadable image", source_name)
        return {}
    info = {"width": width, "height": height, **{key: [] for key, *_rest in formats()}}
    for name, (rendition_width, _height), key, *_rest in plan:
        entry = {
            "url": default_storage.url(name),
            "width": rendition_width,
            "size": default_storage.size(name),
        }
        info[key].append(entry)
    return info


def rendition_plan(source_name, width, height):
    """[(storage name, (width, height), format key, Pillow format, options)], never upscaled."""
    widths = sorted({min(w, width) for w in settings.IMAGE_RENDITION_WIDTHS})
    return [
        (rendition_name(source_name, w, extension), (w, max(1, round(height * w / width))), key, fmt, opts)
        for w in widths
        for key, extension, fmt, _mime, opts in formats()
    ]


def _save(image, missing):
    resized = {}
    for name, size, _key, pil_format, options in missing:
        if size not in resized:
            resized[size] = image.resize(size, PillowImage.Resampling.LANCZOS)
        buffer = BytesIO()
        resized[size].save(buffer, pil_format, **options)
        default_storage.save(name, ContentFile(buffer.getvalue()))


def delete(source_name, info):
    """Remove the rendition files of `source_name` (when its image is deleted)."""
    for key, extension, *_rest in [AVIF, *FORMATS]:
        for entry in (info or {}).get(key, []):
            name = rendition_name(source_name, entry["width"], extension)
            if default_storage.exists(name):
                default_storage.delete(name)


def srcset(entries):
    return ", ".join(f"{entry['url']} {entry['width']}w" for entry in entries)


def picture(image, *, sizes="100vw", loading="lazy", alt=None):
    """What templates/includes/picture.html needs to draw `image`; the original while its
    renditions are not made yet. None without an image."""
    if image is None or not image.file:
        return None
    info = image.renditions or {}
    alt = image.alt if alt is None else alt
    if not info.get("jpeg"):
        return {
            "sources": [],
            "src": image.original_url(),
            "srcset": "",
            "width": image.width or None,
            "height": image.height or None,
            "alt": alt,
            "sizes": sizes,
            "loading": loading,
        }
    largest = info["jpeg"][-1]
    sources = [
        {"type": mime, "srcset": srcset(info[key])}
        for key, _ext, _fmt, mime, _opts in [AVIF, *FORMATS]
        if key != "jpeg" and info.get(key)
    ]
    return {
        "sources": sources,
        "src": largest["url"],
        "srcset": srcset(info["jpeg"]),
        "width": largest["width"],
        "height": round(info["height"] * largest["width"] / info["width"]),
        "alt": alt,
        "sizes": sizes,
        "loading": loading,
    }


def share_image(image):
    """{url, width, height, alt, size} of `image` for og:image, JSON-LD and feed enclosures: the
    biggest JPEG rendition, or the original until renditions exist. None without an image."""
    if image is None or not image.file:
        return None
    info = image.renditions or {}
    if info.get("jpeg"):
        largest = info["jpeg"][-1]
        height = round(info["height"] * largest["width"] / info["width"])
        return {
            "url": largest["url"],
            "width": largest["width"],
            "height": height,
            "alt": image.alt,
            "size": largest.get("size", 0),
            "type": "image/jpeg",
        }
    extension = PurePosixPath(image.file.name).suffix.lower()
    return {
        "url": image.original_url(),
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
        "size": image.file_size,
        "type": {".png": "image/png", ".webp": "image/webp"}.get(extension, "image/jpeg"),
    }
