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
FORMATS = [
    ("webp", "webp", "WEBP", "image/webp", {"quality": 80}),
    ("jpeg", "jpg", "JPEG", "image/jpeg", {"quality": 80, "optimize": True}),
]
if features.check("avif"):
    FORMATS.insert(0, ("avif", "avif", "AVIF", "image/avif", {"quality": 60}))
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
    info = {"width": width, "height": height, **{key: [] for key, *_rest in FORMATS}}
    for name, (rendition_width, _height), key, *_rest in plan:
        info[key].append({"url": default_storage.url(name), "width": rendition_width})
    return info


def rendition_plan(source_name, width, height):
    """[(storage name, (width, height), format key, Pillow format, options)], never upscaled."""
    widths = sorted({min(w, width) for w in settings.IMAGE_RENDITION_WIDTHS})
    return [
        (rendition_name(source_name, w, extension), (w, max(1, round(height * w / width))), key, fmt, opts)
        for w in widths
        for key, extension, fmt, _mime, opts in FORMATS
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
    for key, extension, *_rest in FORMATS:
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
        for key, _ext, _fmt, mime, _opts in FORMATS
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


def largest_jpeg(image):
    """(url, width, height) of the biggest JPEG rendition, for og:image and feeds; None before the
    renditions exist."""
    info = (image.renditions or {}) if image is not None else {}
    if not info.get("jpeg"):
        return None
    largest = info["jpeg"][-1]
    return largest["url"], largest["width"], round(info["height"] * largest["width"] / info["width"])
