"""Helpers shared by the public-site tests."""

from io import BytesIO

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

# What tests/articles/conftest.py's `hidden_articles` are called: none may ever appear in public.
HIDDEN_HEADLINES = ("مسودة سرية", "مقال قيد المراجعة", "مقال مسحوب", "مقال مجدول للمستقبل")


def jpeg_bytes(width=1600, height=900, color=(180, 40, 40)):
    buffer = BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def with_image(article, name="photo.jpg", **fields):
    """`article` with a new library image as its lead image (and among its images, as the write
    path keeps them)."""
    from tests.factories import make_image

    article.lead_image = make_image(name=name, **fields)
    article.save()
    article.images.add(article.lead_image)
    return article


def count_queries(client, url, **extra):
    """SQL queries of one GET of `url` (it must answer 200), with a cold cache: the worst case."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def assert_no_hidden(text):
    for headline in HIDDEN_HEADLINES:
        assert headline not in text
