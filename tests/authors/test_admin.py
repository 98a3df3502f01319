import pytest
from django.urls import reverse
from PIL import Image

from authors.models import Author
from tests.admin_forms import read_form
from tests.images import GPS_IFD, photo_with_gps, upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:authors_author_add")


def author_form(admin_client, **changes):
    data, _inputs = read_form(admin_client.get(ADD_URL), "author_form")
    data.update({"name_ar": "كريم بوزاليم", "bio_ar": "صحفي يغطي جهة سوس ماسة.", "public_email": ""})
    data.update(changes)
    return data


def test_author_photo_is_stored_without_gps(admin_client, settings):
    original = photo_with_gps("WEBP")
    assert Image.open(upload("x.webp", original)).getexif().get_ifd(GPS_IFD)

    response = admin_client.post(ADD_URL, author_form(admin_client, photo=upload("portrait.webp", original)))

    assert response.status_code == 302
    author = Author.objects.get()
    stored = Image.open(author.photo.path)
    assert stored.format == "WEBP"
    assert not stored.getexif()
    assert author.photo.name.endswith(".webp")


def test_text_file_posing_as_a_photo_is_refused_and_the_bio_is_kept(admin_client, settings):
    fake = upload("portrait.jpg", "سيرة ذاتية في ملف نصي".encode())

    response = admin_client.post(ADD_URL, author_form(admin_client, photo=fake))

    assert response.status_code == 200
    assert "ليس صورة" in str(response.context["adminform"].form.errors["photo"])
    assert "صحفي يغطي جهة سوس ماسة." in response.content.decode()
    assert not Author.objects.exists()
    assert not (settings.MEDIA_ROOT.exists() and any(settings.MEDIA_ROOT.rglob("*.*")))
