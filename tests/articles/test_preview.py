import re
from datetime import timedelta

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, ArticleEvent
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

Status = Article.Status


def draft(**overrides):
    return make_article(
        **{"status": Status.DRAFT, "published_at": None, "headline_ar": "مسودة سرية", **overrides}
    )


def preview_url(article):
    return reverse("articles:preview", args=[article.pk])


def assert_private(response):
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


# --- Staff preview ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_staff_preview_a_draft_as_the_public_page_with_a_banner(client, request, role):
    client.force_login(request.getfixturevalue(role))
    article = draft()
    response = client.get(preview_url(article))
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert response.context["is_preview"] is True
    page = response.content.decode()
    assert "مسودة سرية" in page and "معاينة — هذه الصفحة ليست منشورة" in page
    assert_private(response)


def test_preview_of_a_scheduled_article_says_when_it_goes_out(editor_client, clock):
    article = make_article(published_at=clock.now + timedelta(days=1))
    page = editor_client.get(preview_url(article)).content.decode()
    assert "مجدول للنشر في 3 مارس 2026، 10:00" in page
    assert '<div class="preview-banner" role="status">' in page


def test_the_public_gets_a_404_for_drafts_and_a_login_page_for_previews(client):
    article = draft()
    assert client.get(article.get_absolute_url()).status_code == 404
    response = client.get(preview_url(article))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_a_logged_in_reader_without_staff_rights_gets_a_404(client):
    client.force_login(make_user("reader"))
    assert client.get(preview_url(draft())).status_code == 404


def test_the_admin_page_links_to_the_preview(editor_client):
    article = draft()
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert preview_url(article) in page


# --- Signed links for outside reviewers -------------------------------------------------------


def create_link(client, article):
    response = client.post(reverse("admin:articles_article_preview_link", args=[article.pk]))
    assert response.status_code == 200, response.content.decode()[:500]
    return re.search(r'value="(http://testserver/preview/shared/[^"]+)"', response.content.decode()).group(1)


def test_editor_makes_a_link_that_opens_this_one_article_without_an_account(editor_client, client, clock):
    article, other = draft(), draft(headline_ar="مقال آخر")
    link = create_link(editor_client, article)
    assert ArticleEvent.objects.filter(article=article, action=ArticleEvent.Action.PREVIEW_LINK).exists()

    client.logout()
    response = client.get(link)
    assert response.status_code == 200
    assert "مسودة سرية" in response.content.decode() and "مقال آخر" not in response.content.decode()
    assert_private(response)

    forged = link.replace(f"/shared/{article.pk}:", f"/shared/{other.pk}:")
    assert forged != link and client.get(forged).status_code == 404
    assert client.get(link[:-4] + "abc/").status_code == 404


def test_a_link_expires_after_48_hours(editor_client, client, clock):
    link = create_link(editor_client, draft())
    client.logout()
    clock.advance(hours=47, minutes=59)
    assert client.get(link).status_code == 200
    clock.advance(minutes=2)
    response = client.get(link)
    assert response.status_code == 410 and "انتهت صلاحية" in response.content.decode()
    assert_private(response)


def test_the_lifetime_is_a_setting(editor_client, client, clock, settings):
    settings.PREVIEW_LINK_MAX_AGE_HOURS = 2
    link = create_link(editor_client, draft())
    clock.advance(hours=3)
    assert client.get(link).status_code == 410


def test_a_link_stops_working_once_the_article_is_published(editor_client, client, editor, clock):
    article = draft()
    link = create_link(editor_client, article)
    workflow.publish(article, by=editor, at=clock.now + timedelta(hours=1))
    assert client.get(link).status_code == 200  # scheduled: still a preview

    clock.advance(hours=1)
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()

    workflow.withdraw(article, by=editor, note="")
    assert client.get(link).status_code == 410  # published since the link was made: dead for good


def test_journalists_cannot_make_links(journalist_client):
    article = draft()
    response = journalist_client.post(
        reverse("admin:articles_article_preview_link", args=[article.pk]), follow=True
    )
    assert "من صلاحيات المحرر" in response.content.decode()
    assert "/preview/shared/" not in response.content.decode()
    assert not ArticleEvent.objects.exists()


def test_preview_of_a_live_article_says_it_is_published(editor_client):
    page = editor_client.get(preview_url(make_article())).content.decode()
    assert "الحالة: منشور." in page and "مجدول" not in page


def test_preview_of_a_draft_offers_no_comment_form_or_share_link(editor_client):
    article = draft(comments_enabled=True)
    page = editor_client.get(preview_url(article)).content.decode()
    assert "مسودة سرية" in page
    assert reverse("comments:post", args=[article.pk]) not in page and "<textarea" not in page
    assert f"/a/{article.pk}/" not in page


def test_preview_of_a_live_article_keeps_its_comment_form_and_share_link(editor_client):
    article = make_article(comments_enabled=True)
    page = editor_client.get(preview_url(article)).content.decode()
    assert reverse("comments:post", args=[article.pk]) in page and f"/a/{article.pk}/" in page
