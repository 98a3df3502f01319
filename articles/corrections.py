"""Appending corrections and clarifications to published articles."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import pagetags, workflow
from .models import Article, ArticleEvent


@transaction.atomic
def append_correction(correction, *, by):
    """Save the unsaved `correction` under its article, signed and dated now, and move the
    article's modified date, in its audit log too. Only published articles take corrections;
    unpublished ones are edited."""
    if not by.has_perm("articles.add_correction"):
        raise PermissionDenied
    article = Article.objects.select_for_update().get(pk=correction.article_id)
    if not article.is_published():
        raise ValidationError(_("لا يضاف التصحيح إلا إلى مقال منشور؛ عدّل المقال مباشرة قبل نشره."))
    correction.created_at = timezone.now()
    correction.created_by = by
    if not (correction.text_ar or "").strip():
        raise ValidationError(_("نص التصحيح بالعربية مطلوب."))
    correction.save()
    Article.objects.filter(pk=article.pk).update(
        modified_at=correction.created_at, updated_at=correction.created_at
    )
    workflow.record(
        article,
        by=by,
        action=ArticleEvent.Action.CORRECTED,
        note=f"{correction.get_kind_display()}: {correction.text_ar}",
    )
    # Its page, its cards, /corrections/ and its sitemap entry (a new modified date).
    pagetags.purge(f"article:{article.pk}", "lists", *pagetags.sitemap_range_tags(article.pk, article.pk))
    return correction
