"""Transitions of an article's status, its comments switch and its preview links: each locks the
row, checks the actor, changes the state and logs it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import pagetags, previews
from ..models import Article, PreviewLink
from .rules import (
    Action,
    Status,
    WorkflowError,
    can_edit,
    editor_has_acted,
    is_author,
    lock,
    move,
    record,
    require_editor,
    require_state,
)

# --- Transitions ----------------------------------------------------------------------------


@transaction.atomic
def submit_for_review(article, *, by):
    """A draft goes to the editors. Its authors or an editor may send it."""
    lock(article)
    if not can_edit(by, article):
        raise PermissionDenied(_("لا يمكنك إرسال مقال لست من كتّابه."))
    require_state(article, [Status.DRAFT], _("وحدها المسودات تُرسل للمراجعة."))
    return move(article, by=by, action=Action.SUBMITTED, to=Status.REVIEW, published_at=None)


@transaction.atomic
def withdraw_submission(article, *, by):
    """An author takes a submitted article back to draft, as long as no editor has acted on it."""
    lock(article)
    if not is_author(by, article):
        raise PermissionDenied(_("وحدهم كتّاب المقال يستطيعون استرجاعه من المراجعة."))
    require_state(article, [Status.REVIEW], _("المقال ليس قيد المراجعة."))
    if editor_has_acted(article):
        raise WorkflowError(_("بدأ محرر العمل على هذا المقال؛ اطلب منه إرجاعه إليك."))
    return move(article, by=by, action=Action.SUBMISSION_WITHDRAWN, to=Status.DRAFT, published_at=None)


@transaction.atomic
def publish(article, *, by, at=None):
    """Publish now, or at `at`: a future time schedules it, and `published()` shows it when due."""
    lock(article)
    require_editor(by)
    if article.is_published():
        raise WorkflowError(_("المقال منشور بالفعل؛ اسحبه أولًا إن أردت تغيير موعد نشره."))
    now = timezone.now()
    at = at or now
    action = Action.SCHEDULED if at > now else Action.PUBLISHED
    note = timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if action == Action.SCHEDULED else ""
    return move(article, by=by, action=action, to=Status.PUBLISHED, published_at=at, note=note)


@transaction.atomic
def withdraw(article, *, by, note=""):
    """Take a published or scheduled article down; it keeps its date for the record. Preview links
    made before it went live end for good."""
    lock(article)
    require_editor(by)
    require_state(article, [Status.PUBLISHED], _("وحدها المقالات المنشورة أو المجدولة تُسحب."))
    if article.is_published():
        article.preview_links.end(by=by, reason=PreviewLink.EndReason.WITHDRAWN)
    return move(
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
    lock(article)
    require_editor(by)
    if not note.strip():
        raise WorkflowError(_("اكتب ملاحظة للكاتب تشرح سبب الإرجاع."))
    if article.is_published():
        raise WorkflowError(_("المقال منشور؛ اسحبه أولًا ثم أرجعه إلى المسودة."))
    require_state(
        article,
        [Status.REVIEW, Status.PUBLISHED, Status.WITHDRAWN],
        _("المقال مسودة بالفعل."),
    )
    return move(article, by=by, action=Action.SENT_BACK, to=Status.DRAFT, published_at=None, note=note)


# --- Comments on and off --------------------------------------------------------------------


def _set_comments(articles, *, by, enabled):
    require_editor(by)
    single = articles if isinstance(articles, Article) else None
    pks = [single.pk] if single else [article.pk for article in articles]
    action = Action.COMMENTS_OPENED if enabled else Action.COMMENTS_CLOSED
    changed = 0
    for article in Article.objects.select_for_update().filter(pk__in=pks, comments_enabled=not enabled):
        article.comments_enabled = enabled
        article.save(update_fields=["comments_enabled"])
        record(article, by=by, action=action)
        pagetags.purge(f"article:{article.pk}")
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
    require_editor(by)
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
    require_editor(by)
    if not PreviewLink.objects.filter(pk=link.pk).end(by=by, reason=PreviewLink.EndReason.REVOKED):
        raise WorkflowError(_("هذا الرابط متوقف بالفعل."))
    link.refresh_from_db()
    record(link.article, by=by, action=Action.PREVIEW_LINK_REVOKED, note=str(link))
    return link
