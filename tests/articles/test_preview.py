import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import workflow
from articles.models import Article, ArticleEvent, PreviewLink
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
    article = draft()
    draft(headline_ar="مقال آخر")  # the link must open this one article only
    link = create_link(editor_client, article)
    assert ArticleEvent.objects.filter(article=article, action=ArticleEvent.Action.PREVIEW_LINK).exists()

    client.logout()
    response = client.get(link)
    assert response.status_code == 200
    assert "مسودة سرية" in response.content.decode() and "مقال آخر" not in response.content.decode()
    assert_private(response)

    tampered = link[:-4] + ("abc/" if not link.endswith("abc/") else "xyz/")
    assert client.get(tampered).status_code == 404
    assert client.get(reverse("articles:shared-preview", args=["x"])).status_code == 404


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


# --- Stored, revocable links ------------------------------------------------------------------


def change_page(client, article):
    return client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()


def revoke_url(link):
    return reverse("admin:articles_article_preview_link_revoke", args=[link.article_id, link.pk])


def test_a_dead_link_stays_dead_after_the_article_is_sent_back_to_draft(editor_client, client, editor, clock):
    article = draft()
    link = create_link(editor_client, article)
    workflow.publish(article, by=editor)
    clock.advance(minutes=1)
    assert client.get(link).status_code == 302
    workflow.withdraw(article, by=editor, note="خطأ")
    assert client.get(link).status_code == 410
    workflow.send_back_to_draft(article, by=editor, note="أعد كتابته")
    article.refresh_from_db()
    assert article.published_at is None  # what once brought the link back
    response = client.get(link)
    assert response.status_code == 410 and "مسودة سرية" not in response.content.decode()
    assert client.get(create_link(editor_client, article)).status_code == 200  # a new one works


def test_a_link_of_a_scheduled_article_taken_back_before_its_time_keeps_working(
    editor_client, client, editor, clock
):
    article = draft()
    link = create_link(editor_client, article)
    workflow.publish(article, by=editor, at=clock.now + timedelta(days=1))
    workflow.send_back_to_draft(article, by=editor, note="ليس بعد")
    clock.advance(hours=25)  # past the cancelled publication time, within the link's 48 hours
    assert client.get(link).status_code == 200


def test_an_expired_link_stays_dead_whatever_happens_to_the_article(editor_client, client, editor, clock):
    article = draft()
    link = create_link(editor_client, article)
    clock.advance(hours=49)
    assert client.get(link).status_code == 410
    workflow.submit_for_review(article, by=editor)
    workflow.send_back_to_draft(article, by=editor, note="x")
    assert client.get(link).status_code == 410


def test_the_article_page_lists_its_links_with_who_made_them_and_their_use(editor_client, client, clock):
    article = draft()
    first = create_link(editor_client, article)
    clock.advance(hours=1)
    create_link(editor_client, article)
    client.logout()
    for _ in range(2):
        clock.advance(minutes=30)
        assert client.get(first).status_code == 200
    links = list(PreviewLink.objects.filter(article=article).order_by("created_at"))
    assert [(link.use_count, link.last_used_at) for link in links] == [(2, clock.now), (0, None)]
    assert links[0].created_by.username == "editor"

    editor_client.force_login(links[0].created_by)
    page = change_page(editor_client, article)
    table = re.search(r'<section class="module preview-links".*?</section>', page, re.S).group(0)
    assert table.count("<tr>") == 3  # a head row and one row per link
    assert table.count("<bdi>editor</bdi>") == 2
    assert "2026-03-02 10:00" in table and "2026-03-02 11:00" in table  # made
    assert "2026-03-02 12:00" in table  # last opened
    assert first.rsplit("/", 2)[1] not in page  # the secret itself is never shown again


def test_editor_revokes_one_link_and_the_others_keep_working(editor_client, client, editor):
    article = draft()
    revoked_link, kept_link = create_link(editor_client, article), create_link(editor_client, article)
    link = PreviewLink.objects.filter(article=article).earliest("id")
    response = editor_client.post(revoke_url(link), follow=True)
    assert "أُلغي رابط المعاينة." in response.content.decode()
    client.logout()
    assert client.get(revoked_link).status_code == 410
    assert client.get(kept_link).status_code == 200
    link.refresh_from_db()
    assert (link.revoked_by, link.revoked_at is not None) == (editor, True)
    event = article.events.get(action=ArticleEvent.Action.PREVIEW_LINK_REVOKED)
    assert event.actor == editor
    with pytest.raises(workflow.WorkflowError):
        workflow.revoke_preview_link(link, by=editor)


def test_journalists_cannot_revoke_links(editor_client, journalist, client):
    article = draft()
    url = create_link(editor_client, article)
    link = PreviewLink.objects.get(article=article)
    client.force_login(journalist)
    response = client.post(revoke_url(link), follow=True)
    assert "من صلاحيات المحرر" in response.content.decode()
    with pytest.raises(PermissionDenied):
        workflow.revoke_preview_link(link, by=journalist)
    client.logout()
    assert client.get(url).status_code == 200
    assert not article.events.filter(action=ArticleEvent.Action.PREVIEW_LINK_REVOKED).exists()


def test_revoking_is_a_post_for_a_link_of_that_article(editor_client):
    article, other = draft(), draft()
    create_link(editor_client, article)
    link = PreviewLink.objects.get(article=article)
    assert editor_client.get(revoke_url(link)).status_code == 404
    wrong = reverse("admin:articles_article_preview_link_revoke", args=[other.pk, link.pk])
    assert editor_client.post(wrong).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_only_a_digest_of_the_secret_is_stored(editor_client):
    article = draft()
    token = create_link(editor_client, article).rsplit("/", 2)[1]
    stored = PreviewLink.objects.values().get(article=article)
    assert token not in {str(value) for value in stored.values()}


def test_a_signed_link_from_the_previous_release_is_refused_cleanly(client, clock):
    article = draft()
    old = signing.TimestampSigner(salt="articles.preview-link").sign(str(article.pk))
    response = client.get(reverse("articles:shared-preview", args=[old]))
    assert response.status_code == 410
    assert "انتهت صلاحية" in response.content.decode() and "مسودة سرية" not in response.content.decode()
    assert_private(response)
    forged = old[:-3] + ("abc" if not old.endswith("abc") else "xyz")
    assert client.get(reverse("articles:shared-preview", args=[forged])).status_code == 404
