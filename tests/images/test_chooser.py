"""The chooser endpoints the body editor uses: staff only, CSRF-checked, Arabic errors, JSON."""

import pytest
from django.test import Client

from images.models import Image
from tests.factories import make_user
from tests.images import image_bytes, photo_with_gps, upload

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/images/image/chooser/"
UPLOAD_URL = "/admin/images/image/chooser/upload/"


@pytest.fixture
def journalist_client(client):
    client.force_login(make_user("journalist", groups=["Journalist"], is_staff=True))
    return client


def test_upload_returns_the_new_image_and_stores_it_under_a_random_name(journalist_client):
    response = journalist_client.post(
        UPLOAD_URL,
        {"file": upload("minister-resigns.jpg", photo_with_gps(size=(800, 600))), "credit": "سعيد"},
    )
    assert response.status_code == 200
    data = response.json()
    image = Image.objects.get(pk=data["id"])
    assert data == {
        "id": image.pk,
        "title": "minister resigns",
        "thumbnail": data["thumbnail"],
        "credit": "سعيد",
        "width": 800,
        "height": 600,
    }
    assert image.original_filename == "minister-resigns.jpg"
    assert "minister" not in image.file.name and image.file.name.startswith("originals/")
    assert image.uploaded_by.username == "journalist"


def test_a_bad_file_is_refused_in_arabic_and_nothing_is_stored(journalist_client):
    response = journalist_client.post(UPLOAD_URL, {"file": upload("notes.jpg", b"not an image at all")})
    assert response.status_code == 400
    assert "«notes.jpg» ليس صورة" in response.json()["error"]
    assert not Image.objects.exists()


def test_a_missing_file_is_a_clear_error(journalist_client):
    response = journalist_client.post(UPLOAD_URL, {})
    assert response.status_code == 400
    assert "لم يصل أي ملف" in response.json()["error"]


def test_search_finds_by_title_and_credit(journalist_client):
    journalist_client.post(UPLOAD_URL, {"file": upload("port.jpg", image_bytes()), "title": "ميناء أكادير"})
    journalist_client.post(UPLOAD_URL, {"file": upload("x.jpg", image_bytes()), "credit": "Karim Photo"})
    assert [r["title"] for r in journalist_client.get(LIST_URL, {"q": "ميناء"}).json()["results"]] == [
        "ميناء أكادير"
    ]
    assert [r["credit"] for r in journalist_client.get(LIST_URL, {"q": "karim"}).json()["results"]] == [
        "Karim Photo"
    ]
    assert len(journalist_client.get(LIST_URL).json()["results"]) == 2


def test_readers_and_staff_without_the_permission_get_nothing(client):
    assert client.get(LIST_URL).status_code == 302  # to the admin login
    assert client.post(UPLOAD_URL, {"file": upload("a.jpg", image_bytes())}).status_code == 302
    client.force_login(make_user("nobody", is_staff=True))
    response = client.post(UPLOAD_URL, {"file": upload("a.jpg", image_bytes())})
    assert response.status_code == 403 and "صلاحية" in response.json()["error"]
    assert client.get(LIST_URL).status_code == 403
    assert not Image.objects.exists()


def test_upload_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("journalist", groups=["Journalist"], is_staff=True))
    response = client.post(UPLOAD_URL, {"file": upload("a.jpg", image_bytes())})
    assert response.status_code == 403
    assert not Image.objects.exists()
