"""Renditions are made off the request by the task, and pages fall back to the original until then."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image as PillowImage
from PIL import features

from images import renditions
from images.models import Image
from images.tasks import make_renditions
from tests.factories import make_article, make_image
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/images/image/chooser/upload/"


@pytest.fixture
def staff_client(admin_client):
    return admin_client


def stored(entry):
    return entry["url"].removeprefix("/media/")


def test_the_task_makes_webp_and_jpeg_at_each_width_never_upscaled():
    image = make_image(width=800, height=600)
    assert [entry["width"] for entry in image.renditions["webp"]] == [360, 720, 800]
    for key, expected in (("webp", "WEBP"), ("jpeg", "JPEG")):
        for entry in image.renditions[key]:
            with default_storage.open(stored(entry)) as handle, PillowImage.open(handle) as picture:
                assert picture.format == expected
                assert picture.size == (entry["width"], round(600 * entry["width"] / 800))
    # Public, but named after the original's random name, never after what was uploaded.
    assert all(
        stored(e).startswith("renditions/") and "photo" not in stored(e) for e in image.renditions["jpeg"]
    )


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow cannot write AVIF")
def test_avif_comes_first_where_pillow_writes_it(client, settings):
    settings.IMAGE_RENDITION_AVIF = True
    article = make_article(lead_image=make_image(width=400, height=300))
    html = client.get(article.get_absolute_url()).text
    assert html.index('type="image/avif"') < html.index('type="image/webp"')
    entry = article.lead_image.renditions["avif"][0]
    with default_storage.open(stored(entry)) as handle, PillowImage.open(handle) as picture:
        assert picture.format == "AVIF"


def test_an_upload_queues_its_renditions_for_after_the_commit(
    staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(UPLOAD_URL, {"file": upload("port.jpg", image_bytes(size=(500, 400)))})
    assert len(callbacks) == 1
    image = Image.objects.get(pk=response.json()["id"])
    assert [entry["width"] for entry in image.renditions["jpeg"]] == [360, 500]


@pytest.mark.django_db(transaction=True)  # the worker commits, and closes connections, as in production
def test_with_the_database_backend_the_worker_makes_them_and_the_page_waits_with_the_original(
    client, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    image = make_image(width=400, height=300, renditions=False)
    image.refresh_from_db()
    assert image.renditions == {}
    article = make_article(lead_image=image)
    article.images.add(image)
    assert f'<img src="{image.original_url()}"' in client.get(article.get_absolute_url()).text

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    image.refresh_from_db()
    assert [entry["width"] for entry in image.renditions["jpeg"]] == [360, 400]
    assert '<img src="/media/renditions/' in client.get(article.get_absolute_url()).text


def test_an_unreadable_original_gives_no_renditions_and_no_error():
    image = make_image(width=400, height=300, renditions=False)
    with default_storage.open(image.file.name, "wb") as handle:
        handle.write(b"not an image any more")
    make_renditions.call(image.pk)
    image.refresh_from_db()
    assert image.renditions == {} and renditions.picture(image)["src"] == image.original_url()
