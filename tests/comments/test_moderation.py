import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from articles import workflow as article_workflow
from articles.models import Article
from comments import workflow
from comments.models import Comment, ModerationRule
from tests.factories import make_article, make_author, make_comment, make_user

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


@pytest.fixture
def editor():
    return make_user("editor", groups=["Editor"], is_staff=True, email="editor@example.ma")


@pytest.fixture
def journalist():
    return make_user("journalist", groups=["Journalist"], is_staff=True)


def act(client, action, comments, url=QUEUE):
    return client.post(
        url, {"action": action, "_selected_action": [c.pk for c in comments], "index": "0"}, follow=True
    )


def public_html(client, article):
    client.logout()
    return client.get(article.get_absolute_url()).content.decode()


def test_editor_approves_from_the_queue_and_the_comment_appears_with_who_and_when(client, editor):
    article = make_article()
    comment = make_comment(article, body="تعليق ينتظر")
    client.force_login(editor)
    response = act(client, "approved_selection", [comment])
    assert "عدد التعليقات التي صارت «مقبول»: 1." in response.content.decode()
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == ("approved", editor)
    assert comment.moderated_at is not None
    assert LogEntry.objects.get(object_id=str(comment.pk)).user == editor
    html = public_html(client, article)
    assert "تعليق ينتظر" in html and "(1)" in html


@pytest.mark.parametrize("action", ["rejected_selection", "spam_selection"])
def test_reject_and_spam_keep_the_comment_hidden(client, editor, action):
    article = make_article()
    comment = make_comment(article, body="تعليق مرفوض", status="approved")
    client.force_login(editor)
    act(client, action, [comment])
    comment.refresh_from_db()
    assert comment.status == action.split("_")[0]
    html = public_html(client, article)
    assert "تعليق مرفوض" not in html and "(0)" in html


def test_bulk_spam_everything_from_one_email_across_articles(client, editor):
    first, second = make_article(), make_article()
    bad = [make_comment(first, email="bot@x.ma", body="1"), make_comment(second, email="BOT@x.ma", body="2")]
    good = make_comment(first, email="ok@x.ma", body="3")
    client.force_login(editor)
    act(client, "spam_email", bad[:1])
    assert set(Comment.objects.filter(pk__in=[c.pk for c in bad]).values_list("status", flat=True)) == {
        "spam"
    }
    good.refresh_from_db()
    assert good.status == "pending"


def test_bulk_approve_everything_from_one_ip(client, editor):
    article = make_article()
    same = [make_comment(article, ip_address="192.0.2.4", body=str(n), email=f"{n}@x.ma") for n in range(3)]
    other = make_comment(article, ip_address="192.0.2.5", body="x")
    client.force_login(editor)
    act(client, "approved_ip_address", same[:1])
    assert Comment.objects.approved().count() == 3
    other.refresh_from_db()
    assert other.status == "pending"


def test_queue_lists_pending_first_and_index_shows_the_pending_count(client, editor):
    article = make_article(headline_ar="مقال المراجعة")
    make_comment(article, body="ينتظر المراجعة", status="pending")
    make_comment(article, body="ينتظر أيضًا", status="pending")
    make_comment(article, body="أحدث لكنه مقبول", status="approved")
    client.force_login(editor)
    html = client.get(QUEUE).content.decode()
    assert html.index("ينتظر") < html.index("أحدث لكنه مقبول")
    assert "مقال المراجعة" in html and "reader@example.com" in html
    index = client.get(reverse("admin:index")).content.decode()
    assert "تعليقات في انتظار المراجعة: 2" in index


def test_editing_a_comment_keeps_the_original_and_records_the_editor(client, editor):
    article = make_article()
    comment = make_comment(article, body="نص فيه شتيمة", status="approved")
    client.force_login(editor)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    response = client.post(url, {"body": "نص مهذب", "status": "approved", "_save": "1"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.original_body, comment.edited_by) == ("نص مهذب", "نص فيه شتيمة", editor)
    client.post(url, {"body": "نص مهذب ثانٍ", "status": "approved", "_save": "1"})
    comment.refresh_from_db()
    assert comment.original_body == "نص فيه شتيمة"
    html = public_html(client, article)
    assert "نص مهذب ثانٍ" in html and "شتيمة" not in html and "عدّلته هيئة التحرير" in html


def test_changing_status_in_the_form_records_the_decision(client, editor):
    comment = make_comment(make_article())
    client.force_login(editor)
    client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]), {"body": comment.body, "status": "spam"}
    )
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == ("spam", editor)


