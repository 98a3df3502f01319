"""State changes with side effects: every write of an article goes through here.

Writing content (`create_article`, `edit_article`, `save_article`, `restore_revision`) claims the
version, puts the filing journalist on the byline, records the revision and the audit log and
rewrites the search document, whoever calls it: the admin, `load_demo`, importers, tests.
Transitions (`submit_for_review`, `publish`, `withdraw`, …) lock the row, check the actor, change
the status and log it; nothing else changes an article's status. Refusals raise
`PermissionDenied` (wrong person) or `WorkflowError` (wrong state), with a message fit to show.

`by` is the user acting, or None for the system (management commands and imports run by an
operator): no permission check then, and the log names nobody.
"""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import previews, renditions, revisions
from .models import Article, ArticleAuthor, ArticleEvent, PreviewLink, Region
from .search import document

Status = Article.Status
Action = ArticleEvent.Action


class WorkflowError(Exception):
    """The transition does not apply to the article in its current state."""


# --- Who may do what ------------------------------------------------------------------------


def is_editor(user):
    return user is None or (user.is_active and user.has_perm("articles.publish_article"))


def is_author(user, article):
    return article.pk is not None and article.bylines.filter(author__user=user).exists()


def can_edit(user, article):
    """Editors edit everything; a journalist edits their own articles while draft or in review."""
    if user is None:
        return True
    if not user.has_perm("articles.change_article"):
        return False
    if is_editor(user):
        return True
    return article.status in (Status.DRAFT, Status.REVIEW) and is_author(user, article)


def editor_has_acted(article):
    """Someone other than the article's authors has done something since its last submission."""
    submission = article.events.filter(action=Action.SUBMITTED).order_by("-id").first()
    if submission is None:
        return False
    authors = [pk for pk in article.bylines.values_list("author__user", flat=True) if pk]
    later = article.events.filter(pk__gt=submission.pk).exclude(actor=submission.actor)
    return later.exclude(actor__in=authors).exists()


def _require_editor(user):
    if not is_editor(user):
        raise PermissionDenied(_("هذا الإجراء من صلاحيات المحرر وحده."))


def _require_can_save(user, article):
    if article._state.adding:
        allowed = user is None or user.has_perm("articles.add_article")
    else:
        allowed = can_edit(user, Article.objects.get(pk=article.pk))
    if not allowed:
        raise PermissionDenied(_("لا يمكنك تعديل هذا المقال."))


def _require_state(article, allowed, message):
    if article.status not in allowed:
        raise WorkflowError(message)


# --- Bookkeeping ----------------------------------------------------------------------------


def _lock(article):
    """Re-read the row under a lock, so checks and change see the same state."""
    article.refresh_from_db(from_queryset=Article.objects.select_for_update())


def record(article, *, by, action, from_status=None, to_status=None, note=""):
    """Write one line of the article's audit log; statuses left out mean "unchanged"."""
    return ArticleEvent.objects.create(
        article=article,
        actor=by,
        action=action,
        from_status=article.status if from_status is None else from_status,
        to_status=article.status if to_status is None else to_status,
        note=note,
        at=timezone.now(),
    )


def _move(article, *, by, action, to, published_at, note=""):
    from_status = article.status
    article.status = to
    article.published_at = published_at
    article.save(update_fields=["status", "published_at"])
    record(article, by=by, action=action, from_status=from_status, to_status=to, note=note)
    return article


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
    _require_can_save(by, article)
    if not creating:
        revisions.ensure_baseline(article)
    image_changed = _lead_image_changed(article)
    article.save()
    if save_related:
        save_related()
    if by is not None and not is_editor(by):
        add_to_byline(article, user=by)
    document.index_article(article)
    revisions.record_revision(article, by=by)
    if creating or changes:
        action = Action.CREATED if creating else Action.EDITED
        record(article, by=by, action=action, note="، ".join(changes or []))
    if image_changed:
        # Made once the upload is committed, so no reader waits for the resized copies.
        transaction.on_commit(partial(renditions.prepare, article))
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


def _lead_image_changed(article):
    if article._state.adding:
        return bool(article.lead_image)
    stored = Article.objects.filter(pk=article.pk).values_list("lead_image", flat=True).first()
    return bool(article.lead_image) and (stored or "") != article.lead_image.name


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
    missing = revisions.apply_snapshot(article, revision.snapshot)
    article.save()  # moves `version` on: anyone still editing the old text gets an edit conflict
    missing += revisions.apply_related(article, revision.snapshot)
    document.index_article(article)
    note = _("استعادة النسخة رقم %(number)s") % {"number": revision.number}
    new = revisions.record_revision(article, by=by, note=note, restored_from=revision, force=True)
    record(article, by=by, action=Action.RESTORED, note=note)
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
    return subject


@transaction.atomic
def delete_subjects(subjects):
    """Delete regions or tags (a queryset); the articles that named them lose the names from search."""
    affected = list(Article.objects.filter(tags__in=subjects).values_list("pk", flat=True).distinct())
    subjects.delete()
    document.index(Article.objects.filter(pk__in=affected))


def _articles_of(subject):
    return Article.objects.in_region(subject) if isinstance(subject, Region) else subject.articles.all()


# --- Transitions ----------------------------------------------------------------------------


