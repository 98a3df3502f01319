"""An article's history: revisions of its content, published corrections, and its audit log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


class Revision(models.Model):
    """The content of an article in every language at one save; see articles/revisions.py."""

    article = models.ForeignKey(
        Article, verbose_name=_("المقال"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("رقم النسخة"))
    snapshot = models.JSONField(_("المحتوى"))
    status = models.CharField(_("حالة المقال"), max_length=10, choices=Article.Status.choices)
    note = models.CharField(_("ملاحظة"), max_length=200, blank=True)
    restored_from = models.ForeignKey(
        "self",
        verbose_name=_("مستعادة من"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("حُفظت في"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("حفظها"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("نسخة محفوظة")
        verbose_name_plural = _("النسخ المحفوظة")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_article_number_unique"),
        ]

    def __str__(self):
        return f"{self.article_id} #{self.number}"


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Corrections readers may see: those on published articles."""
        return self.filter(article__in=Article.objects.published())


class Correction(models.Model):
    """A dated correction or clarification appended under a published article."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("تصحيح")
        CLARIFICATION = "clarification", _("توضيح")

    article = models.ForeignKey(
        Article, verbose_name=_("المقال"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("النوع"), max_length=13, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(_("النص"), max_length=2000)
    created_at = models.DateTimeField(_("التاريخ"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("أضافه"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("تصحيح")
        verbose_name_plural = _("التصحيحات والتوضيحات")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["correction", "clarification"]), name="correction_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["-created_at"], name="correction_recent_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:40]}"


class ArticleEvent(models.Model):
    """One step in an article's life: who did what, when, from which state to which, and why."""

    class Action(models.TextChoices):
        CREATED = "created", _("أنشأ المقال")
        EDITED = "edited", _("عدّل المقال")
        SUBMITTED = "submitted", _("أرسله للمراجعة")
        SUBMISSION_WITHDRAWN = "unsubmitted", _("استرجعه من المراجعة")
        PUBLISHED = "published", _("نشره")
        SCHEDULED = "scheduled", _("جدول نشره")
        WITHDRAWN = "withdrawn", _("سحبه من النشر")
        SENT_BACK = "sent_back", _("أرجعه إلى المسودة")
        COMMENTS_OPENED = "comments_on", _("فتح التعليقات")
        COMMENTS_CLOSED = "comments_off", _("أغلق التعليقات")
        PREVIEW_LINK = "preview_link", _("أنشأ رابط معاينة خارجي")
        PREVIEW_LINK_REVOKED = "preview_revoked", _("ألغى رابط معاينة خارجي")
        CORRECTED = "corrected", _("أضاف تصحيحًا أو توضيحًا")
        RESTORED = "restored", _("استعاد نسخة سابقة")
        IMPORTED = "imported", _("استورده من ووردبريس")

    article = models.ForeignKey(
        Article, verbose_name=_("المقال"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("من"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("الإجراء"), max_length=16, choices=Action.choices)
    from_status = models.CharField(_("من حالة"), max_length=10, choices=Article.Status.choices, blank=True)
    to_status = models.CharField(_("إلى حالة"), max_length=10, choices=Article.Status.choices, blank=True)
    note = models.TextField(_("ملاحظة"), blank=True)
    at = models.DateTimeField(_("متى"), db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("حدث في سجل المقال")
        verbose_name_plural = _("سجل المقال")

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"
