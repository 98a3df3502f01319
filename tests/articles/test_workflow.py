from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleEvent
from tests.admin_forms import admin_form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db

Status = Article.Status
Action = ArticleEvent.Action


def own_article(user, **overrides):
    return make_article(authors=[user.author], **{"status": Status.DRAFT, "published_at": None, **overrides})


def transition_url(article, name):
    return reverse("admin:articles_article_transition", args=[article.pk, name])


def snapshot(article):
    return Article.objects.filter(pk=article.pk).values().get()


# --- The functions ----------------------------------------------------------------------------


def test_the_whole_path_from_draft_to_withdrawn_is_logged(journalist, editor, clock):
    article = own_article(journalist)
    workflow.submit_for_review(article, by=journalist)
    workflow.publish(article, by=editor)
    clock.advance(hours=2)
    workflow.withdraw(article, by=editor, note="خطأ في الاسم")

    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    events = list(
        article.events.order_by("id").values_list("actor__username", "action", "from_status", "to_status")
    )
    assert events == [
        ("journalist", Action.SUBMITTED, Status.DRAFT, Status.REVIEW),
        ("editor", Action.PUBLISHED, Status.REVIEW, Status.PUBLISHED),
        ("editor", Action.WITHDRAWN, Status.PUBLISHED, Status.WITHDRAWN),
    ]
    last = article.events.first()
    assert last.note == "خطأ في الاسم" and last.at == clock.now


@pytest.mark.parametrize(
    ("call", "status"),
    [
        (lambda a, u: workflow.publish(a, by=u), Status.REVIEW),
        (lambda a, u: workflow.publish(a, by=u, at=a.created_at + timedelta(days=1)), Status.REVIEW),
        (lambda a, u: workflow.withdraw(a, by=u, note="x"), Status.PUBLISHED),
        (lambda a, u: workflow.send_back_to_draft(a, by=u, note="x"), Status.REVIEW),
        (lambda a, u: workflow.close_comments(a, by=u), Status.DRAFT),
        (lambda a, u: workflow.create_preview_link(a, by=u), Status.DRAFT),
    ],
)
def test_a_journalist_cannot_do_an_editors_job(journalist, call, status):
    published_at = timezone.now() - timedelta(hours=1) if status == Status.PUBLISHED else None
    article = own_article(journalist, status=status, published_at=published_at)
    before = snapshot(article)
    with pytest.raises(PermissionDenied):
        call(article, journalist)
    assert snapshot(article) == before
    assert not article.events.exists()


def test_a_journalist_cannot_submit_someone_elses_draft(journalist, other_journalist):
    article = own_article(other_journalist)
    with pytest.raises(PermissionDenied):
        workflow.submit_for_review(article, by=journalist)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_only_drafts_are_submitted(journalist, editor):
    article = own_article(journalist)
    workflow.submit_for_review(article, by=journalist)
    with pytest.raises(workflow.WorkflowError, match="المسودات"):
        workflow.submit_for_review(article, by=journalist)
    assert article.events.count() == 1


def test_journalist_takes_a_submission_back_while_no_editor_has_acted(journalist):
    article = own_article(journalist)
    workflow.submit_for_review(article, by=journalist)
    workflow.withdraw_submission(article, by=journalist)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    assert article.events.first().action == Action.SUBMISSION_WITHDRAWN


@pytest.mark.parametrize("someone", ["other_journalist", "editor"])
def test_only_its_authors_take_a_submission_back(journalist, request, someone):
    article = own_article(journalist)
    workflow.submit_for_review(article, by=journalist)
    with pytest.raises(PermissionDenied):
        workflow.withdraw_submission(article, by=request.getfixturevalue(someone))
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


def test_journalist_cannot_take_it_back_once_an_editor_has_acted(journalist, editor):
    article = own_article(journalist)
    workflow.submit_for_review(article, by=journalist)
    workflow.record(article, by=editor, action=Action.EDITED, from_status="review", to_status="review")
    with pytest.raises(workflow.WorkflowError, match="محرر"):
        workflow.withdraw_submission(article, by=journalist)
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


def test_sending_back_needs_a_note_and_clears_the_schedule(journalist, editor, clock):
    article = own_article(journalist)
    workflow.publish(article, by=editor, at=clock.now + timedelta(days=1))
    with pytest.raises(workflow.WorkflowError, match="ملاحظة"):
        workflow.send_back_to_draft(article, by=editor, note="  ")
    workflow.send_back_to_draft(article, by=editor, note="أضف مصدرًا ثانيًا")
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.DRAFT, None)
    assert article.events.first().note == "أضف مصدرًا ثانيًا"


def test_a_live_article_cannot_be_published_again_or_sent_back(editor):
    article = make_article()
    with pytest.raises(workflow.WorkflowError):
        workflow.publish(article, by=editor)
    with pytest.raises(workflow.WorkflowError):
        workflow.send_back_to_draft(article, by=editor, note="x")
    assert not article.events.exists()


def test_comments_open_and_close_in_bulk_and_only_changes_are_logged(editor):
    first, second = make_article(comments_enabled=True), make_article(comments_enabled=False)
    assert workflow.close_comments(Article.objects.filter(pk__in=[first.pk, second.pk]), by=editor) == 1
    assert not Article.objects.filter(comments_enabled=True, pk__in=[first.pk, second.pk]).exists()
    assert list(ArticleEvent.objects.values_list("article", "action")) == [(first.pk, Action.COMMENTS_CLOSED)]
    assert workflow.open_comments(second, by=editor) == 1 and second.comments_enabled


