"""Attachments become library images, read from the copied uploads folder; posts point at them."""

import csv

import pytest

from articles.models import Article
from images.models import Image
from redirects.models import Redirect
from wordpress.models import ImportedItem

from .conftest import DATA, picture

pytestmark = pytest.mark.django_db


def article(wp_id):
    return Article.objects.get(pk=ImportedItem.objects.get(kind="post", key=str(wp_id)).object_id)


def problems(tmp_path):
    with open(tmp_path / "problems.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_attachments_become_library_images_used_by_their_posts(souss_massa, import_wxr, uploads, tmp_path):
    import_wxr(DATA / "site.xml", "--media-dir", str(uploads))
    image = Image.objects.get()
    assert (image.width, image.height, image.title_ar) == (60, 40, "صورة الميناء")
    assert not image.file.name.endswith("port.jpg")  # stored under the library's random name
    first = article(101)
    assert first.lead_image == image  # _thumbnail_id
    assert f'<figure data-image="{image.pk}" data-size="small" data-align="start">' in first.body
    assert "<figcaption>ميناء أكادير</figcaption>" in first.body  # the [caption]'s text
    assert "<img" not in first.body
    assert set(first.images.all()) == {image}


def test_a_missing_file_is_reported_with_its_url_and_imported_once_it_is_there(
    souss_massa, import_wxr, uploads, tmp_path
):
    import_wxr(DATA / "site.xml", "--media-dir", str(uploads))
    reported = [row for row in problems(tmp_path) if "station.jpg" in row["item"]]
    assert reported and "غير موجود" in reported[0]["reason"]
    assert "<img" not in article(102).body

    picture(uploads / "2024" / "03" / "station.jpg", color="navy")
    import_wxr(DATA / "site.xml", "--media-dir", str(uploads))
    assert Image.objects.count() == 2  # the port photo is not stored twice


def test_gallery_and_old_upload_urls(souss_massa, import_wxr, uploads, client):
    picture(uploads / "2024" / "03" / "station.jpg", color="navy")
    import_wxr(DATA / "site.xml", "--media-dir", str(uploads))
    port = article(101).lead_image
    station = Image.objects.exclude(pk=port.pk).get()
    body = article(102).body
    assert f'<figure data-image="{station.pk}"' in body
    assert f'<figure data-gallery="{station.pk}"><figcaption>Le chantier</figcaption></figure>' in body
    old = Redirect.objects.get(old_path="/wp-content/uploads/2024/03/port.jpg")
    assert old.destination() == port.original_url()
    response = client.get("/wp-content/uploads/2024/03/PORT.jpg")
    assert response.status_code == 301


def test_dry_run_stores_no_file(souss_massa, import_wxr, uploads, settings):
    import_wxr(DATA / "site.xml", "--media-dir", str(uploads), "--dry-run")
    assert not Image.objects.exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.jpg"))
