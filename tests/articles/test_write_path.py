"""One write path: whoever writes an article (the admin, a command, an importer), the version
is claimed, the filing journalist is on the byline, and the revision, the audit log and the
search document follow."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import pagetags, workflow
from articles.models import Article, ArticleEvent, EditConflict, SearchDocument
from articles.search import document
from newsroom import pagecache
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


# --- Imports: created in their final status in one write -------------------------------------

purged = []


def record_purge(tags):
    """A CDN purge hook for the tests: remembers what it was told."""
    purged.append(sorted(tags))


@pytest.fixture
def purge_hook(settings):
    settings.PAGE_CACHE_PURGE_HOOK = "tests.articles.test_write_path.record_purge"
    purged.clear()
    return purged


def test_an_imported_article_lands_published_with_its_whole_trail(
    purge_hook, django_capture_on_commit_callbacks
):
    author, tag = make_author(name_ar="مراسل"), make_tag(name_ar="تيميتار")
    at = timezone.now() - timedelta(days=400)
    with django_capture_on_commit_callbacks(execute=True):
        article = workflow.import_article(
            by=None,
            status=Article.Status.PUBLISHED,
            published_at=at,
            note="من ووردبريس",
            headline_ar="مهرجان تيميتار بأكادير",
            body_ar="<p>انطلقت الدورة الجديدة</p>",
            authors=[author],
            tags=[tag],
        )
    article.refresh_from_db()
    assert article.is_published() and article.published_at == at
    assert [byline.author for byline in article.bylines.all()] == [author]
    trail = list(article.events.order_by("id").values_list("action", "from_status", "to_status", "actor"))
    assert trail == [
        (Action.CREATED, "draft", "draft", None),
        (Action.IMPORTED, "draft", "draft", None),
        (Action.PUBLISHED, "draft", "published", None),
    ]
    revision = article.revisions.get()
    assert (revision.number, revision.status) == (1, Article.Status.PUBLISHED)
    assert revision.snapshot["tags"] == [{"id": tag.pk, "name": "تيميتار"}]
    assert revision.snapshot["authors"] == [{"id": author.pk, "name": "مراسل"}]
    assert [a.pk for a in Article.objects.published().search("تيميتار")] == [article.pk]
    assert [a.pk for a in Article.objects.published().search("انطلقت")] == [article.pk]
    assert purge_hook == [
        sorted(
            {f"article:{article.pk}", "front", "lists", f"tag:{tag.pk}", f"author:{author.pk}"}
            | set(pagetags.sitemap_range_tags(article.pk, article.pk))  # its page of the article sitemap
        )
    ]


def test_an_imported_articles_search_document_is_the_one_the_write_path_writes():
    tag = make_tag(name_ar="فلاحة")
    article = workflow.import_article(
        by=None, status=Article.Status.DRAFT, headline_ar="موسم الحصاد", lead_ar="في سوس", tags=[tag]
    )
    fields = ("words", "headline", "summary", "body", "places", "vector", "rank_vector")
    imported = SearchDocument.objects.filter(article=article).values(*fields).get()
    document.index_article(Article.objects.get(pk=article.pk))
    assert SearchDocument.objects.filter(article=article).values(*fields).get() == imported


def test_an_imported_future_article_is_scheduled_and_a_pending_one_submitted():
    later = timezone.now() + timedelta(days=2)
    scheduled = workflow.import_article(
        by=None, status=Article.Status.PUBLISHED, published_at=later, headline_ar="غدًا"
    )
    assert not scheduled.is_published() and scheduled.events.filter(action=Action.SCHEDULED).exists()
    pending = workflow.import_article(
        by=None, status=Article.Status.REVIEW, published_at=later, headline_ar="قيد المراجعة"
    )
    assert pending.published_at is None
    assert pending.events.latest("id").action == Action.SUBMITTED
    with pytest.raises(ValueError):
        workflow.import_article(by=None, status=Article.Status.DRAFT, version=3, headline_ar="عنوان")


def test_held_purges_are_made_once_when_the_block_ends(purge_hook, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pagecache.held():
        first = workflow.import_article(by=None, status=Article.Status.PUBLISHED, headline_ar="أول")
        second = workflow.import_article(by=None, status=Article.Status.PUBLISHED, headline_ar="ثان")
        assert purge_hook == []
    blocks = {
        *pagetags.sitemap_range_tags(first.pk, first.pk),
        *pagetags.sitemap_range_tags(second.pk, second.pk),
    }
    assert purge_hook == [sorted({f"article:{first.pk}", f"article:{second.pk}", "front", "lists"} | blocks)]