def test_each_transition_moves_the_version_on(journalist, editor):
    article = own_article(journalist)
    workflow.submit_for_review(article, by=journalist)
    workflow.publish(article, by=editor)
    assert Article.objects.get(pk=article.pk).version == article.version == 3


# --- Scheduling: no worker, the clock decides -------------------------------------------------


def test_a_scheduled_article_appears_exactly_when_due(client, editor, clock):
    article = own_article(editor)
    due = clock.now + timedelta(hours=3)
    workflow.publish(article, by=editor, at=due)
    assert article.events.first().action == Action.SCHEDULED

    clock.set(due - timedelta(seconds=1))
    assert article not in Article.objects.published()
    assert article in Article.objects.scheduled()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.headline not in client.get(reverse("articles:home")).content.decode()

    clock.set(due)
    assert article in Article.objects.published()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.headline in client.get(reverse("articles:home")).content.decode()


def test_publishing_a_scheduled_article_now_brings_it_forward(editor, clock):
    article = own_article(editor)
    workflow.publish(article, by=editor, at=clock.now + timedelta(days=2))
    workflow.publish(article, by=editor)
    assert Article.objects.published().filter(pk=article.pk, published_at=clock.now).exists()


# --- Buttons in the admin ---------------------------------------------------------------------


def test_journalist_submits_with_the_button(journalist_client, journalist):
    article = own_article(journalist)
    page = journalist_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert transition_url(article, "submit") in page.content.decode()
    assert transition_url(article, "publish") not in page.content.decode()

    response = journalist_client.post(transition_url(article, "submit"), follow=True)
    assert "أُرسل المقال للمراجعة" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


def test_forged_publish_button_from_a_journalist_is_refused(journalist_client, journalist):
    article = own_article(journalist, status=Status.REVIEW)
    before = snapshot(article)
    response = journalist_client.post(transition_url(article, "publish"), follow=True)
    assert "من صلاحيات المحرر" in response.content.decode()
    assert snapshot(article) == before
    assert not article.events.exists()


def test_editor_publishes_schedules_withdraws_and_sends_back_with_buttons(editor_client, journalist, clock):
    article = own_article(journalist, status=Status.REVIEW)
    editor_client.post(transition_url(article, "schedule"), {"at": "2026-03-03T08:30"})
    article.refresh_from_db()
    # Africa/Casablanca: in Ramadan 2026 (this date) that is UTC+0, otherwise UTC+1.
    assert article.status == Status.PUBLISHED
    assert article.published_at == datetime(2026, 3, 3, 8, 30, tzinfo=ZoneInfo("Africa/Casablanca"))

    editor_client.post(transition_url(article, "withdraw"), {"note": "تأجيل"})
    editor_client.post(transition_url(article, "send_back"), {"note": "راجع الأرقام"})
    editor_client.post(transition_url(article, "publish"))
    article.refresh_from_db()
    assert article.is_published()
    actions = list(article.events.order_by("id").values_list("action", "note"))
    assert actions == [
        (Action.SCHEDULED, "2026-03-03 08:30"),
        (Action.WITHDRAWN, "تأجيل"),
        (Action.SENT_BACK, "راجع الأرقام"),
        (Action.PUBLISHED, ""),
    ]


def test_scheduling_in_the_past_is_refused_with_a_message(editor_client, journalist, clock):
    article = own_article(journalist, status=Status.REVIEW)
    response = editor_client.post(
        transition_url(article, "schedule"), {"at": "2026-03-01T08:30"}, follow=True
    )
    assert "موعدًا في المستقبل" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


def test_transition_urls_only_accept_post(editor_client, journalist):
    article = own_article(journalist)
    assert editor_client.get(transition_url(article, "publish")).status_code == 404
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


@pytest.mark.parametrize("path", ["workflow/publish/", "preview-link/"])
@pytest.mark.parametrize("object_id", ["abc", "999999"])
def test_workflow_urls_of_an_article_that_does_not_exist_are_404(editor_client, path, object_id):
    url = f"{reverse('admin:articles_article_changelist')}{object_id}/{path}"
    assert editor_client.post(url).status_code == 404


def test_the_audit_log_is_shown_on_the_article_page(editor_client, journalist, editor):
    article = own_article(journalist)
    workflow.submit_for_review(article, by=journalist)
    workflow.send_back_to_draft(article, by=editor, note="العنوان طويل جدًا")
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "سجل المقال" in page
    assert "أرسله للمراجعة" in page and "أرجعه إلى المسودة" in page and "العنوان طويل جدًا" in page


def test_the_audit_log_still_shows_when_the_actor_account_was_deleted(editor_client, other_journalist):
    article = own_article(other_journalist)
    workflow.submit_for_review(article, by=other_journalist)
    other_journalist.delete()  # the event keeps its line, without an actor
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    log = response.content.decode().split('id="events-title"')[1]
    assert "أرسله للمراجعة" in log and "<bdi>—</bdi>" in log


def test_an_editors_save_in_the_admin_counts_as_acting(client, journalist, editor):
    article = own_article(journalist)
    workflow.submit_for_review(article, by=journalist)
    change = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(journalist)
    assert transition_url(article, "unsubmit") in client.get(change).content.decode()

    client.force_login(editor)
    assert client.post(change, admin_form_data(client.get(change), lead_ar="مقدمة المحرر")).status_code == 302

    client.force_login(journalist)
    assert transition_url(article, "unsubmit") not in client.get(change).content.decode()
    response = client.post(transition_url(article, "unsubmit"), follow=True)
    assert "بدأ محرر العمل" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW
