"""Originals are private: unguessable names, and shown only to staff or for published articles."""

import pytest
from django.test import override_settings

from articles import workflow
from articles.models import Article
from tests.factories import make_article, make_image, make_user

pytestmark = pytest.mark.django_db


def draft_with_photo():
    image = make_image(name="minister-resigns.jpg", width=400, height=300)
    article = workflow.create_article(by=None, headline_ar="استقالة الوزير", lead_image=image)
    return article, image


def test_the_stored_name_says_nothing_of_the_upload():
    _article, image = draft_with_photo()
    assert image.original_filename == "minister-resigns.jpg"
    assert "minister" not in image.file.name and len(image.file.name.split("/")[-1]) > 20
    assert all("minister" not in entry["url"] for entry in image.renditions["jpeg"])


def test_a_drafts_original_is_hidden_from_readers_and_shown_to_staff(client):
    _article, image = draft_with_photo()
    assert client.get(image.original_url()).status_code == 404
    client.force_login(make_user("journalist", is_staff=True))
    response = client.get(image.original_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff" and "private" in response["Cache-Control"]


@override_settings(DEBUG=True)
def test_the_media_url_of_an_original_is_no_way_around(client):
    _article, image = draft_with_photo()
    assert client.get(f"/media/{image.file.name}").status_code == 404
    assert client.get("/media/articles/2026/12/minister-resigns.jpg").status_code == 404
    rendition = image.renditions["jpeg"][0]["url"]
    assert client.get(rendition).status_code == 200  # derivatives are public, at unguessable names


def test_publishing_opens_the_original_and_withdrawing_closes_it_again(client):
    article, image = draft_with_photo()
    editor = make_user("editor", groups=["Editor"], is_staff=True)
    workflow.publish(article, by=editor)
    assert client.get(image.original_url()).status_code == 200
    workflow.withdraw(Article.objects.get(pk=article.pk), by=editor)
    assert client.get(image.original_url()).status_code == 404


def test_with_accel_redirect_the_web_server_sends_the_file(client, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    article = make_article(lead_image=make_image(width=400, height=300))
    article.images.add(article.lead_image)
    response = client.get(article.lead_image.original_url())
    assert response["X-Accel-Redirect"] == f"/protected-media/{article.lead_image.file.name}"
    assert response.content == b""
