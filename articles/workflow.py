"""State changes with side effects: who may move an article where, done atomically and logged.

Admin buttons and actions, commands and tests call these functions; nothing else changes an
article's status. Each one locks the row (re-reading the instance it is given), checks the
actor, changes it and writes an `ArticleEvent`. Refusals raise `PermissionDenied` (wrong person)
or `WorkflowError` (wrong state), both with a message fit to show the user.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, ArticleEvent

Status = Article.Status
Action = ArticleEvent.Action


class WorkflowError(Exception):
    """The transition does not apply to the article in its current state."""


# --- Who may do what ------------------------------------------------------------------------


def is_editor(user):
    return user.is_active and user.has_perm("articles.publish_article")


def is_author(user, article):
    return article.pk is not None and article.bylines.filter(author__user=user).exists()


def can_edit(user, article):
    """Editors edit everything; a journalist edits their own articles while draft or in review."""
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


def _require_state(article, allowed, message):
    if article.status not in allowed:
        raise WorkflowError(message)


# --- Bookkeeping ----------------------------------------------------------------------------


def _lock(article):
    """Re-read the row under a lock, so checks and change see the same state."""
    article.refresh_from_db(from_queryset=Article.objects.select_for_update())


def record(article, *, by, action, from_status="", to_status="", note=""):
    """Write one line of the article's audit log."""
    return ArticleEvent.objects.create(
        article=article,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
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
    """Take a published or scheduled article down; it keeps its date for the record."""
    _lock(article)
    _require_editor(by)
    _require_state(article, [Status.PUBLISHED], _("وحدها المقالات المنشورة أو المجدولة تُسحب."))
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
        record(article, by=by, action=action, from_status=article.status, to_status=article.status)
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
    """A signed, expiring link for a reader without an account; logged, since it shares a draft."""
    from .previews import make_token

    _require_editor(by)
    if article.is_published():
        raise WorkflowError(_("المقال منشور؛ رابطه العمومي يكفي."))
    record(article, by=by, action=Action.PREVIEW_LINK, from_status=article.status, to_status=article.status)
    return make_token(article)
