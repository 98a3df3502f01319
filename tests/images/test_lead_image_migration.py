"""Upgrading moves every lead image into the library and loses nothing; downgrading brings it back.

A database at articles 0012 (lead images stored on the article, with their renditions under the
old guessable names) is migrated forward and back with the MigrationExecutor.
"""

import hashlib
from io import BytesIO
from pathlib import PurePosixPath

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PillowImage

from tests.test_upgrade import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0012_article_images")]


def jpeg(width, height):
    buffer = BytesIO()
    PillowImage.new("RGB", (width, height), (20, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def old_rendition_name(source_name, width, extension):
    stem = PurePosixPath(source_name).stem[:60]
    digest = hashlib.sha1(source_name.encode()).hexdigest()[:12]
    return f"renditions/{digest}/{stem}-{width}.{extension}"


def build_old_articles(apps):
    Article = apps.get_model("articles", "Article")
    original = default_storage.save("articles/2025/06/minister-resigns.jpg", ContentFile(jpeg(800, 600)))
    old_renditions = [
        default_storage.save(old_rendition_name(original, w, ext), ContentFile(jpeg(w, w * 3 // 4)))
        for w in (360, 720, 800)
        for ext in ("webp", "jpg")
    ]
    with_image = Article.objects.create(
        headline_ar="استقالة الوزير",
        headline="استقالة الوزير",
        slug="استقالة",
        lead_image=original,
        image_caption_ar="الوزير في مكتبه",
        image_caption_fr="Le ministre dans son bureau",
        image_alt_ar="رجل يجلس إلى مكتب",
        image_credit="وكالة المغرب العربي",
    )
    without = Article.objects.create(headline_ar="بلا صورة", headline="بلا صورة", slug="بلا-صورة")
    lost = Article.objects.create(
        headline_ar="ملف ضائع", headline="ملف ضائع", slug="ضائع", lead_image="articles/2020/01/gone.jpg"
    )
    return {"with": with_image.pk, "without": without.pk, "lost": lost.pk, "renditions": old_renditions}


def test_lead_images_move_into_the_library_and_back():
    try:
        ids = build_old_articles(migrate(BEFORE))
        old_bytes = default_storage.open("articles/2025/06/minister-resigns.jpg").read()

        migrate(latest())
        check_upgraded(ids, old_bytes)

        old_apps = migrate(BEFORE)
        Article = old_apps.get_model("articles", "Article")
        back = Article.objects.get(pk=ids["with"])
        assert back.lead_image.name.startswith("articles/") and back.lead_image.name.endswith(".jpg")
        assert default_storage.open(back.lead_image.name).read() == old_bytes
        assert (back.image_caption_ar, back.image_caption_fr) == (
            "الوزير في مكتبه",
            "Le ministre dans son bureau",
        )
        assert (back.image_alt_ar, back.image_credit) == ("رجل يجلس إلى مكتب", "وكالة المغرب العربي")
        assert not Article.objects.get(pk=ids["without"]).lead_image
    finally:
        migrate(latest())


def check_upgraded(ids, old_bytes):
    from articles.models import Article

    article = Article.objects.select_related("lead_image").get(pk=ids["with"])
    image = article.lead_image
    assert image.original_filename == "minister-resigns.jpg"
    assert image.file.name.startswith("originals/") and "minister" not in image.file.name
    assert image.file.read() == old_bytes
    assert (image.width, image.height) == (800, 600)
    assert (image.caption_ar, image.caption_fr, image.alt_ar) == (
        "الوزير في مكتبه",
        "Le ministre dans son bureau",
        "رجل يجلس إلى مكتب",
    )
    assert image.credit == "وكالة المغرب العربي" and image.title_ar == "استقالة الوزير"
    assert list(article.images.all()) == [image]
    # Renditions kept, under the library's names; nothing left at the old guessable addresses.
    assert [entry["width"] for entry in image.renditions["jpeg"]] == [360, 720, 800]
    for entry in image.renditions["webp"] + image.renditions["jpeg"]:
        assert default_storage.exists(entry["url"].removeprefix("/media/"))
    assert not default_storage.exists("articles/2025/06/minister-resigns.jpg")
    assert not any(default_storage.exists(name) for name in ids["renditions"])
    assert Article.objects.get(pk=ids["without"]).lead_image is None
    assert Article.objects.get(pk=ids["lost"]).lead_image is None
