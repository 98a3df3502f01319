"""Responsive renditions of an uploaded image: WebP and JPEG at a few widths.

Each rendition is made once with Pillow and saved in the default storage next to a predictable
name; the list of renditions is then kept in the cache, so a page view costs one cache read and
never decodes an image. A missing or broken file gives no renditions rather than an error.
"""

import hashlib
import logging
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))
CACHE_SECONDS = 60 * 60 * 24 * 30
# A failure may be a file still being written or replaced: look again soon.
FAILURE_CACHE_SECONDS = 60 * 5
# EXIF orientations that turn the picture a quarter, so width and height swap once upright.
QUARTER_TURNS = {5, 6, 7, 8}


def rendition_name(source_name, width, extension):
    stem = PurePosixPath(source_name).stem[:60]
    digest = hashlib.sha1(source_name.encode()).hexdigest()[:12]
    return f"renditions/{digest}/{stem}-{width}.{extension}"


def cache_key(source_name):
    return f"renditions:{hashlib.sha1(source_name.encode()).hexdigest()}"


def renditions(image_field):
    """Width, height and WebP/JPEG renditions of `image_field`; None without a usable image."""
    if not image_field:
        return None
    key = cache_key(image_field.name)
    info = cache.get(key)
    if info is None:
        info = build_renditions(image_field.name) or {}
        cache.set(key, info, CACHE_SECONDS if info else FAILURE_CACHE_SECONDS)
    return info or None


def prepare(article):
    """Make the lead image's renditions now, so no reader waits for them; call it once the upload
    is committed (transaction.on_commit)."""
    if article.lead_image:
        cache.delete(cache_key(article.lead_image.name))
        renditions(article.lead_image)


def build_renditions(source_name):
    """Make whatever renditions are missing from storage; return their description.

    The original's size comes from its header; its pixels are decoded only when a rendition is
    missing, so a cold cache over complete renditions costs a few storage checks, not a decode.
    """
    try:
        with default_storage.open(source_name) as handle, Image.open(handle) as original:
            width, height = original.size
            if original.getexif().get(ExifTags.Base.Orientation, 1) in QUARTER_TURNS:
                width, height = height, width
            plan = rendition_plan(source_name, width, height)
            missing = [(name, size, pil_format) for name, size, pil_format, _mime in plan]
            missing = [item for item in missing if not default_storage.exists(item[0])]
            if missing:
                save_renditions(ImageOps.exif_transpose(original).convert("RGB"), missing)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError, SyntaxError):
        logger.warning("No renditions for %s: unreadable image", source_name)
        return None
    info = {"width": width, "height": height, "webp": [], "jpeg": []}
    for name, (rendition_width, _height), _pil_format, mime in plan:
        entry = {
            "url": default_storage.url(name),
            "width": rendition_width,
            "size": default_storage.size(name),
        }
        info["webp" if mime == "image/webp" else "jpeg"].append(entry)
    info["largest_jpeg"] = info["jpeg"][-1]
    return info


def rendition_plan(source_name, width, height):
    """[(storage name, (width, height), Pillow format, MIME type)] of every rendition, never upscaled."""
    widths = sorted({min(w, width) for w in settings.IMAGE_RENDITION_WIDTHS})
    return [
        (rendition_name(source_name, w, extension), (w, round(height * w / width)), pil_format, mime)
        for w in widths
        for extension, pil_format, mime in FORMATS
    ]


def save_renditions(image, missing):
    resized = {}
    for name, size, pil_format in missing:
        if size not in resized:
            resized[size] = image.resize(size, Image.Resampling.LANCZOS)
        buffer = BytesIO()
        resized[size].save(buffer, pil_format, quality=80, optimize=pil_format == "JPEG")
        default_storage.save(name, ContentFile(buffer.getvalue()))


def srcset(entries):
    return ", ".join(f"{entry['url']} {entry['width']}w" for entry in entries)
