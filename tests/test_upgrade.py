"""A database made by the previous release upgrades with `migrate` alone and loses nothing.

The previous release kept comments and moderation rules in the articles app and the search
document in fifteen columns of the article table. This builds a database at that state, with a
comment, a rule, a revision, an event, the Editor group's rights and an admin history entry,
migrates it forward, checks every row and right, migrates it back and checks again.
"""

from importlib import import_module

import pytest
from django.contrib.admin.models import CHANGE
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

PREVIOUS = [
    ("articles", "0008_articleevent_more_actions"),
    ("authors", "0001_initial"),
    ("comments", None),
    ("images", None),  # the media library and embeds came later: their migrations give the roles their rights
    ("embeds", None),
]


HELD_BY_RULE = "عنوان IP أو نطاق: 192.0.2.0/24"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    apps_moved = {app for app, _name in targets}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in apps_moved]
    return executor.loader.project_state([*others, *(t for t in targets if t[1])]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def build_previous_release_data(apps):
    """Rows as the previous release would have written them, through its own models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    LogEntry = apps.get_model("admin", "LogEntry")
    Region = apps.get_model("articles", "Region")
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("articles", "Comment")
    ModerationRule = apps.get_model("articles", "ModerationRule")
    Revision = apps.get_model("articles", "Revision")
    ArticleEvent = apps.get_model("articles", "ArticleEvent")

    # The roles as the previous release's migration made them (a transactional test before this
    # one may have flushed them).
    import_module("articles.migrations.0005_create_roles").create_roles(apps, None)
    editor = User.objects.create(username="old-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    region = Region.objects.create(code="9901", level="region", name_ar="جهة الاختبار", slug="جهة-الاختبار")
    article = Article.objects.create(
        headline_ar="السجل الاجتماعي الموحد في تغازوت",
        body_ar="<p>نص المقال.</p>",
        slug="السجل-الاجتماعي",
        status="published",
        published_at=timezone.now(),
        region=region,
    )
    comment = Comment.objects.create(
        article=article, name="قارئ", email="reader@example.ma", body="تعليق قديم", status="approved"
    )
    held = Comment.objects.create(
        article=article,
        name="قارئ آخر",
        email="held@example.ma",
        body="تعليق محجوز",
        flag_reason=f"قاعدة حجز: {HELD_BY_RULE}",  # the matched rule, as that release wrote it
    )
    rule = ModerationRule.objects.create(kind="word", value="إعلان", action="block")
    revision = Revision.objects.create(article=article, number=1, snapshot={"fields": {}}, status="published")
    event = ArticleEvent.objects.create(article=article, actor=editor, action="published", at=timezone.now())
    entry = LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get(app_label="articles", model="comment"),
        object_id=str(comment.pk),
        object_repr="قارئ",
        action_flag=CHANGE,
        change_message="مقبول",
    )
    return {
        "article": article.pk,
        "comment": comment.pk,
        "held": held.pk,
        "rule": rule.pk,
        "revision": revision.pk,
        "event": event.pk,
        "entry": entry.pk,
    }


def test_upgrade_from_the_previous_release_keeps_rows_rights_and_history(capsys):
    try:
        ids = build_previous_release_data(migrate(PREVIOUS))

        migrate(latest())
        check_upgraded(ids)
        call_command("setup_roles")
        assert "Roles ready: 0 changed." in capsys.readouterr().out  # nothing was left to repair

        old_apps = migrate(PREVIOUS)
        check_downgraded(old_apps, ids)
    finally:
        migrate(latest())


def check_upgraded(ids):
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth import get_user_model

    from articles.models import Article, ArticleEvent, Revision
    from comments.models import Comment, ModerationRule

    comment = Comment.objects.get(pk=ids["comment"])
    assert (comment.body, comment.status, comment.article_id) == ("تعليق قديم", "approved", ids["article"])
    held = Comment.objects.get(pk=ids["held"])
    assert (held.flag_reason, held.flag_detail) == ("قاعدة حجز", HELD_BY_RULE)  # the rule: editors only
    assert ModerationRule.objects.get(pk=ids["rule"]).value == "إعلان"
    assert Revision.objects.filter(pk=ids["revision"], article=ids["article"]).exists()
    assert ArticleEvent.objects.filter(pk=ids["event"], action="published").exists()

    entry = LogEntry.objects.get(pk=ids["entry"])
    assert (entry.content_type.app_label, entry.content_type.model) == ("comments", "comment")
    assert entry.get_edited_object() == comment

    editor = get_user_model().objects.get(username="old-editor")
    assert editor.has_perm("comments.moderate_comment")
    assert editor.has_perm("comments.change_moderationrule")
    assert not editor.has_perm("articles.moderate_comment")

    found = Article.objects.published().search("السجل الاجتماعي")
    assert [article.pk for article in found] == [ids["article"]]
    # Found through its search document, which the upgrade gave the article's publication time.
    assert Article.objects.get(pk=ids["article"]).search_document.published_at is not None


def check_downgraded(apps, ids):
    Comment = apps.get_model("articles", "Comment")
    Article = apps.get_model("articles", "Article")
    LogEntry = apps.get_model("admin", "LogEntry")
    Group = apps.get_model("auth", "Group")

    assert Comment.objects.get(pk=ids["comment"]).body == "تعليق قديم"
    assert Comment.objects.get(pk=ids["held"]).flag_reason == f"قاعدة حجز: {HELD_BY_RULE}"
    assert apps.get_model("articles", "ModerationRule").objects.filter(pk=ids["rule"]).exists()
    assert LogEntry.objects.get(pk=ids["entry"]).content_type.app_label == "articles"
    rights = Group.objects.get(name="Editor").permissions.values_list("content_type__app_label", "codename")
    assert ("articles", "moderate_comment") in set(rights)
    article = Article.objects.get(pk=ids["article"])
    assert article.search_headline_ar == "سجل اجتماعي موحد تغازوت"
    assert article.search_places_ar == "جهه اختبار"
