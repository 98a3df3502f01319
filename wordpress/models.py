"""What an import brought in: each WordPress thing, keyed on its site and id, with the object it
became and a digest of its source, so that a second run updates what changed and duplicates nothing."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    class Kind(models.TextChoices):
        AUTHOR = "author", _("كاتب")
        TERM = "term", _("تصنيف أو وسم")
        POST = "post", _("مقال")
        PAGE = "page", _("صفحة")
        ATTACHMENT = "attachment", _("مرفق")
        COMMENT = "comment", _("تعليق")

    source = models.CharField(_("الموقع المصدر"), max_length=200)
    kind = models.CharField(_("النوع"), max_length=12, choices=Kind.choices)
    # The WordPress id (a login for authors, which WXR 1.0 names only by login).
    key = models.CharField(_("المعرّف في ووردبريس"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("رقم الكائن"), null=True, blank=True)
    # For comments: the WordPress id of their post, so a post's comments are read in one query.
    parent_key = models.CharField(_("معرّف الأصل"), max_length=200, blank=True)
    digest = models.CharField(_("بصمة المصدر"), max_length=64)
    imported_at = models.DateTimeField(_("استورد في"), default=timezone.now)
    updated_at = models.DateTimeField(_("حُدّث في"), default=timezone.now)

    class Meta:
        verbose_name = _("عنصر مستورد")
        verbose_name_plural = _("العناصر المستوردة")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "key"], name="importeditem_unique"),
        ]
        indexes = [models.Index(fields=["source", "kind", "parent_key"], name="importeditem_parent_idx")]

    def __str__(self):
        return f"{self.source} {self.kind} {self.key}"
