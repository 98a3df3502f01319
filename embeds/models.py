from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import providers


class Embed(models.Model):
    """A third-party post or video in an article body: `<figure data-embed="ID">` refers to it.

    Title and thumbnail are asked once, when a journalist adds the URL; the thumbnail is kept here,
    so a reader's page makes no request to the provider until the reader chooses to play.
    """

    url = models.URLField(_("الرابط"), max_length=2000, unique=True)
    provider = models.CharField(_("المزوّد"), max_length=100)
    title = models.CharField(_("العنوان"), max_length=300, blank=True)
    author_name = models.CharField(_("صاحب المحتوى"), max_length=300, blank=True)
    frame_src = models.URLField(_("عنوان الإطار"), max_length=2000)
    thumbnail = models.ImageField(
        _("الصورة المصغّرة"),
        upload_to="embeds/",
        width_field="thumbnail_width",
        height_field="thumbnail_height",
        blank=True,
    )
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    fetched_at = models.DateTimeField(_("سُئل المزوّد في"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("تضمين")
        verbose_name_plural = _("التضمينات")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title or self.url

    def playable(self):
        """Whether the iframe may still be shown: its origin is on today's allowlist."""
        return providers.allowed_frame(self.frame_src)
