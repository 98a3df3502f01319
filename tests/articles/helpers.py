"""Helpers shared by the public-site tests."""

from io import BytesIO

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

# What tests/articles/conftest.py's `hidden_articles` are called: none may ever appear in public.
HIDDEN_HEADLINES = ("مسودة سرية", "مقال قيد المراجعة", "مقال مسحوب", "مقال مجدول للمستقبل")


def jpeg_bytes(width=1600, height=900, color=(180, 40, 40)):
    buffer = BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def with_image(article, name="photo.jpg", **size):
    article.lead_image.save(name, ContentFile(jpeg_bytes(**size)), save=True)
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
