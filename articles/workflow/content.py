"""Writing an article's content, and the regions and tags whose names its search text holds."""

from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from images.html import image_ids

from .. import pagetags, revisions
from ..models import Article, ArticleAuthor, Region
from ..search import document
from .rules import Action, can_edit, is_editor, record, require_can_save

# --- Writing content ------------------------------------------------------------------------

# Changed only by the transitions below, so that every change of state is checked and logged.
WORKFLOW_FIELDS = frozenset({"status", "published_at", "version"})


@transaction.atomic
def save_article(article, *, by, save_related=None, changes=None):
    """Create or edit `article`, which already holds the new values, as `by`; return it.

    `save_related` writes what needs the saved row (tags, bylines, the admin's inlines). Raises
    `EditConflict` when someone saved since `article.version` was loaded, and `PermissionDenied`
    when `by` may not write it. `changes` names what changed, for the audit log: an edit that
    changed nothing is not an event.
    """
    creating = article._state.adding
    require_can_save(by, article)
    listed_before = set() if creating else pagetags.listed_tags(article.pk)
    if not creating:
        revisions.ensure_baseline(article)
    article.save()
    if save_related:
        save_related()
    record_image_usage(article)
    if by is not None and not is_editor(by):
        add_to_byline(article, user=by)
    document.index_article(article)
    revisions.record_revision(article, by=by)
    if creating or changes:
        action = Action.CREATED if creating else Action.EDITED
        record(article, by=by, action=action, note="، ".join(changes or []))
    if listed_before or article.status == Article.Status.PUBLISHED:
        pagetags.purge_article(article, before=listed_before)
    return article


def create_article(*, by, authors=(), tags=(), **fields):
    """A new draft with `fields`, `authors` in byline order and `tags`, written by `by`."""
    _refuse_workflow_fields(fields)
    article = Article(**fields)
    return save_article(article, by=by, save_related=partial(_set_related, article, authors, tags))


def edit_article(article, *, by, authors=None, tags=None, **fields):
    """Change `fields` of `article` (and its authors or tags, when given) as `by`."""
    _refuse_workflow_fields(fields)
    changes = _changed_labels(article, fields, authors=authors, tags=tags)
    for name, value in fields.items():
        setattr(article, name, value)
    related = partial(_set_related, article, authors, tags)
    return save_article(article, by=by, save_related=related, changes=changes)


def _changed_labels(article, fields, *, authors, tags):
    """The names, as the admin shows them, of what `edit_article` is about to change."""
    changed = [name for name, value in fields.items() if getattr(article, name) != value]
    if tags is not None and set(tags) != set(article.tags.all()):
        changed.append("tags")
    if authors is not None and list(authors) != [byline.author for byline in article.bylines.all()]:
        changed.append("authors")
    return [str(Article._meta.get_field(name).verbose_name) for name in changed]


def _refuse_workflow_fields(fields):
    if forbidden := WORKFLOW_FIELDS.intersection(fields):
        raise ValueError(f"{', '.join(sorted(forbidden))}: changed by publish(), withdraw() and the like")


def _set_related(article, authors, tags):
    if tags is not None:
        article.tags.set(tags)
    if authors is not None:
        article.bylines.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author=author, position=position)
            for position, author in enumerate(authors)
        )


def used_image_ids(article):
    """The library image ids `article` shows: its lead image and those of its bodies."""
    wanted = {article.lead_image_id} - {None}
    for language in settings.MODELTRANSLATION_LANGUAGES:
        wanted.update(image_ids(getattr(article, f"body_{language}") or ""))
    return wanted


def record_image_usage(article):
    """`article.images`: its lead image and every library image its bodies show (the library's
    "used in", and what makes an original public once the article is)."""
    wanted = used_image_ids(article)
    Image = Article._meta.get_field("images").related_model
    article.images.set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True) if wanted else [])


@transaction.atomic
def delete_articles(articles):
    """Delete the articles of the queryset `articles` (the admin's delete); the pages and lists
    that showed the public ones are purged."""
    for pk in articles.values_list("pk", flat=True):
        pagetags.purge(*pagetags.listed_tags(pk))
    articles.delete()


@transaction.atomic
def restore_revision(revision, *, by):
    """Put `revision`'s content back on its article and record that as a new revision.

    Earlier revisions are untouched; the audit log says who restored which. Only those who may edit
    the article may restore. Returns the new revision and the names of the region, tags or authors
    that no longer exist and so could not be restored.
    """
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    if not can_edit(by, article):
        raise PermissionDenied
    listed_before = pagetags.listed_tags(article.pk)
    missing = revisions.apply_snapshot(article, revision.snapshot)
    article.save()  # moves `version` on: anyone still editing the old text gets an edit conflict
    missing += revisions.apply_related(article, revision.snapshot)
    record_image_usage(article)
    document.index_article(article)
    note = _("استعادة النسخة رقم %(number)s") % {"number": revision.number}
    new = revisions.record_revision(article, by=by, note=note, restored_from=revision, force=True)
    record(article, by=by, action=Action.RESTORED, note=note)
    if listed_before or article.status == Article.Status.PUBLISHED:
        pagetags.purge_article(article, before=listed_before)
    return new, missing


# --- Regions and tags ---------------------------------------------------------------------------

SEARCHED_NAMES = ("name_ar", "name_fr", "name_en")


@transaction.atomic
def save_subject(subject):
    """Save a region or an event tag; when one of its names changed, so does its articles' search text."""
    names = [*SEARCHED_NAMES, *(["alt_names"] if isinstance(subject, Region) else [])]
    old = type(subject).objects.filter(pk=subject.pk).values(*names).first() if subject.pk else None
    subject.save()
    if old is not None and any(old[name] != getattr(subject, name) for name in names):
        document.index(_articles_of(subject))
    if old is not None:
        pagetags.purge_subject(subject)
    return subject


@transaction.atomic
def delete_subjects(subjects):
    """Delete regions or tags (a queryset); the articles that named them lose the names from search."""
    affected = list(Article.objects.filter(tags__in=subjects).values_list("pk", flat=True).distinct())
    for subject in subjects:
        pagetags.purge_subject(subject)
    pagetags.purge(*(f"article:{pk}" for pk in affected))
    subjects.delete()
    document.index(Article.objects.filter(pk__in=affected))


def _articles_of(subject):
    return Article.objects.in_region(subject) if isinstance(subject, Region) else subject.articles.all()


# --- Bylines ---------------------------------------------------------------------------------


@transaction.atomic
def add_to_byline(article, *, user):
    """Put the journalist who files `article` on its byline (last), with an Author for their
    account if they have none yet."""
    if article.bylines.filter(author__user=user).exists():
        return
    # The authors app is reached through the relation: articles never imports it.
    Author = ArticleAuthor._meta.get_field("author").related_model
    author = Author.objects.filter(user=user).first() or Author.objects.create(
        user=user, name_ar=user.get_full_name() or user.get_username()
    )
    position = article.bylines.count()
    ArticleAuthor.objects.get_or_create(article=article, author=author, defaults={"position": position})