@transaction.atomic
def submit_for_review(article, *, by):
    """A draft goes to the editors. Its authors or an editor may send it."""
    _lock(article)
    if not can_edit(by, article):
        raise PermissionDenied(_("لا يمكنك إرسال مقال لست من كتّابه."))
    _require_state(article, [Status.DRAFT], _("وحدها المسودات تُرسل للمراجعة."))
    return _move(article, by=by, action=Action.SUBMITTED, to=Status.REVIEW, published_at=None)


@transaction.atomic
def withdraw_submission(article, *, by):
    """An author takes a submitted article back to draft, as long as no editor has acted on it."""
    _lock(article)
    if not is_author(by, article):
        raise PermissionDenied(_("وحدهم كتّاب المقال يستطيعون استرجاعه من المراجعة."))
    _require_state(article, [Status.REVIEW], _("المقال ليس قيد المراجعة."))
    if editor_has_acted(article):
        raise WorkflowError(_("بدأ محرر العمل على هذا المقال؛ اطلب منه إرجاعه إليك."))
    return _move(article, by=by, action=Action.SUBMISSION_WITHDRAWN, to=Status.DRAFT, published_at=None)


@transaction.atomic
def publish(article, *, by, at=None):
    """Publish now, or at `at`: a future time schedules it, and `published()` shows it when due."""
    _lock(article)
    _require_editor(by)
    if article.is_published():
        raise WorkflowError(_("المقال منشور بالفعل؛ اسحبه أولًا إن أردت تغيير موعد نشره."))
    now = timezone.now()
    at = at or now
    action = Action.SCHEDULED if at > now else Action.PUBLISHED
    note = timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if action == Action.SCHEDULED else ""
    return _move(article, by=by, action=action, to=Status.PUBLISHED, published_at=at, note=note)


@transaction.atomic
def withdraw(article, *, by, note=""):
    """Take a published or scheduled article down; it keeps its date for the record. Preview links
    made before it went live end for good."""
    _lock(article)
    _require_editor(by)
    _require_state(article, [Status.PUBLISHED], _("وحدها المقالات المنشورة أو المجدولة تُسحب."))
    if article.is_published():
        article.preview_links.end(by=by, reason=PreviewLink.EndReason.WITHDRAWN)
    return _move(
        article,
        by=by,
        action=Action.WITHDRAWN,
        to=Status.WITHDRAWN,
        published_at=article.published_at,
        note=note,
    )


@transaction.atomic
def send_back_to_draft(article, *, by, note):
    """Return an article to its authors with a note saying what to fix."""
    _lock(article)
    _require_editor(by)
    if not note.strip():
        raise WorkflowError(_("اكتب ملاحظة للكاتب تشرح سبب الإرجاع."))
    if article.is_published():
        raise WorkflowError(_("المقال منشور؛ اسحبه أولًا ثم أرجعه إلى المسودة."))
    _require_state(
        article,
        [Status.REVIEW, Status.PUBLISHED, Status.WITHDRAWN],
        _("المقال مسودة بالفعل."),
    )
    return _move(article, by=by, action=Action.SENT_BACK, to=Status.DRAFT, published_at=None, note=note)


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


# --- Comments on and off --------------------------------------------------------------------


def _set_comments(articles, *, by, enabled):
    _require_editor(by)
    single = articles if isinstance(articles, Article) else None
    pks = [single.pk] if single else [article.pk for article in articles]
    action = Action.COMMENTS_OPENED if enabled else Action.COMMENTS_CLOSED
    changed = 0
    for article in Article.objects.select_for_update().filter(pk__in=pks, comments_enabled=not enabled):
        article.comments_enabled = enabled
        article.save(update_fields=["comments_enabled"])
        record(article, by=by, action=action)
        changed += 1
    if single:
        single.refresh_from_db()
    return changed


@transaction.atomic
def open_comments(articles, *, by):
    """Open comments on one article or many; returns how many actually changed."""
    return _set_comments(articles, by=by, enabled=True)


@transaction.atomic
def close_comments(articles, *, by):
    """Close comments on one article or many; returns how many actually changed."""
    return _set_comments(articles, by=by, enabled=False)


# --- Outside reviewers ----------------------------------------------------------------------


@transaction.atomic
def create_preview_link(article, *, by):
    """A link to `article` for a reader without an account, for PREVIEW_LINK_MAX_AGE_HOURS; logged,
    since it shares a draft. Returns (link, token): the token, the secret part of the URL, exists
    only here (the link keeps its digest)."""
    _require_editor(by)
    if article.is_published():
        raise WorkflowError(_("المقال منشور؛ رابطه العمومي يكفي."))
    token, now = previews.new_token(), timezone.now()
    link = article.preview_links.create(
        token_hash=previews.digest(token), created_by=by, created_at=now, expires_at=now + previews.max_age()
    )
    record(article, by=by, action=Action.PREVIEW_LINK, note=str(link))
    return link, token


@transaction.atomic
def revoke_preview_link(link, *, by):
    """Stop one preview link for good (the article's other links keep working); logged."""
    _require_editor(by)
    if not PreviewLink.objects.filter(pk=link.pk).end(by=by, reason=PreviewLink.EndReason.REVOKED):
        raise WorkflowError(_("هذا الرابط متوقف بالفعل."))
    link.refresh_from_db()
    record(link.article, by=by, action=Action.PREVIEW_LINK_REVOKED, note=str(link))
    return link
