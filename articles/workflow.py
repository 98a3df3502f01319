"""State changes with side effects: who may move an article where, done atomically and logged.

Admin buttons and actions, commands and tests call these functions; nothing else changes an
article's status. Each one locks the row (re-reading the instance it is given), checks the
actor, changes it and writes an `ArticleEvent`. Refusals raise `PermissionDenied` (wrong person)
or `WorkflowError` (wrong state), both with a message fit to show the user.
"""

import logging

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from authors.models import Author

from . import spam
from .models import Article, ArticleAuthor, ArticleEvent, Comment

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


# --- Bylines ---------------------------------------------------------------------------------


@transaction.atomic
def add_to_byline(article, *, user):
    """Put the journalist who files `article` on its byline (last), with an Author for their
    account if they have none yet."""
    if article.bylines.filter(author__user=user).exists():
        return
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
    """A signed, expiring link for a reader without an account; logged, since it shares a draft."""
    from .previews import make_token

    _require_editor(by)
    if article.is_published():
        raise WorkflowError(_("المقال منشور؛ رابطه العمومي يكفي."))
    record(article, by=by, action=Action.PREVIEW_LINK)
    return make_token(article)


# === Comments and moderation (issue 5) ========================================================
# Reader comments come in through `post_comment`; editors decide through the functions below,
# which the admin actions, the article admin's bulk close/open and the tests all call.

comment_log = logging.getLogger("newsroom.comments")

MODERATE_PERMISSION = "articles.moderate_comment"


class CommentsClosed(Exception):
    """The article no longer takes comments (switched off, or older than the limit)."""


def can_moderate(user):
    return bool(user and user.is_active and user.has_perm(MODERATE_PERMISSION))


def _require_moderator(user):
    if not can_moderate(user):
        raise PermissionDenied(_("مراجعة التعليقات من صلاحيات المحرّرين."))


def post_comment(article, *, name, email, body, ip_address=None, user_agent=""):
    """Store a reader's comment where the spam filters put it (pending unless caught or trusted),
    and tell the editors when it waits for them."""
    with transaction.atomic():
        if not article.accepts_comments():
            raise CommentsClosed
        verdict = spam.screen(name=name, email=email, body=body, ip_address=ip_address)
        comment = Comment.objects.create(
            article=article,
            name=name,
            email=email,
            body=body,
            ip_address=ip_address,
            user_agent=user_agent[:300],
            status=verdict.status,
            flag_reason=verdict.reason,
            moderated_at=timezone.now() if verdict.status == Comment.Status.APPROVED else None,
        )
        if comment.status == Comment.Status.PENDING and settings.COMMENTS_NOTIFY_EDITORS:
            transaction.on_commit(notify_editors)
    comment_log.info(
        "comment %s on article %s: %s %s", comment.pk, article.pk, comment.status, verdict.reason
    )
    return comment


def moderate_comments(comments, *, status, by):
    """Give every comment of the queryset `comments` the decision `status`; returns how many changed.

    Each change records the moderator and the time, on the row and in the admin history.
    """
    _require_moderator(by)
    if status not in Comment.Status.values:
        raise ValueError(status)
    with transaction.atomic():
        pks = list(comments.select_for_update().exclude(status=status).values_list("pk", flat=True))
        changed = Comment.objects.filter(pk__in=pks)
        changed.update(status=status, moderated_by=by, moderated_at=timezone.now())
        if pks:
            label = Comment.Status(status).label
            LogEntry.objects.log_actions(by.pk, changed, CHANGE, change_message=str(label))
    comment_log.info("%s set %d comment(s) to %s", by, len(pks), status)
    return len(pks)


def _decide(comment, status, by):
    moderate_comments(Comment.objects.filter(pk=comment.pk), status=status, by=by)
    comment.refresh_from_db(fields=["status", "moderated_by", "moderated_at"])
    return comment


def approve_comment(comment, *, by):
    """Publish the comment under its article."""
    return _decide(comment, Comment.Status.APPROVED, by)


def reject_comment(comment, *, by):
    """Keep the comment off the site (it stays in the admin)."""
    return _decide(comment, Comment.Status.REJECTED, by)


def mark_spam(comment, *, by):
    """File the comment as spam; `purge_spam` deletes old spam later."""
    return _decide(comment, Comment.Status.SPAM, by)


def edit_comment(comment, *, body, by):
    """Replace the text the public sees; the reader's original is kept the first time."""
    _require_moderator(by)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("نص التعليق لا يمكن أن يكون فارغًا."))
    if len(body) > 3000:
        raise ValidationError(_("نص التعليق أطول من 3000 حرف."))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.body == body:
            return comment
        locked.original_body = locked.original_body or locked.body
        locked.body, locked.edited_by, locked.edited_at = body, by, timezone.now()
        locked.save(update_fields=["body", "original_body", "edited_by", "edited_at"])
        LogEntry.objects.log_actions(
            by.pk, Comment.objects.filter(pk=locked.pk), CHANGE, change_message=_("تعديل نص التعليق")
        )
    comment_log.info("%s edited comment %s", by, comment.pk)
    for field in ("body", "original_body", "edited_by", "edited_at"):
        setattr(comment, field, getattr(locked, field))
    return comment


def notify_editors():
    """E-mail the moderators that comments await review, at most once per COMMENTS_NOTIFY_INTERVAL."""
    if not cache.add("comments:editors-notified", 1, timeout=settings.COMMENTS_NOTIFY_INTERVAL):
        return 0
    moderators = get_user_model().objects.with_perm(MODERATE_PERMISSION).filter(is_active=True)
    recipients = sorted({email for email in moderators.values_list("email", flat=True) if email})
    if not recipients:
        return 0
    pending = Comment.objects.pending().count()
    queue = settings.SITE_URL + reverse("admin:articles_comment_changelist") + "?status__exact=pending"
    subject = _("تعليقات في انتظار المراجعة: %(n)s") % {"n": pending}
    message = _("تنتظر %(n)s تعليقات مراجعتكم.\n\nقائمة المراجعة: %(url)s") % {"n": pending, "url": queue}
    return send_mail(subject, message, None, recipients)
