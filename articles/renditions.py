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
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))
CACHE_SECONDS = 60 * 60 * 24 * 30


def rendition_name(source_name, width, extension):
    stem = PurePosixPath(source_name).stem[:60]
    digest = hashlib.sha1(source_name.encode()).hexdigest()[:12]
    return f"renditions/{digest}/{stem}-{width}.{extension}"


def renditions(image_field):
    """Width, height and WebP/JPEG renditions of `image_field`; None without a usable image."""
    if not image_field:
        return None
    key = f"renditions:{hashlib.sha1(image_field.name.encode()).hexdigest()}"
    info = cache.get(key)
    if info is None:
        info = build_renditions(image_field.name) or {}
        cache.set(key, info, CACHE_SECONDS)
    return info or None


def build_renditions(source_name):
    """Make whatever renditions are missing from storage; return their description."""
    try:
        with default_storage.open(source_name) as handle, Image.open(handle) as original:
            image = ImageOps.exif_transpose(original).convert("RGB")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        logger.warning("No renditions for %s: unreadable image", source_name)
        return None
    widths = sorted({min(width, image.width) for width in settings.IMAGE_RENDITION_WIDTHS})
    info = {"width": image.width, "height": image.height, "webp": [], "jpeg": []}
    for width in widths:
        height = round(image.height * width / image.width)
        resized = None
        for extension, pil_format, mime in FORMATS:
            name = rendition_name(source_name, width, extension)
            if not default_storage.exists(name):
                resized = resized or image.resize((width, height), Image.Resampling.LANCZOS)
                buffer = BytesIO()
                resized.save(buffer, pil_format, quality=80, optimize=pil_format == "JPEG")
                name = default_storage.save(name, ContentFile(buffer.getvalue()))
            entry = {"url": default_storage.url(name), "width": width, "size": default_storage.size(name)}
            info["webp" if mime == "image/webp" else "jpeg"].append(entry)
    info["largest_jpeg"] = info["jpeg"][-1]
    return info


def srcset(entries):
    return ", ".join(f"{entry['url']} {entry['width']}w" for entry in entries)
