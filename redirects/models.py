"""Old addresses that answer 301 to where their content lives now."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .paths import normalize_path


class RedirectQuerySet(models.QuerySet):
    def for_path(self, path):
        """The redirect of a requested path (as sent, percent-encoded or not), or None."""
        key = normalize_path(path)
        # A key no redirect can have (a NUL, which PostgreSQL refuses outright; longer than the
        # column) is simply not one: no query.
        if "\x00" in key or len(key) > Redirect._meta.get_field("old_path").max_length:
            return None
        return self.filter(old_path=key).select_related("content_type").first()


class Redirect(models.Model):
    """Like django.contrib.redirects, but keyed on the decoded path (Arabic as Arabic), and able to
    point at an object, so that an article whose slug changes keeps its old links."""

    old_path = models.CharField(
        _("الرابط القديم"),
        max_length=500,
        unique=True,
        help_text=_("مثل ‎/2024/03/05/عنوان-المقال/ أو ‎/?p=123؛ يُحفظ مفكوك الترميز."),
    )
    new_path = models.CharField(
        _("الرابط الجديد"),
        max_length=500,
        blank=True,
        help_text=_("اتركه فارغًا إن كان التحويل إلى محتوى محدد."),
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("نوع المحتوى"), on_delete=models.CASCADE, null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField(_("رقم المحتوى"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    hits = models.PositiveIntegerField(_("عدد الزيارات"), default=0, editable=False)
    last_hit_at = models.DateTimeField(_("آخر زيارة"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("أنشئ في"), default=timezone.now, editable=False)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("تحويل")
        verbose_name_plural = _("التحويلات")
        indexes = [models.Index(fields=["content_type", "object_id"], name="redirect_target_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(new_path="") | Q(object_id__isnull=False),
                name="redirect_has_destination",
                violation_error_message=_("حدّد الرابط الجديد أو المحتوى المقصود."),
            ),
        ]

    def __str__(self):
        return self.old_path

    def save(self, *args, **kwargs):
        self.old_path = normalize_path(self.old_path)
        super().save(*args, **kwargs)

    def destination(self):
        """Where the old path goes now, or None when its object is gone."""
        if self.new_path:
            return self.new_path
        target = self.target
        return target.get_absolute_url() if target is not None else None

    def count_hit(self):
        Redirect.objects.filter(pk=self.pk).update(hits=F("hits") + 1, last_hit_at=timezone.now())
