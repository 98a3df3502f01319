"""One write path: whoever writes an article (the admin, a command, an importer), the version
is claimed, the filing journalist is on the byline, and the revision, the audit log and the
search document follow."""

import pytest
from django.core.exceptions import PermissionDenied

from articles import workflow
from articles.models import Article, ArticleEvent, EditConflict, SearchDocument
from tests.factories import make_author, make_tag

pytestmark = pytest.mark.django_db

Action = ArticleEvent.Action


def test_creating_as_the_system_logs_and_indexes_the_draft():
    author, tag = make_author(), make_tag(name_ar="تيميتار")
    article = workflow.create_article(by=None, headline_ar="مهرجان في أكادير", authors=[author], tags=[tag])
    assert article.status == Article.Status.DRAFT
    assert [byline.author for byline in article.bylines.all()] == [author]
    assert list(article.events.values_list("action", "actor")) == [(Action.CREATED, None)]
    assert article.revisions.get().snapshot["tags"] == [{"id": tag.pk, "name": "تيميتار"}]
    assert SearchDocument.objects.filter(article=article).exists()
    assert [a.pk for a in Article.objects.search("تيميتار")] == [article.pk]


def test_a_journalist_filing_a_story_is_put_on_its_byline(journalist):
    article = workflow.create_article(by=journalist, headline_ar="خبر من الصحفي")
    assert [byline.author.user for byline in article.bylines.all()] == [journalist]
    assert article.events.get().actor == journalist


def test_editing_records_what_changed_and_a_new_revision(editor):
    article = workflow.create_article(by=None, headline_ar="عنوان أول")
    workflow.edit_article(article, by=editor, headline_ar="عنوان ثان", lead_ar="مقدمة")
    event = article.events.latest("id")
    assert (event.action, event.actor) == (Action.EDITED, editor)
    assert "العنوان [ar]" in event.note and "المقدمة [ar]" in event.note
    assert article.revisions.count() == 2
    assert [a.pk for a in Article.objects.search("ثان")] == [article.pk]


def test_an_edit_that_changes_nothing_is_no_event(editor):
    article = workflow.create_article(by=None, headline_ar="عنوان")
    workflow.edit_article(article, by=editor, headline_ar="عنوان")
    assert article.events.count() == 1 and article.revisions.count() == 1


def test_status_and_dates_only_change_through_transitions():
    with pytest.raises(ValueError):
        workflow.create_article(by=None, headline_ar="عنوان", status=Article.Status.PUBLISHED)
    article = workflow.create_article(by=None, headline_ar="عنوان")
    with pytest.raises(ValueError):
        workflow.edit_article(article, by=None, published_at=None)


def test_a_stale_copy_cannot_overwrite_a_newer_save(editor):
    article = workflow.create_article(by=None, headline_ar="عنوان")
    stale = Article.objects.get(pk=article.pk)
    workflow.edit_article(article, by=editor, headline_ar="عنوان المحرر")
    with pytest.raises(EditConflict):
        workflow.edit_article(stale, by=editor, headline_ar="عنوان قديم")
    assert Article.objects.get(pk=article.pk).headline_ar == "عنوان المحرر"


def test_a_journalist_may_not_write_someone_elses_article(journalist, other_journalist):
    article = workflow.create_article(by=other_journalist, headline_ar="خبر الزميل")
    with pytest.raises(PermissionDenied):
        workflow.edit_article(article, by=journalist, headline_ar="تغيير")
    assert Article.objects.get(pk=article.pk).headline_ar == "خبر الزميل"
