"""State changes of comments: a reader posts one, editors decide on it.

Reader comments come in through `post_comment`; editors decide through the functions below, which
the admin actions and the tests call. Each decision is checked (`can_moderate`), atomic and
written to the admin history. Opening and closing comments on an article is the article's
workflow (`articles.workflow.open_comments`/`close_comments`).
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
from django_tasks import task

from articles import pagetags

from . import screening
from .models import Comment
from .text import fingerprint

comment_log = logging.getLogger("newsroom.comments")

MODERATE_PERMISSION = "comments.moderate_comment"


class CommentsClosed(Exception):
    """The article no longer takes comments (switched off, or older than the limit)."""


def can_moderate(user):
    return bool(user and user.is_active and user.has_perm(MODERATE_PERMISSION))


def _require_moderator(user):
    if not can_moderate(user):
        raise PermissionDenied(_("مراجعة التعليقات من صلاحيات المحرّرين."))


def post_comment(article, *, name, email, body, ip_address=None, user_agent="", browser_key=""):
    """Store a reader's comment where the spam filters put it (pending unless caught or trusted),
    and tell the editors when it waits for them. `browser_key` is the key of the browser it came
    from (comments.trust), for COMMENTS_AUTO_APPROVE."""
    with transaction.atomic():
        if not article.accepts_comments():
            raise CommentsClosed
        verdict = screening.screen(
            name=name, email=email, body=body, ip_address=ip_address, browser_key=browser_key
        )
        comment = Comment.objects.create(
            article=article,
            name=name,
            email=email,
            body=body,
            ip_address=ip_address,
            user_agent=user_agent[:300],
            browser_key=browser_key,
            status=verdict.status,
            flag_reason=verdict.reason,
            flag_detail=verdict.detail[: Comment._meta.get_field("flag_detail").max_length],
            moderated_at=timezone.now() if verdict.status == Comment.Status.APPROVED else None,
        )
        if comment.status == Comment.Status.PENDING and settings.COMMENTS_NOTIFY_EDITORS:
            # Mail is slow and may fail: the worker sends it, the reader does not wait for it.
            transaction.on_commit(notify_editors.enqueue)
        if comment.status == Comment.Status.APPROVED:
            pagetags.purge(f"article:{article.pk}")
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
        # Approving shows a comment, anything else may hide one: the pages of their articles change.
        article_ids = changed.values_list("article_id", flat=True).distinct()
        pagetags.purge(*(f"article:{pk}" for pk in article_ids))
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
        pagetags.purge(f"article:{locked.article_id}")
        LogEntry.objects.log_actions(
            by.pk, Comment.objects.filter(pk=locked.pk), CHANGE, change_message=_("تعديل نص التعليق")
        )
    comment_log.info("%s edited comment %s", by, comment.pk)
    for field in ("body", "original_body", "edited_by", "edited_at"):
        setattr(comment, field, getattr(locked, field))
    return comment


def delete_comments(comments):
    """Delete the comments of the queryset `comments` (the admin's delete); their articles' pages
    are purged, since an approved one disappears from them."""
    with transaction.atomic():
        article_ids = comments.values_list("article_id", flat=True).distinct()
        pagetags.purge(*(f"article:{pk}" for pk in article_ids))
        comments.delete()


@task()
def notify_editors():
    """E-mail the moderators that comments await review, at most once per COMMENTS_NOTIFY_INTERVAL
    (a background task: `notify_editors.enqueue()`; the worker runs it)."""
    if not cache.add("comments:editors-notified", 1, timeout=settings.COMMENTS_NOTIFY_INTERVAL):
        return 0
    moderators = get_user_model().objects.with_perm(MODERATE_PERMISSION).filter(is_active=True)
    recipients = sorted({email for email in moderators.values_list("email", flat=True) if email})
    if not recipients:
        return 0
    pending = Comment.objects.pending().count()
    queue = settings.SITE_URL + reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    subject = _("تعليقات في انتظار المراجعة: %(n)s") % {"n": pending}
    message = _("تنتظر %(n)s تعليقات مراجعتكم.\n\nقائمة المراجعة: %(url)s") % {"n": pending, "url": queue}
    return send_mail(subject, message, None, recipients)


def import_comments(comments):
    """Store comments brought in from another system (an import run by an operator) as they were
    there: status, date, sender details and reply threading. `comments` are unsaved `Comment`s,
    each with its `article`, whose `parent` may be another of them (or an already stored
    comment); parents are written first, in as many bulk inserts as the threads are deep, for any
    number of articles. Returns them saved. No savepoint of its own: inside the caller's
    transaction (an importer's item or batch), a failure rolls back that."""
    pending = list(comments)
    with transaction.atomic(savepoint=False):
        while pending:
            ready = [c for c in pending if not _parent_unsaved(c)]
            if not ready:  # replies that only reach each other: kept, unthreaded
                for comment in pending:
                    comment.parent = None
                ready = pending
            for comment in ready:
                comment.fingerprint = comment.fingerprint or fingerprint(
                    comment.original_body or comment.body
                )
            Comment.objects.bulk_create(ready)
            done = {id(c) for c in ready}
            pending = [c for c in pending if id(c) not in done]
    comment_log.info(
        "imported %d comment(s) on %d article(s)", len(comments), len({c.article_id for c in comments})
    )
    return comments


def _parent_unsaved(comment):
    parent = comment._state.fields_cache.get("parent")  # never a query
    return parent is not None and parent.pk is None
