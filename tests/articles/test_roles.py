from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent
from authors.models import Author
from tests.admin_forms import admin_form_data
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def own_article(user, **overrides):
    return make_article(authors=[user.author], **{"status": Status.DRAFT, "published_at": None, **overrides})


def snapshot(article):
    return Article.objects.filter(pk=article.pk).values().get()


# --- Groups ------------------------------------------------------------------------------------


def test_the_migration_creates_both_roles():
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    journalist = set(Group.objects.get(name="Journalist").permissions.values_list("codename", flat=True))
    assert "publish_article" in editor and "publish_article" not in journalist
    assert {"add_article", "change_article", "view_article"} <= journalist
    assert "delete_article" not in editor | journalist
    assert {"moderate_comment", "add_correction"} <= editor
    assert "view_comment" in journalist and not {"moderate_comment", "add_correction"} & journalist


def test_setup_roles_repairs_damaged_groups_and_is_idempotent(capsys):
    Group.objects.get(name="Journalist").delete()
    editor = Group.objects.get(name="Editor")
    editor.permissions.remove(Permission.objects.get(codename="publish_article"))
    editor.permissions.add(Permission.objects.get(codename="delete_article"))

    call_command("setup_roles")
    assert "2 changed" in capsys.readouterr().out
    assert Group.objects.get(name="Editor").permissions.filter(codename="publish_article").exists()
    assert not Group.objects.get(name="Editor").permissions.filter(codename="delete_article").exists()
    assert Group.objects.get(name="Journalist").permissions.count() > 0

    call_command("setup_roles")
    assert "0 changed" in capsys.readouterr().out


@pytest.mark.parametrize(("debug", "created"), [(True, True), (False, False)])
def test_demo_staff_exist_only_in_development(settings, debug, created):
    settings.DEBUG = debug
    call_command("load_demo")
    users = get_user_model().objects.filter(username__in=["journalist", "editor"])
    assert users.exists() is created
    if created:
        client_user = users.get(username="editor")
        assert client_user.check_password("newsroom-editor") and client_user.is_staff
        assert client_user.groups.filter(name="Editor").exists()
        assert users.get(username="journalist").author.name_ar
        assert Article.objects.in_review().filter(bylines__author__user__username="journalist").count() == 1
        call_command("load_demo")  # idempotent
        assert Article.objects.filter(bylines__author__user__username="journalist").count() == 1


# --- What each role sees and may change in the admin -------------------------------------------


def test_journalist_creating_an_article_becomes_its_author_and_cannot_publish_it(
    journalist_client, journalist
):
    Author.objects.filter(user=journalist).delete()  # no byline yet: one is made for them
    add = journalist_client.get(reverse("admin:articles_article_add"))
    data = admin_form_data(
        add,
        headline_ar="خبر من تارودانت",
        slug="خبر-من-تارودانت",
        status="published",
        published_at_0="2026-01-01",
        published_at_1="10:00",
        comments_enabled="",
        is_featured="on",
    )
    response = journalist_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(headline_ar="خبر من تارودانت")
    assert (article.status, article.published_at, article.is_featured) == (Status.DRAFT, None, False)
    assert article.comments_enabled is True
    assert [author.user for author in article.authors.all()] == [journalist]
    assert article.events.get().action == ArticleEvent.Action.CREATED


def test_journalist_edits_own_draft_but_a_forged_status_is_ignored(journalist_client, journalist):
    article = own_article(journalist)
    data = admin_form_data(
        journalist_client.get(change_url(article)), headline_ar="عنوان جديد", status="published"
    )
    assert journalist_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.headline_ar == "عنوان جديد"
    assert article.status == Status.DRAFT and article.published_at is None


def test_journalist_sees_other_articles_read_only(journalist_client, other_journalist):
    article = own_article(other_journalist)
    page = journalist_client.get(change_url(article))
    assert page.status_code == 200
    assert 'name="headline_ar"' not in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert 'name="bylines-0-author"' not in page.content.decode()


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.WITHDRAWN])
def test_journalist_cannot_post_changes_to_own_article_once_out_of_their_hands(
    journalist_client, journalist, status
):
    published_at = timezone.now() - timedelta(hours=1)
    article = own_article(journalist, status=status, published_at=published_at)
    before = snapshot(article)
    data = {"headline_ar": "تعديل مزوّر", "slug": article.slug, "status": "draft", "bylines-TOTAL_FORMS": "0"}
    response = journalist_client.post(change_url(article), data)
    assert response.status_code == 403
    assert snapshot(article) == before
    assert "تعديل مزوّر" in response.content.decode()  # handed back, not thrown away


