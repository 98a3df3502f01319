"""The library in the admin: several files at once or the camera, checked, GPS stripped, searchable."""

import pytest
from django.urls import reverse
from PIL import Image as PillowImage

from images.models import Image
from tests.factories import make_image, make_user
from tests.images import SVG, bomb_png, image_bytes, noisy, photo_with_gps, upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:images_image_add")
LIST_URL = reverse("admin:images_image_changelist")


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_the_upload_form_takes_several_files_and_offers_the_phone_camera(admin_client):
    page = admin_client.get(ADD_URL).text
    assert 'name="files"' in page and "multiple" in page
    assert 'name="camera"' in page and 'accept="image/*"' in page and 'capture="environment"' in page


def test_several_photos_at_once_are_stored_without_gps_and_credited(admin_client, settings):
    response = admin_client.post(
        ADD_URL,
        {
            "files": [
                upload("agadir.jpg", photo_with_gps(orientation=6)),
                upload("port.png", image_bytes("PNG")),
            ],
            "credit": "سعيد الصافي",
        },
    )
    assert response.status_code == 302
    images = list(Image.objects.order_by("pk"))
    assert [(i.original_filename, i.credit) for i in images] == [
        ("agadir.jpg", "سعيد الصافي"),
        ("port.png", "سعيد الصافي"),
    ]
    with images[0].file.open("rb") as handle, PillowImage.open(handle) as stored:
        assert not stored.getexif() and stored.size == (48, 64)  # turned upright, metadata gone
    assert images[1].file.name.endswith(".png")
    assert images[0].uploaded_by.is_superuser


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.jpg", "نص عادي وليس صورة".encode(), "ليس صورة"),
        ("icon.svg", SVG, "ليس صورة"),
        ("anim.gif", image_bytes("GIF", mode="P", color=1), "GIF"),
        ("cut.jpg", noisy(fmt="JPEG")[:3000], "تالفة"),
        ("bomb.png", bomb_png(8000), "8000×8000"),
    ],
)
def test_one_bad_file_is_named_in_arabic_and_nothing_is_stored(admin_client, settings, name, data, message):
    response = admin_client.post(
        ADD_URL, {"files": [upload("good.jpg", image_bytes()), upload(name, data)], "credit": "x"}
    )
    assert response.status_code == 200
    assert message in response.text and f"«{name}»" in response.text
    assert not Image.objects.exists() and stored_files(settings) == []


def test_an_oversized_file_is_refused(admin_client, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 20_000
    response = admin_client.post(ADD_URL, {"camera": upload("big.png", noisy())})
    assert "ميغابايت" in response.text and not Image.objects.exists()


def test_the_list_is_searchable_and_filterable_by_credit_and_uploader(admin_client):
    journalist = make_user("karima", groups=["Journalist"], is_staff=True)
    make_image(title="ميناء أكادير", credit="وكالة", by=journalist, renditions=False)
    make_image(title="سوق الأحد", credit="Karim", renditions=False)
    assert "ميناء أكادير" in admin_client.get(LIST_URL, {"q": "ميناء"}).text
    found = admin_client.get(LIST_URL, {"q": "karim"}).text
    assert "سوق الأحد" in found and "ميناء أكادير" not in found
    mine = admin_client.get(LIST_URL, {"uploaded_by__id__exact": journalist.pk}).text
    assert "ميناء أكادير" in mine and "سوق الأحد" not in mine


def test_a_journalist_may_upload_and_edit_but_not_delete(client):
    client.force_login(make_user("journalist", groups=["Journalist"], is_staff=True))
    assert client.post(ADD_URL, {"files": [upload("a.jpg", image_bytes())]}).status_code == 302
    image = Image.objects.get()
    assert client.get(reverse("admin:images_image_change", args=[image.pk])).status_code == 200
    assert (
        client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"}).status_code == 403
    )


def test_the_article_forms_plus_button_uploads_in_a_popup_and_hands_the_image_back(admin_client):
    response = admin_client.post(
        ADD_URL + "?_to_field=id&_popup=1",
        {"files": [upload("a.jpg", image_bytes())], "_popup": "1", "_to_field": "id"},
    )
    image = Image.objects.get()
    assert (
        response.status_code == 200 and "popup_response" in response.text and str(image.pk) in response.text
    )


def test_deleting_an_image_removes_its_files(admin_client, settings, django_capture_on_commit_callbacks):
    image = make_image(width=400, height=300)
    assert len(stored_files(settings)) == 5  # the original, WebP and JPEG at 360 and 400
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"})
    assert not Image.objects.exists() and stored_files(settings) == []


def test_a_photo_is_found_by_the_headline_of_an_article_that_uses_it(admin_client):
    from articles import workflow

    used = make_image(title="صورة أ", renditions=False)
    make_image(title="صورة ب", renditions=False)
    workflow.create_article(by=None, headline_ar="فيضانات في آسفي", lead_image=used)
    found = admin_client.get(LIST_URL, {"q": "فيضانات"}).text
    assert "صورة أ" in found and "صورة ب" not in found
