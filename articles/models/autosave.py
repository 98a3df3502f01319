from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NEW = "new"


class Autosave(models.Model):
    """What a journalist last typed in an article's bodies, kept every few seconds while typing:
    one row per user and article ("new" for a form not saved yet), overwritten, never a revision.
    Saving the article for real removes it (articles/admin/autosave.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=20)  # the article's pk, or NEW
    fields = models.JSONField(default=dict)  # {"body_ar": html, …}
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("حفظ تلقائي")
        verbose_name_plural = _("الحفظ التلقائي")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_autosave_per_user_and_article")
        ]

    def __str__(self):
        return f"{self.user} · {self.key}"
