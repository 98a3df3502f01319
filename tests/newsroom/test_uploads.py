import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from newsroom.uploads import ImageUploadField, clean_image
from tests.images import (
    GPS_IFD,
    SVG,
    bomb_png,
    image_bytes,
    noisy,
    photo_with_gps,
    srgb_profile,
    upload,
)


def reopen(cleaned):
    cleaned.seek(0)
    return Image.open(io.BytesIO(cleaned.read()))


@pytest.mark.parametrize(
    ("fmt", "extension"),
    [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")],
)
def test_gps_and_all_other_exif_are_stripped(fmt, extension):
    original = photo_with_gps(fmt)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD), "the fixture must carry GPS"

    cleaned = clean_image(upload(f"source.{extension}", original))

    image = reopen(cleaned)
    assert image.format == fmt
    assert not image.getexif()
    assert "exif" not in image.info
    cleaned.seek(0)
    assert b"Exif" not in cleaned.read()
    assert cleaned.name == f"source.{extension}"


def test_jpeg_comment_and_png_text_are_dropped():
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Location", "Douar Tamri, near the source's house")
    png = image_bytes("PNG", pnginfo=text)
    jpeg = image_bytes("JPEG", comment=b"taken at 30.42N 9.59W")

    assert "Location" not in reopen(clean_image(upload("a.png", png))).info
    assert "comment" not in reopen(clean_image(upload("b.jpg", jpeg))).info


def test_orientation_is_applied_before_the_tag_is_dropped():
    # Orientation 6: the camera was turned; the stored pixels are 64×48 but the photo is 48×64.
    cleaned = clean_image(upload("turned.jpg", photo_with_gps(orientation=6, size=(64, 48))))

    assert reopen(cleaned).size == (48, 64)


def test_colour_profile_is_kept():
    profile = srgb_profile()
    cleaned = clean_image(upload("p.jpg", image_bytes("JPEG", icc_profile=profile)))

    assert reopen(cleaned).info.get("icc_profile") == profile


def test_transparency_survives():
    cleaned = clean_image(upload("logo.png", image_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0))))

    assert reopen(cleaned).getpixel((0, 0))[3] == 0


def test_extension_follows_the_content_not_the_name():
    cleaned = clean_image(upload("photo.jpg", image_bytes("PNG"), content_type="image/jpeg"))

    assert cleaned.name == "photo.png"
    assert cleaned.content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("notes.jpg", "هذا نص وليس صورة".encode(), "not_an_image"),
        ("icon.svg", SVG, "not_an_image"),
        ("anim.gif", image_bytes("GIF", mode="P", color=1), "format"),
        ("scan.tiff", image_bytes("TIFF"), "format"),
        ("cut.jpg", noisy(fmt="JPEG")[:3000], "broken"),
        ("cut.png", noisy()[:5000], "broken"),
        ("empty.jpg", b"\xff\xd8\xff", "not_an_image"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(name, data, code):
    with pytest.raises(ValidationError) as refused:
        clean_image(upload(name, data))

    assert refused.value.code == code
    assert name in refused.value.messages[0]


def test_oversized_file_is_refused_before_it_is_decoded(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 50_000
    data = noisy((200, 200))
    assert len(data) > 50_000

    with pytest.raises(ValidationError) as refused:
        clean_image(upload("big.png", data))

    assert refused.value.code == "too_large"
    assert "ميغابايت" in refused.value.messages[0]


def test_decompression_bomb_is_refused_from_its_header(settings):
    settings.IMAGE_MAX_PIXELS = 40_000_000
    data = bomb_png(8000)  # 64 megapixels in a few kilobytes
    assert len(data) < 100_000

    with pytest.raises(ValidationError) as refused:
        clean_image(upload("bomb.png", data))

    assert refused.value.code == "too_many_pixels"
    assert "8000×8000" in refused.value.messages[0]


def test_bomb_beyond_pillows_own_limit_is_refused_too(settings):
    settings.IMAGE_MAX_PIXELS = 10**10
    data = bomb_png(10_000)  # above Pillow's warning threshold of about 89 megapixels

    with pytest.raises(ValidationError) as refused:
        clean_image(upload("bomb.png", data))

    assert refused.value.code == "bomb"


def test_form_field_offers_only_the_accepted_types_and_returns_the_clean_copy():
    field = ImageUploadField(required=False)

    assert 'accept="image/jpeg,image/png,image/webp"' in field.widget.render("photo", None)
    cleaned = field.clean(upload("g.jpg", photo_with_gps()))
    assert not reopen(cleaned).getexif()