def test_journalist_cannot_moderate_but_reads_comments_on_own_articles(client, journalist):
    own = make_article(authors=[make_author(user=journalist)])
    mine = make_comment(own, body="على مقالي", ip_address="192.0.2.77", email="secret@reader.ma")
    theirs = make_comment(make_article(), body="على مقال غيري")
    client.force_login(journalist)
    html = client.get(QUEUE).content.decode()
    assert "على مقالي" in html and "على مقال غيري" not in html
    assert "secret@reader.ma" not in html and "192.0.2.77" not in html
    page = client.get(reverse("admin:comments_comment_change", args=[mine.pk])).content.decode()
    assert "على مقالي" in page and 'name="body"' not in page and "secret@reader.ma" not in page
    theirs_page = client.get(reverse("admin:comments_comment_change", args=[theirs.pk]))
    assert theirs_page.status_code == 302  # another journalist's article: "does not exist"
    act(client, "approved_selection", [mine, theirs])
    change = client.post(
        reverse("admin:comments_comment_change", args=[mine.pk]), {"body": "x", "status": "approved"}
    )
    assert change.status_code == 403
    mine.refresh_from_db()
    assert (mine.status, mine.body) == ("pending", "على مقالي")
    assert Comment.objects.approved().count() == 0


def test_workflow_refuses_a_journalist_and_changes_nothing(journalist):
    comment = make_comment(make_article())
    for decide in (workflow.approve_comment, workflow.reject_comment, workflow.mark_spam):
        with pytest.raises(PermissionDenied):
            decide(comment, by=journalist)
    with pytest.raises(PermissionDenied):
        workflow.edit_comment(comment, body="x", by=journalist)
    comment.refresh_from_db()
    assert (comment.status, comment.body, comment.moderated_by) == ("pending", "تعليق مفيد.", None)


def test_editor_closes_and_reopens_comments_in_bulk_from_the_article_list(client, editor):
    articles = [make_article(), make_article()]
    make_comment(articles[0], body="قبل الإغلاق", status="approved")
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    act(client, "close_comments_selected", articles, url=url)
    assert not Article.objects.filter(comments_enabled=True).exists()
    html = public_html(client, articles[0])
    assert "التعليقات مغلقة." in html and "قبل الإغلاق" in html and "<form" not in html
    client.force_login(editor)
    act(client, "open_comments_selected", articles[:1], url=url)
    assert list(Article.objects.filter(comments_enabled=True)) == articles[:1]


def test_journalist_cannot_close_comments_in_bulk(client, journalist):
    article = make_article(authors=[make_author(user=journalist)])
    client.force_login(journalist)
    act(client, "close_comments_selected", [article], url=reverse("admin:articles_article_changelist"))
    article.refresh_from_db()
    assert article.comments_enabled
    with pytest.raises(PermissionDenied):
        article_workflow.close_comments(Article.objects.all(), by=journalist)


def test_editors_get_one_email_when_comments_await_review(
    client, editor, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_NOTIFY_EDITORS = True
    article = make_article()
    for n in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("comments:post", args=[article.pk]),
                {"name": "قارئ", "email": f"r{n}@example.ma", "body": f"تعليق {n}"},
            )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@example.ma"]
    assert "في انتظار المراجعة" in mail.outbox[0].subject
    assert "r0@example.ma" not in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)  # the worker reads what the request committed
