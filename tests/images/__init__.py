"""Real image files made with Pillow for upload tests."""

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def exif_with_gps(orientation=None):
    """EXIF naming a camera and a position in Agadir, as a phone would write it."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    if orientation:
        exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update(
        {1: "N", 2: (30.0, 25.0, 12.0), 3: "W", 4: (9.0, 35.0, 54.0)},
    )
    return exif


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 30), mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo_with_gps(fmt="JPEG", orientation=None, size=(64, 48)):
    return image_bytes(fmt, size=size, exif=exif_with_gps(orientation).tobytes())


def noisy(size=(100, 100), fmt="PNG"):
    """An image that does not compress: its size on disk is about its pixel count times three."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format=fmt)
    return buffer.getvalue()


def bomb_png(side=8000):
    """A few kilobytes that would decode to `side`² pixels."""
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG")
    return buffer.getvalue()


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
