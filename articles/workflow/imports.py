"""Bringing in an article that already had a life elsewhere (a WordPress import): created
directly in the status it had there, in one atomic write with the same bookkeeping as creating it
and moving it through the transitions — one revision, the audit trail (created, imported, then
published, scheduled or submitted), the search document, the library's "used in" and the page
cache purge — in a fraction of the queries, since nothing is read back that the caller holds."""

from django.db import transaction
from django.utils import timezone

from .. import pagetags, revisions
from ..models import Article, ArticleAuthor, ArticleEvent
from ..search import document
from .content import _refuse_workflow_fields, record_image_usage
from .rules import Action, Status

# The transition that takes a new draft where an imported article lands, for its audit trail.
_MOVES = {Status.REVIEW: Action.SUBMITTED, Status.PUBLISHED: Action.PUBLISHED}


@transaction.atomic(savepoint=False)
def import_article(*, by, status, published_at=None, note="", authors=(), tags=(), **fields):
    """A new article with `fields`, its `authors` (saved Authors, byline order) and `tags`, in
    `status` (published at `published_at`, past or future: a future one is scheduled), written by
    `by` (None: the system); `note` says where it came from. Returns it.

    No savepoint of its own: called inside the caller's transaction, a failure rolls back the
    caller's whole item (an importer's one transaction per item)."""
    _refuse_workflow_fields(fields)
    if status != Status.PUBLISHED:
        published_at = None
    elif published_at is None:
        published_at = timezone.now()
    article = Article(**fields, status=status, published_at=published_at)
    article.save()
    authors, tags = list(authors), list(tags)
    if tags:
        article.tags.through.objects.bulk_create(
            article.tags.through(article_id=article.pk, eventtag_id=tag.pk) for tag in tags
        )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=author, position=position)
        for position, author in enumerate(authors)
    )
    record_image_usage(article, new=True)
    document.create_document(article, tags)
    revisions.record_first_revision(article, revisions.snapshot(article, tags=tags, authors=authors), by=by)
    _record_trail(article, by=by, note=note)
    if article.status == Status.PUBLISHED:
        pagetags.purge(*_listed(article, tags, authors), schedule_changed=True)
    return article


def _record_trail(article, *, by, note):
    now = timezone.now()
    draft = Status.DRAFT
    events = [
        ArticleEvent(action=Action.CREATED, from_status=draft, to_status=draft),
        ArticleEvent(action=Action.IMPORTED, from_status=draft, to_status=draft, note=note),
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
    ArticleEvent.objects.bulk_create(events)


def _listed(article, tags, authors):
    """`pagetags.listed_tags` of the new article, from what is in hand (no query)."""
    listed = {f"article:{article.pk}", *pagetags.ENTRY_TAGS}
    if article.region_id:
        listed.update(f"region:{r.pk}" for r in [*article.region.ancestors(), article.region])
    listed.update(f"tag:{tag.pk}" for tag in tags)
    listed.update(f"author:{author.pk}" for author in authors)
    return listed
