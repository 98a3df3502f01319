"""Where and what an article is about: Morocco's administrative divisions and event tags."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.names import DisplayNameMixin
from newsroom.slugs import fill_slug


def in_subtree(region, field="code"):
    """A Q for `region` and every division under it, on the region code at `field`.

    The tree is a materialised path: HCP's codes already encode it (`09` › `09.001` ›
    `09.001.07.23`), so "everything under" is a prefix match on the unique `code` column,
    which PostgreSQL serves from its `varchar_pattern_ops` index. No recursion, no Python loop.
    """
    return Q(**{field: region.code}) | Q(**{f"{field}__startswith": f"{region.code}."})


class RegionQuerySet(models.QuerySet):
    def subtree(self, region):
        """`region` and every division under it, in one indexed query."""
        return self.filter(in_subtree(region))

    def top_level(self):
        return self.filter(level=Region.Level.REGION)


class Region(DisplayNameMixin, models.Model):
    """A Moroccan administrative division: region › prefecture or province › commune."""

    class Level(models.TextChoices):
        REGION = "region", _("جهة")
        PREFECTURE = "prefecture", _("عمالة")
        PROVINCE = "province", _("إقليم")
        COMMUNE = "commune", _("جماعة")

    code = models.CharField(_("رمز المندوبية السامية للتخطيط"), max_length=20, unique=True)
    level = models.CharField(_("المستوى"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("تابعة لـ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("الاسم"), max_length=150)
    alt_names = models.CharField(_("تهجئات أخرى"), max_length=300, blank=True)
    slug = models.SlugField(_("المعرّف في الرابط"), max_length=160, unique=True, allow_unicode=True)
    description = models.TextField(_("الوصف"), blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("منطقة")
        verbose_name_plural = _("المناطق")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["region", "prefecture", "province", "commune"]),
                name="region_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(level="region", parent__isnull=True) | ~Q(level="region"),
                name="region_top_level_has_no_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:region", kwargs={"slug": self.slug})

    def ancestors(self):
        """The divisions above this one, top first: at most two, and no query at all when loaded
        with select_related("parent__parent")."""
        path, region = [], self.parent
        while region is not None:
            path.insert(0, region)
            region = region.parent
        return path


class EventTagQuerySet(models.QuerySet):
    def public(self):
        """Tags readers may see: those of published articles. A tag only drafts have would tell
        a story's subject before it is out."""
        from .article import Article  # the article module imports this one

        return self.filter(models.Exists(Article.objects.published().filter(tags=models.OuterRef("pk"))))


class EventTag(DisplayNameMixin, models.Model):
    """What an article is about: an event, a campaign, a topic; optionally where and when."""

    name = models.CharField(_("الاسم"), max_length=200)
    slug = models.SlugField(
        _("المعرّف في الرابط"), max_length=160, unique=True, allow_unicode=True, blank=True
    )
    description = models.TextField(_("الوصف"), blank=True)
    starts_on = models.DateField(_("يبدأ في"), null=True, blank=True)
    ends_on = models.DateField(_("ينتهي في"), null=True, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("المنطقة"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_tags",
    )

    objects = EventTagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("وسم")
        verbose_name_plural = _("الوسوم")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="eventtag_ends_after_start",
                violation_error_message=_("تاريخ النهاية يجب أن يكون بعد تاريخ البداية أو مساويًا له."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_slug(self, "name", fallback="tag")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})
