"""A database that cannot be reached: a 503 page in Arabic, with Retry-After, that gives a POST back."""

import pytest
from django.test import Client

from tests.servers import database_alias

pytestmark = [
    pytest.mark.urls("tests.newsroom.unreachable_urls"),
    pytest.mark.django_db(
        transaction=True, databases=["default", "unreachable"]
    ),  # no test transaction there
]


@pytest.fixture(scope="module", autouse=True)
def unreachable_database(django_db_setup, tmp_path_factory):
    missing = tmp_path_factory.mktemp("gone") / "no-such-folder" / "db.sqlite3"
    with database_alias("unreachable", ENGINE="django.db.backends.sqlite3", NAME=str(missing)):
        yield


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


def test_a_reader_gets_an_arabic_503_with_retry_after_and_no_details(reader, settings):
    settings.DATABASE_RETRY_AFTER_SECONDS = 20
    response = reader.get("/unreachable/")
    assert response.status_code == 503
    assert response["Retry-After"] == "20"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert 'lang="ar" dir="rtl"' in text and "الموقع غير متاح مؤقتًا" in text
    assert "OperationalError" not in text and "sqlite" not in text and "<form" not in text


def test_a_post_comes_back_in_the_page_except_passwords(reader):
    body = "تعليقي الطويل\nفي سطرين"
    data = {"body": body, "email": "r@example.com", "password": "s3cret-word", "csrfmiddlewaretoken": "tok"}
    response = reader.post("/unreachable/?next=1", data)
    text = response.content.decode()
    assert response.status_code == 503
    assert f"{body}</textarea>" in text.replace("\r\n", "\n")
    assert 'name="email" value="r@example.com"' in text and 'action="/unreachable/?next=1"' in text
    assert "s3cret-word" not in text


def test_the_text_given_back_is_escaped(reader):
    response = reader.post("/unreachable/", {"body": "</textarea><script>alert(1)</script>"})
    assert "<script>alert(1)" not in response.content.decode()


def test_any_other_error_is_still_the_500_page(reader):
    response = reader.get("/broken/")
    assert response.status_code == 500
    assert "Retry-After" not in response