def test_the_editors_email_is_sent_by_the_worker_not_by_the_readers_request(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.COMMENTS_NOTIFY_EDITORS = True
    make_user("editor", groups=["Editor"], is_staff=True, email="editor@example.ma")
    response = client.post(
        reverse("comments:post", args=[make_article().pk]),
        {"name": "قارئ", "email": "r@example.ma", "body": "تعليق ينتظر المراجعة"},
    )
    assert response.status_code == 302 and Comment.objects.pending().count() == 1
    assert mail.outbox == []  # queued, not sent while the reader waited

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    assert [message.to for message in mail.outbox] == [["editor@example.ma"]]


def test_no_email_to_editors_by_default(client, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("comments:post", args=[make_article().pk]),
            {"name": "قارئ", "email": "r@example.ma", "body": "تعليق"},
        )
    assert Comment.objects.count() == 1 and mail.outbox == []


def test_editor_adds_spam_rules_in_the_admin_and_a_journalist_cannot(client, editor, journalist):
    add = reverse("admin:comments_moderationrule_add")
    client.force_login(journalist)
    assert client.get(add).status_code == 403
    client.force_login(editor)
    response = client.post(add, {"kind": "ip", "value": "198.51.100.7/24", "action": "block", "note": ""})
    assert response.status_code == 302
    assert ModerationRule.objects.get().value == "198.51.100.0/24"
    refused = client.post(add, {"kind": "ip", "value": "ليس عنوانًا", "action": "block", "note": ""})
    assert "اكتب عنوان IP" in refused.content.decode()
    assert ModerationRule.objects.count() == 1


def test_journalist_cannot_find_a_commenter_by_email_or_ip(client, journalist, editor):
    own = make_article(authors=[make_author(user=journalist)])
    make_comment(own, body="على مقالي", ip_address="192.0.2.77", email="secret@reader.ma")

    client.force_login(journalist)
    for term in ("secret@reader.ma", "192.0.2.77"):
        html = client.get(QUEUE, {"q": term}).content.decode()
        assert "على مقالي" not in html, term
    assert "على مقالي" in client.get(QUEUE, {"q": "مقالي"}).content.decode()

    client.force_login(editor)
    for term in ("secret@reader.ma", "192.0.2.77"):
        assert "على مقالي" in client.get(QUEUE, {"q": term}).content.decode(), term


# (lookup, a value that matches the commenter, one that does not): with the answers told apart,
# each probe reveals a little more of the e-mail, address or browser.
PRIVATE_PROBES = [
    ("email__startswith", "secret", "zzz"),
    ("email", "secret@reader.ma", "other@reader.ma"),
    ("email__iregex", "^s", "^z"),
    ("ip_address__startswith", "192.0.2", "10."),
    ("ip_address", "192.0.2.77", "10.0.0.1"),
    ("user_agent__contains", "Firefox", "Lynx"),
    ("flag_reason__contains", "192.0.2", "10.0"),
    ("article__comments__email__startswith", "secret", "zzz"),
    ("article__comments__ip_address__startswith", "192", "10"),
]


@pytest.fixture
def private_comment(journalist):
    """A comment on the journalist's own article, held by an editors' IP rule."""
    ModerationRule.objects.create(kind="ip", value="192.0.2.0/24", action=ModerationRule.Action.HOLD)
    article = make_article(authors=[make_author(user=journalist)])
    return workflow.post_comment(
        article,
        name="قارئ",
        email="secret@reader.ma",
        body="على مقالي",
        ip_address="192.0.2.77",
        user_agent="Mozilla/5.0 Firefox/140.0",
    )


@pytest.mark.parametrize(("lookup", "hit", "miss"), PRIVATE_PROBES)
def test_journalist_cannot_filter_comments_by_private_details(
    client, journalist, private_comment, lookup, hit, miss
):
    client.force_login(journalist)
    answers = [client.get(QUEUE, {lookup: value}) for value in (hit, miss)]
    shown = ["على مقالي" in answer.content.decode() for answer in answers]
    assert answers[0].status_code == answers[1].status_code
    assert shown[0] == shown[1], "the answer tells a match from a miss"
    if lookup.split("__")[0] != "flag_reason":  # what remains in the reason is public (below)
        assert answers[0].status_code == 400
        assert "لا يمكن تنفيذ هذا الطلب" in answers[0].content.decode()


@pytest.mark.parametrize(("lookup", "hit", "miss"), PRIVATE_PROBES[:6])
def test_editors_may_filter_by_private_details(client, editor, private_comment, lookup, hit, miss):
    client.force_login(editor)
    assert "على مقالي" in client.get(QUEUE, {lookup: hit}).content.decode()
    assert "على مقالي" not in client.get(QUEUE, {lookup: miss}).content.decode()


def test_journalists_see_a_generic_flag_reason_and_editors_the_matched_rule(
    client, journalist, editor, private_comment
):
    change = reverse("admin:comments_comment_change", args=[private_comment.pk])
    client.force_login(journalist)
    for page in (client.get(QUEUE).content.decode(), client.get(change).content.decode()):
        assert "على مقالي" in page
        assert "192.0.2" not in page and "secret@reader.ma" not in page and "Firefox" not in page
    assert "قاعدة حجز" in client.get(change).content.decode()
    client.force_login(editor)
    for page in (client.get(QUEUE).content.decode(), client.get(change).content.decode()):
        assert "192.0.2.0/24" in page and "secret@reader.ma" in page


def test_the_old_admin_addresses_of_comments_lead_to_their_new_place(client):
    assert client.get("/admin/articles/comment/?status__exact=pending").headers["Location"] == (
        "/admin/comments/comment/?status__exact=pending"
    )
    response = client.get("/admin/articles/moderationrule/3/change/")
    assert (
        response.status_code == 301
        and response.headers["Location"] == "/admin/comments/moderationrule/3/change/"
    )
