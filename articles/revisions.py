"""Revisions: every save keeps the article's content in every language; restoring adds a revision.

Called by the workflow's write paths (`articles.workflow`), never from a signal. A revision's
snapshot is plain JSON: the translated fields per language, the plain content fields, and the
region, tags and authors by id with their names, so history stays readable after a tag is deleted.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from .models import Article, ArticleAuthor, EventTag, Region, Revision

PLAIN_FIELDS = ("byline", "lead_image_id")
# Kept by revisions taken before the lead image came from the library: nothing to restore them to.
LEGACY_FIELDS = {"lead_image", "image_credit"}


def translated_fields():
    return tuple(translator.get_options_for_model(Article).fields)


def _named(obj):
    return {"id": obj.pk, "name": obj.name_ar or obj.name}


def snapshot(article, *, tags=None, authors=None):
    """The article's content as JSON-ready data (the slug is left out: URLs never move back);
    `tags` and `authors` (byline order) when the caller holds them, saving their queries."""
    fields = {
        f"{name}_{lang}": getattr(article, f"{name}_{lang}") or ""
        for name in translated_fields()
        for lang in settings.MODELTRANSLATION_LANGUAGES
    }
    fields.update({name: str(getattr(article, name) or "") for name in PLAIN_FIELDS})
    if authors is None:
        bylines = article.bylines.select_related("author").order_by("position", "id")
        authors = [byline.author for byline in bylines]
    tags = article.tags.order_by("pk") if tags is None else sorted(tags, key=lambda tag: tag.pk)
    return {
        "fields": fields,
        "region": _named(article.region) if article.region_id else None,
        "tags": [_named(tag) for tag in tags],
        "authors": [_named(author) for author in authors],
    }


def _was_public(previous, article):
    """Readers could see the article when `previous` was taken, and still can."""
    return (
        article.is_published()
        and previous.status == Article.Status.PUBLISHED
        and article.published_at <= previous.created_at
    )


def record_revision(article, *, by, note="", restored_from=None, force=False):
    """Store the saved article's content as its next revision and return it.

    A save that changed no content (a status change, say) adds no revision unless `force`; a
    change to a page readers could already see moves `Article.modified_at`.
    """
    content = snapshot(article)
    with transaction.atomic():
        # Serialise concurrent saves of one article so revision numbers never clash.
        list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk", flat=True))
        previous = article.revisions.first()
        if previous and previous.snapshot == content and not force:
            return previous
        revision = Revision.objects.create(
            article=article,
            number=previous.number + 1 if previous else 1,
            snapshot=content,
            status=article.status,
            note=note,
            restored_from=restored_from,
            created_by=by,
        )
        if previous and previous.snapshot != content and _was_public(previous, article):
            Article.objects.filter(pk=article.pk).update(modified_at=revision.created_at)
            article.modified_at = revision.created_at
    return revision


def record_first_revisions(contents, *, by, note=""):
    """Revision 1 of each article created just now in this transaction (nobody else can be saving
    them yet, so no lock and no look-up), from `(article, snapshot(article))` pairs; one insert."""
    return Revision.objects.bulk_create(
        Revision(article=article, number=1, snapshot=content, status=article.status, note=note, created_by=by)
        for article, content in contents
    )


def ensure_baseline(article):
    """Keep the stored state of an article that has no revision yet (made outside the write path:
    by a data migration, or before revisions existed) before its first tracked edit replaces it."""
    if not article.revisions.exists():
        stored = Article.objects.get(pk=article.pk)
        record_revision(stored, by=None, note=_("الحالة قبل أول تعديل مسجّل"))


def apply_snapshot(article, data):
    """Set the fields and region of a snapshot on `article` (unsaved); returns the names of what no
    longer exists and so could not be put back."""
    missing = _restore_fields(article, data["fields"])
    region = data.get("region")
    article.region = Region.objects.filter(pk=region["id"]).first() if region else None
    if region and article.region is None:
        missing.append(region["name"])
    return missing


def apply_related(article, data):
    """Set the tags and bylines of a snapshot on the saved `article`; returns what is gone."""
    return _restore_tags(article, data.get("tags", [])) + _restore_authors(article, data.get("authors", []))


def _restore_fields(article, fields):
    missing = []
    for name, value in fields.items():
        if name in LEGACY_FIELDS or not hasattr(article, name):
            continue  # a field removed since the revision was taken
        if name == "lead_image_id":
            value = int(value) if value else None
            Image = Article._meta.get_field("lead_image").related_model
            if value and not Image.objects.filter(pk=value).exists():
                missing.append(_("الصورة الرئيسية رقم %(id)s") % {"id": value})
                continue
        setattr(article, name, value)
    return missing


def _restore_tags(article, tags):
    found = EventTag.objects.filter(pk__in=[tag["id"] for tag in tags])
    article.tags.set(found)
    kept = {tag.pk for tag in found}
    return [tag["name"] for tag in tags if tag["id"] not in kept]


def _restore_authors(article, authors):
    Author = ArticleAuthor._meta.get_field("author").related_model
    existing = set(Author.objects.filter(pk__in=[a["id"] for a in authors]).values_list("pk", flat=True))
    article.bylines.all().delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author_id=author["id"], position=position)
        for position, author in enumerate(a for a in authors if a["id"] in existing)
    )
    return [author["name"] for author in authors if author["id"] not in existing]
