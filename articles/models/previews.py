"""Preview links for outside reviewers, stored so that editors see who made each one and how it
was used, and can revoke it; see articles/previews.py for the tokens."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


class PreviewLinkQuerySet(models.QuerySet):
    def open(self):
        """Links not revoked, by an editor or by their article's withdrawal (expired ones included)."""
        return self.filter(revoked_at__isnull=True)

    def end(self, *, by, reason):
        """Revoke these links for good; returns how many were still open."""
        return self.open().update(revoked_at=timezone.now(), revoked_by=by, revoke_reason=reason)


class PreviewLink(models.Model):
    """A link that shows one article to a reader without an account, until it expires or ends."""

    class EndReason(models.TextChoices):
        REVOKED = "revoked", _("ألغاه محرر")
        WITHDRAWN = "withdrawn", _("سُحب المقال بعد نشره")

    article = models.ForeignKey(
        Article, verbose_name=_("المقال"), on_delete=models.CASCADE, related_name="preview_links"
    )
    token_hash = models.CharField(_("بصمة الرابط"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("أنشأه"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("أنشئ في"), default=timezone.now)
    expires_at = models.DateTimeField(_("ينتهي في"))
    last_used_at = models.DateTimeField(_("آخر فتح"), null=True, blank=True)
    use_count = models.PositiveIntegerField(_("مرات الفتح"), default=0)
    revoked_at = models.DateTimeField(_("أوقف في"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("أوقفه"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.CharField(_("سبب الإيقاف"), max_length=10, choices=EndReason.choices, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("رابط معاينة")
        verbose_name_plural = _("روابط المعاينة")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoke_reason="")
                | Q(revoked_at__isnull=False, revoke_reason__in=["revoked", "withdrawn"]),
                name="previewlink_revoked_has_reason",
            ),
        ]

    def __str__(self):
        return _("رابط المعاينة رقم %(number)s") % {"number": self.pk}

    def is_usable(self, now=None):
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at

    def state(self, now=None):
        """What the article's admin page says of the link."""
        if self.revoked_at is not None:
            return self.get_revoke_reason_display()
        return _("صالح") if self.is_usable(now) else _("انتهت مدته")

    def record_use(self):
        """Count one opening, in one UPDATE (two reviewers opening it at once both count)."""
        now = timezone.now()
        PreviewLink.objects.filter(pk=self.pk).update(use_count=F("use_count") + 1, last_used_at=now)