def test_journalist_cannot_edit_another_journalists_draft_by_posting(journalist_client, other_journalist):
    article = own_article(other_journalist)
    before = snapshot(article)
    data = {
        "headline_ar": "تخريب",
        "slug": article.slug,
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
    }
    assert journalist_client.post(change_url(article), data).status_code == 403
    assert snapshot(article) == before


def test_journalist_bulk_publish_is_refused_and_nothing_changes(journalist_client, journalist):
    article = own_article(journalist, status=Status.REVIEW)
    before = snapshot(article)
    changelist = journalist_client.get(CHANGELIST).content.decode()
    assert "publish_selected" not in changelist and "submit_selected" in changelist

    response = journalist_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    # The action is not among the journalist's, so the admin treats it as none chosen.
    assert response.status_code == 302 and response["Location"] == CHANGELIST
    messages = [str(message) for message in journalist_client.get(CHANGELIST).context["messages"]]
    assert messages == ["لا إجراء محدّد."]
    assert snapshot(article) == before
    assert not article.events.exists()


def test_editor_bulk_publishes_and_closes_comments(editor_client, journalist):
    first, second = own_article(journalist, status=Status.REVIEW), own_article(journalist)
    editor_client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [first.pk, second.pk]})
    assert Article.objects.published().filter(pk__in=[first.pk, second.pk]).count() == 2
    editor_client.post(CHANGELIST, {"action": "close_comments_selected", "_selected_action": [first.pk]})
    assert not Article.objects.get(pk=first.pk).comments_enabled


def test_editor_edits_anyones_article_and_features_it_but_not_its_status(editor_client, journalist):
    article = make_article(authors=[journalist.author])
    page = editor_client.get(change_url(article))
    data = admin_form_data(page, headline_ar="عنوان المحرر", is_featured="on", status="draft")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.headline_ar, article.is_featured, article.status) == (
        "عنوان المحرر",
        True,
        Status.PUBLISHED,
    )
    event = article.events.get()
    assert event.action == ArticleEvent.Action.EDITED and event.actor.username == "editor"
    assert "العنوان [ar]" in event.note and "مقال بارز" in event.note


def test_saving_an_unchanged_article_writes_no_event(editor_client, journalist):
    article = make_article(authors=[journalist.author])
    data = admin_form_data(editor_client.get(change_url(article)))
    assert editor_client.post(change_url(article), data).status_code == 302
    assert not article.events.exists()


def test_changing_only_the_bylines_is_logged_as_an_edit(editor_client, journalist, other_journalist):
    article = make_article(authors=[journalist.author])
    data = admin_form_data(
        editor_client.get(change_url(article)),
        **{"bylines-1-author": other_journalist.author.pk, "bylines-1-position": "1"},
    )
    assert editor_client.post(change_url(article), data).status_code == 302
    assert [byline.author for byline in article.bylines.all()] == [journalist.author, other_journalist.author]
    event = article.events.get()
    assert event.action == ArticleEvent.Action.EDITED and "كتّاب المقال" in event.note


def test_staff_without_a_role_gets_no_article_admin(client):
    client.force_login(make_user("intern", is_staff=True))
    assert client.get(CHANGELIST).status_code == 403


# --- The list: what awaits review first, with counts --------------------------------------------


def test_changelist_puts_review_first_and_counts_each_state(
    editor_client, journalist, django_assert_max_num_queries
):
    make_article(headline_ar="منشور حديث")
    own_article(journalist, headline_ar="مسودة")
    own_article(journalist, headline_ar="بانتظار المراجعة", status=Status.REVIEW)
    make_article(headline_ar="مجدول", published_at=timezone.now() + timedelta(days=1))

    # one per filter's choices and one capped count per state, none per row
    with django_assert_max_num_queries(18):
        response = editor_client.get(CHANGELIST)
    headlines = [article.headline_ar for article in response.context["cl"].result_list]
    assert headlines == ["بانتظار المراجعة", "مسودة", "مجدول", "منشور حديث"]
    page = response.content.decode()
    for label in ["بانتظار المراجعة: 1", "مسودات: 1", "مجدولة: 1", "منشورة: 1", "مسحوبة: 0"]:
        assert label in page
    scheduled = editor_client.get(CHANGELIST, {"state": "scheduled"}).context["cl"].result_list
    assert [article.headline_ar for article in scheduled] == ["مجدول"]
