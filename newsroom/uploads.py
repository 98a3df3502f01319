"""Uploaded images: real JPEG, PNG or WebP within the size limits, stored without metadata.

A photo's EXIF can hold the GPS position where it was taken, the camera's serial number and the
time: enough to find a source. So an upload is decoded by Pillow and re-encoded from its pixels
(turned upright per its EXIF orientation, colour profile kept) and nothing else survives. Only
the first frame of an animated PNG or WebP is kept.
"""

import io
import warnings
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name -> (file extension, content type, encoder options)
FORMATS = {
    "JPEG": ("jpg", "image/jpeg", {"quality": 90}),
    "PNG": ("png", "image/png", {}),
    "WEBP": ("webp", "image/webp", {"quality": 90}),
}
ACCEPT = ",".join(content_type for _ext, content_type, _options in FORMATS.values())

MESSAGES = {
    "not_an_image": _("الملف «%(name)s» ليس صورة يمكن قراءتها. الصيغ المقبولة: JPEG وPNG وWebP."),
    "format": _("صيغة الملف «%(name)s» هي %(format)s، وهي غير مقبولة. الصيغ المقبولة: JPEG وPNG وWebP."),
    "too_large": _("حجم الصورة «%(name)s» %(size)s ميغابايت، والحد الأقصى %(limit)s ميغابايت."),
    "too_many_pixels": _(
        "أبعاد الصورة «%(name)s» %(width)s×%(height)s بكسل، وهذا يتجاوز الحد المسموح "
        "(%(limit)s ميغابكسل). صغّر الصورة ثم أعد رفعها."
    ),
    "bomb": _("أبعاد الصورة «%(name)s» تتجاوز الحد المسموح (%(limit)s ميغابكسل). صغّر الصورة ثم أعد رفعها."),
    "broken": _("الصورة «%(name)s» تالفة أو غير مكتملة. أعد تصديرها ثم ارفعها من جديد."),
}


def _megabytes(size):
    return f"{size / 1_048_576:.1f}".removesuffix(".0")


def _refuse(code, upload, **params):
    raise ValidationError(MESSAGES[code], code=code, params={"name": PurePath(upload.name).name, **params})


def _open(upload):
    """Read the header only: format and dimensions, before a single pixel is decoded."""
    if upload.size > settings.IMAGE_MAX_UPLOAD_BYTES:
        _refuse(
            "too_large",
            upload,
            size=_megabytes(upload.size),
            limit=_megabytes(settings.IMAGE_MAX_UPLOAD_BYTES),
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse("bomb", upload, limit=settings.IMAGE_MAX_PIXELS // 10**6)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        _refuse("not_an_image", upload)
    if image.format not in FORMATS:
        _refuse("format", upload, format=image.format)
    if image.width * image.height > settings.IMAGE_MAX_PIXELS:
        _refuse(
            "too_many_pixels",
            upload,
            width=image.width,
            height=image.height,
            limit=settings.IMAGE_MAX_PIXELS // 10**6,
        )
    return image


def _decode(image, upload):
    try:
        image.load()
        return ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        _refuse("broken", upload)


def clean_image(upload):
    """Return a metadata-free copy of `upload` with the right extension, or raise ValidationError."""
    image = _open(upload)
    source_format = image.format
    extension, content_type, options = FORMATS[source_format]
    upright = _decode(image, upload)
    icc_profile = image.info.get("icc_profile")
    transparency = upright.info.get("transparency")
    # Encoders fall back on `info` for comments and text chunks; start from nothing.
    upright.info = {}
    if transparency is not None:
        upright.info["transparency"] = transparency
    if icc_profile:
        options = {**options, "icc_profile": icc_profile}
    buffer = io.BytesIO()
    upright.save(buffer, format=source_format, **options)
    stem = PurePath(upload.name).stem[:80] or "image"
    return SimpleUploadedFile(f"{stem}.{extension}", buffer.getvalue(), content_type=content_type)


class ImageUploadField(forms.ImageField):
    """A form field for photos: only what `clean_image` accepts, and stores its clean copy."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)  # Pillow's pass happens once, in clean_image
        if upload is None:
            return None
        return clean_image(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT
        return attrs
