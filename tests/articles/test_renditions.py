import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from articles.renditions import renditions
from tests.factories import make_article

from .helpers import with_image

pytestmark = pytest.mark.django_db


def test_renditions_are_webp_and_jpeg_at_each_width_never_upscaled():
    article = with_image(make_article(), width=800, height=600)
    info = renditions(article.lead_image)
    assert [entry["width"] for entry in info["webp"]] == [360, 720, 800]
    assert [entry["width"] for entry in info["jpeg"]] == [360, 720, 800]
    for entry, expected_format in [
        *((e, "WEBP") for e in info["webp"]),
        *((e, "JPEG") for e in info["jpeg"]),
    ]:
        name = entry["url"].removeprefix("/media/")
        with default_storage.open(name) as handle, Image.open(handle) as image:
            assert image.format == expected_format
            assert image.size == (entry["width"], round(600 * entry["width"] / 800))


def test_renditions_are_made_once_and_then_read_from_the_cache(django_assert_num_queries):
    article = with_image(make_article(), width=1600, height=900)
    first = renditions(article.lead_image)
    name = first["jpeg"][0]["url"].removeprefix("/media/")
    made_at = default_storage.get_modified_time(name)
    with django_assert_num_queries(0):
        assert renditions(article.lead_image) == first
    cache.clear()  # a cold cache finds the files already in storage and does not redo them
    assert renditions(article.lead_image) == first
    assert default_storage.get_modified_time(name) == made_at


def test_a_broken_image_gives_no_renditions_and_the_page_still_shows(client):
    article = make_article()
    article.lead_image.save("broken.jpg", ContentFile(b"not an image"), save=True)
    assert renditions(article.lead_image) is None
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and "<picture" not in response.content.decode()


def test_a_missing_file_gives_no_renditions():
    article = make_article(lead_image="articles/2024/01/gone.jpg")
    assert renditions(article.lead_image) is None


def test_a_cold_cache_over_complete_renditions_does_not_decode_the_original(client):
    article = with_image(make_article(), width=1600, height=900)
    first = renditions(article.lead_image)
    # Keep the header, drop the pixels: only a decode can notice.
    path = default_storage.path(article.lead_image.name)
    with open(path, "rb") as handle:
        data = handle.read()
    with open(path, "wb") as handle:
        handle.write(data[: len(data) // 2])
    cache.clear()
    assert renditions(article.lead_image) == first
    assert "<picture" in client.get(article.get_absolute_url()).content.decode()


def test_a_failure_is_remembered_for_minutes_not_a_month():
    import time

    from articles.renditions import cache_key

    article = make_article()
    article.lead_image.save("broken.jpg", ContentFile(b"not an image"), save=True)
    assert renditions(article.lead_image) is None
    # The local-memory cache keeps each key's expiry time; no public API exposes it.
    expires = cache._expire_info[cache.make_key(cache_key(article.lead_image.name))]
    assert expires - time.time() <= 5 * 60


def test_prepare_makes_the_renditions_at_upload_time():
    from articles.renditions import prepare, rendition_name

    article = with_image(make_article(), name="upload.jpg", width=800, height=600)
    prepare(article)
    for width in (360, 720, 800):
        for extension in ("webp", "jpg"):
            assert default_storage.exists(rendition_name(article.lead_image.name, width, extension))
