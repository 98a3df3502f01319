"""Who may do what to an article, and the bookkeeping every change shares: the row lock, the
audit log and the move from one status to another."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import pagetags
from ..models import Article, ArticleEvent
from ..search import document

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


def require_editor(user):
    if not is_editor(user):
        raise PermissionDenied(_("هذا الإجراء من صلاحيات المحرر وحده."))


def require_can_save(user, article):
    if article._state.adding:
        allowed = user is None or user.has_perm("articles.add_article")
    else:
        allowed = can_edit(user, Article.objects.get(pk=article.pk))
    if not allowed:
        raise PermissionDenied(_("لا يمكنك تعديل هذا المقال."))


def require_state(article, allowed, message):
    if article.status not in allowed:
        raise WorkflowError(message)


# --- Bookkeeping ----------------------------------------------------------------------------


def lock(article):
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


def move(article, *, by, action, to, published_at, note=""):
    from_status = article.status
    listed_before = pagetags.listed_tags(article.pk)
    article.status = to
    article.published_at = published_at
    article.save(update_fields=["status", "published_at"])
    document.publication_changed(article)
    record(article, by=by, action=action, from_status=from_status, to_status=to, note=note)
    if listed_before or to == Status.PUBLISHED:
        pagetags.purge_article(article, before=listed_before, schedule_changed=True)
    return article
