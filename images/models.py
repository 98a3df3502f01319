"""The media library: one row per photo, reused by any number of articles.

An original is stored under a random name (`originals/ab/<token>.jpg`): the name the journalist
uploaded (often the story itself, «minister-resigns.jpg») is kept in a field, never in a URL.
Originals stay private (served by `images.views.original` to staff, or to anyone once a published
article uses the photo); the public pages use renditions, made by a background task and described
in `renditions` so a page needs no storage call to draw them.
"""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def original_path(image, filename):
    """A name nobody can guess from the upload: 144 random bits, the extension kept."""
    token = secrets.token_urlsafe(18).replace("-", "x").replace("_", "y")
    extension = PurePosixPath(filename).suffix.lower() or ".jpg"
    return f"originals/{token[:2]}/{token}{extension}"


class ImageQuerySet(models.QuerySet):
    def search(self, q):
        """Images whose title, credit, original file name or caption holds `q` (any language)."""
        q = (q or "").strip()
        if not q:
            return self
        condition = Q(original_filename__icontains=q) | Q(credit__icontains=q) | Q(source__icontains=q)
        for language in settings.MODELTRANSLATION_LANGUAGES:
            condition |= Q(**{f"title_{language}__icontains": q})
            condition |= Q(**{f"caption_{language}__icontains": q})
        return self.filter(condition)

    def used(self):
        """Images some article uses (as lead image or in its body)."""
        return self.filter(articles__isnull=False).distinct()

    def article_ids(self):
        """The ids of the articles using these images, whose pages and cards draw them."""
        return set(self.filter(articles__isnull=False).values_list("articles", flat=True))

    def unused(self):
        return self.filter(articles__isnull=True)

    def in_published(self):
        """Images that a published article uses: their originals may be public."""
        Article = self.model._meta.get_field("articles").related_model
        return self.filter(articles__in=Article.objects.published()).distinct()


class Image(models.Model):
    file = models.ImageField(
        _("الملف"), upload_to=original_path, width_field="width", height_field="height", max_length=200
    )
    original_filename = models.CharField(_("اسم الملف الأصلي"), max_length=255, blank=True, editable=False)
    title = models.CharField(_("العنوان"), max_length=255)
    alt = models.CharField(
        _("النص البديل"),
        max_length=300,
        blank=True,
        help_text=_("ما يراه في الصورة من لا يستطيع رؤيتها، في جملة قصيرة."),
    )
    caption = models.CharField(_("التعليق"), max_length=300, blank=True)
    credit = models.CharField(_("المصور أو المصدر"), max_length=150, blank=True)
    source = models.CharField(_("مصدر الملف"), max_length=300, blank=True, help_text=_("وكالة، أرشيف، رابط…"))
    usage_rights = models.TextField(_("حقوق الاستعمال"), blank=True)
    focal_x = models.FloatField(
        _("نقطة التركيز (أفقياً)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("بين 0 (بداية الصورة) و1 (نهايتها)."),
    )
    focal_y = models.FloatField(
        _("نقطة التركيز (عمودياً)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("بين 0 (أعلى الصورة) و1 (أسفلها)."),
    )
    width = models.PositiveIntegerField(_("العرض"), default=0, editable=False)
    height = models.PositiveIntegerField(_("الارتفاع"), default=0, editable=False)
    file_size = models.PositiveIntegerField(_("الحجم بالبايت"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("رفعها"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("رُفعت في"), auto_now_add=True, db_index=True)
    # What the rendition task made: {"width", "height", "webp": [...], "jpeg": [...], "avif": [...]}.
    renditions = models.JSONField(_("النسخ المصغرة"), default=dict, blank=True, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("صورة")
        verbose_name_plural = _("الصور")

    def __str__(self):
        return self.title or self.original_filename or f"#{self.pk}"

    def save(self, *args, **kwargs):
        if self.file and not self.file_size:
            try:
                self.file_size = self.file.size
            except OSError:
                self.file_size = 0
        super().save(*args, **kwargs)

    def original_url(self):
        """The original through the view that decides who may see it (never a storage URL)."""
        return reverse("images:original", kwargs={"pk": self.pk})

    def has_renditions(self):
        return bool(self.renditions.get("jpeg"))
