"""Bringing in articles that already had a life elsewhere (a WordPress import): created directly
in the status they had there, in one atomic write with the same bookkeeping as creating each and
moving it through the transitions — one revision, the audit trail (created, imported, then
published, scheduled or submitted), the search document, the library's "used in" and the page
cache purge — in a fraction of the queries: nothing is read back that the caller holds, and a
batch of articles costs one insert per table, not one per article."""

from django.db import transaction
from django.utils import timezone

from .. import pagetags, revisions
from ..models import Article, ArticleAuthor, ArticleEvent
from ..search import document
from .content import _refuse_workflow_fields, used_image_ids
from .rules import Action, Status

# The transition that takes a new draft where an imported article lands, for its audit trail.
_MOVES = {Status.REVIEW: Action.SUBMITTED, Status.PUBLISHED: Action.PUBLISHED}


def import_article(*, by, status, published_at=None, note="", authors=(), tags=(), **fields):
    """A new article with `fields`, its `authors` (saved Authors, byline order) and `tags`, in
    `status` (published at `published_at`, past or future: a future one is scheduled), written by
    `by` (None: the system); `note` says where it came from. Returns it.

    No savepoint of its own: called inside the caller's transaction, a failure rolls back the
    caller's whole item (an importer's one transaction per item)."""
    entry = dict(status=status, published_at=published_at, note=note, authors=authors, tags=tags, **fields)
    return import_articles([entry], by=by)[0]


@transaction.atomic(savepoint=False)
def import_articles(entries, *, by):
    """`import_article` for many articles at once: `entries` are its keyword arguments (without
    `by`), one dict per article. Returns the saved articles in the same order. Slugs given in
    the entries must be free and distinct (`newsroom.slugs.unique_slugs`); missing ones are made.

    One transaction for all: a failure writes none of them (an importer then retries its items
    one by one to find the bad one)."""
    incoming = [_Incoming(entry) for entry in entries]
    articles = [item.article for item in incoming]
    for article in articles:
        article.derive_own_fields()
    Article.objects.bulk_create(articles)
    Tagging = Article.tags.through
    Tagging.objects.bulk_create(
        Tagging(article_id=item.article.pk, eventtag_id=tag.pk) for item in incoming for tag in item.tags
    )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=item.article, author=author, position=position)
        for item in incoming
        for position, author in enumerate(item.authors)
    )
    _record_image_usage(articles)
    document.create_documents([(item.article, item.tags) for item in incoming])
    snapshots = [revisions.snapshot(item.article, tags=item.tags, authors=item.authors) for item in incoming]
    revisions.record_first_revisions(zip(articles, snapshots, strict=True), by=by)
    ArticleEvent.objects.bulk_create(event for item in incoming for event in _trail(item, by=by))
    for item in incoming:
        if item.article.status == Status.PUBLISHED:
            pagetags.purge(*_listed(item), schedule_changed=True)
    return articles


class _Incoming:
    """One entry of `import_articles`: the unsaved article, its byline, tags and origin note."""

    def __init__(self, entry):
        fields = dict(entry)
        status = fields.pop("status")
        published_at = fields.pop("published_at", None)
        self.note = fields.pop("note", "")
        self.authors = list(fields.pop("authors", ()))
        self.tags = list(fields.pop("tags", ()))
        _refuse_workflow_fields(fields)
        if status != Status.PUBLISHED:
            published_at = None
        elif published_at is None:
            published_at = timezone.now()
        self.article = Article(**fields, status=status, published_at=published_at)


def _record_image_usage(articles):
    """The library's "used in" of new articles (`content.record_image_usage` for a batch): one
    query for the images that exist, one insert. The lead images are attached to the articles on
    the way, for their captions in the search documents."""
    wanted = {article.pk: used_image_ids(article) for article in articles}
    all_ids = set().union(*wanted.values())
    Image = Article._meta.get_field("images").related_model
    images = Image.objects.in_bulk(all_ids) if all_ids else {}
    for article in articles:
        if article.lead_image_id in images:
            article.lead_image = images[article.lead_image_id]
    Usage = Article.images.through
    Usage.objects.bulk_create(
        Usage(article_id=article.pk, image_id=pk)
        for article in articles
        for pk in sorted(wanted[article.pk])
        if pk in images
    )


def _trail(item, *, by):
    article, now, draft = item.article, timezone.now(), Status.DRAFT
    events = [
        ArticleEvent(action=Action.CREATED, from_status=draft, to_status=draft),
        ArticleEvent(action=Action.IMPORTED, from_status=draft, to_status=draft, note=item.note),
    ]
    if action := _MOVES.get(article.status):
        move_note = ""
        if article.status == Status.PUBLISHED and article.published_at > now:
            action = Action.SCHEDULED
            move_note = timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M")
        events.append(
            ArticleEvent(action=action, from_status=draft, to_status=article.status, note=move_note)
        )
    for event in events:
        event.article, event.actor, event.at = article, by, now
    return events


def _listed(item):
    """`pagetags.listed_tags` of the new article, from what is in hand (no query)."""
    article = item.article
    listed = {
        f"article:{article.pk}",
        *pagetags.ENTRY_TAGS,
        *pagetags.sitemap_range_tags(article.pk, article.pk),
    }
    if article.region_id:
        listed.update(f"region:{r.pk}" for r in [*article.region.ancestors(), article.region])
    listed.update(f"tag:{tag.pk}" for tag in item.tags)
    listed.update(f"author:{author.pk}" for author in item.authors)
    return listed
