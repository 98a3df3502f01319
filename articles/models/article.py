"""Articles, their bylines, and the queryset every public page starts from (`published()`)."""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.slugs import fill_slug

from ..sanitize import sanitize_html
from ..search.backends import search_queryset
from .taxonomy import EventTag, Region, in_subtree


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: status published and a publication time already past."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def in_review(self):
        return self.filter(status=Article.Status.REVIEW)

    def in_region(self, region):
        """Articles in `region` or any division under it."""
        return self.filter(in_subtree(region, "region__code"))

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_author(self, author):
        return self.filter(authors=author)

    def featured(self):
        return self.filter(is_featured=True)

    def translated(self, language):
        """Articles with a headline in `language`: Arabic is required, French and English optional."""
        if not language or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            return self
        return self.filter(**{f"headline_{language}__gt": ""})

    def with_comment_counts(self):
        """Annotate `comment_count`, the approved comments, in the same query (a subquery, so it
        stays right when other joins are chained).

        Comments are another app's, reached through the reverse relation so that this app never
        imports it."""
        comments = self.model._meta.get_field("comments").related_model
        approved = (
            comments.objects.approved()
            .filter(article=models.OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(comment_count=Coalesce(models.Subquery(approved), 0))

    def for_cards(self):
        """What an article card shows and nothing more (its texts in every language, region,
        lead photo, authors in byline order, approved comments), in two queries for any number of articles:
        never the bodies or the other columns a card does not show."""
        return (
            self.select_related("region", "lead_image")
            .only(*CARD_FIELDS, *(f"region__{name}" for name in REGION_CARD_FIELDS))
            .prefetch_related(byline_prefetch())
            .with_comment_counts()
        )

    def ids(self):
        """The ids, in the queryset's order, as a list (a page of cards, a feed, search matches).
        Read as plain values: modeltranslation's values_list rebuilds every row to fill in the
        translated fields, which an id has none of (about 5 µs a row: 1 ms of 200 matches)."""
        return list(self.rewrite(False).values_list("pk", flat=True))

    def search(self, q):
        """Articles matching what a reader typed, best first (at most the newest 200 matches).

        Chainable; filter by region, tag or date *before* searching. Empty for an empty query.
        """
        return search_queryset(self, q)


def translated_names(*names):
    return [f"{name}_{code}" for name in names for code, _label in settings.LANGUAGES]


CARD_FIELDS = [
    *("pk", "slug", "published_at", "lead_image", "region"),
    *translated_names("headline", "kicker", "lead"),
]
REGION_CARD_FIELDS = ["id", "slug", "code", *translated_names("name")]
AUTHOR_CARD_FIELDS = ["id", "slug", *translated_names("name")]


def byline_prefetch(to_attr=None):
    """The bylines of many articles with their authors' names, in one query."""
    authors = ArticleAuthor.objects.select_related("author").only(
        "article_id", "author_id", "position", *(f"author__{name}" for name in AUTHOR_CARD_FIELDS)
    )
    return models.Prefetch("bylines", queryset=authors, to_attr=to_attr)


def desk_rank():
    """The admin's list order: awaiting review, drafts, published, withdrawn (by status alone, so
    the index `article_desk_order_idx` serves it)."""
    return models.Case(
        models.When(status="review", then=models.Value(0)),
        models.When(status="draft", then=models.Value(1)),
        models.When(status="published", then=models.Value(2)),
        default=models.Value(3),
        output_field=models.IntegerField(),
    )


class EditConflict(Exception):
    """Raised by `Article.save()` when the row was saved by someone else since it was loaded."""

    def __init__(self, article):
        self.article = article
        super().__init__(f"Article {article.pk} changed since version {article.version} was loaded.")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("مسودة")
        REVIEW = "review", _("قيد المراجعة")
        PUBLISHED = "published", _("منشور")
        WITHDRAWN = "withdrawn", _("مسحوب")

    headline = models.CharField(_("العنوان"), max_length=300)
    kicker = models.CharField(_("العنوان الفرعي العلوي"), max_length=150, blank=True)
    lead = models.TextField(_("المقدمة"), blank=True)
    body = models.TextField(_("النص"), blank=True)
    meta_description = models.CharField(_("الوصف لمحركات البحث"), max_length=300, blank=True)
    slug = models.SlugField(
        _("المعرّف في الرابط"), max_length=200, unique=True, allow_unicode=True, blank=True
    )

    authors = models.ManyToManyField(
        "authors.Author",
        verbose_name=_("الكتّاب"),
        through="ArticleAuthor",
        related_name="articles",
        blank=True,
    )
    byline = models.CharField(
        _("توقيع حر"),
        max_length=200,
        blank=True,
        help_text=_("يُعرض بدل أسماء الكتّاب أو إلى جانبها، مثل «مراسل الجريدة بأكادير»."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("المنطقة"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = models.ManyToManyField(EventTag, verbose_name=_("الوسوم"), related_name="articles", blank=True)

    # From the media library: the image carries its own caption, alt text and credit.
    lead_image = models.ForeignKey(
        "images.Image",
        verbose_name=_("الصورة الرئيسية"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_articles",
    )

    # Every library image the article shows (lead and body figures), kept by the write path:
    # the library's "used in", and whether an original may be public.
    images = models.ManyToManyField(
        "images.Image", verbose_name=_("الصور المستعملة"), related_name="articles", blank=True, editable=False
    )

    status = models.CharField(_("الحالة"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("تاريخ النشر"), null=True, blank=True)
    created_at = models.DateTimeField(_("أنشئ في"), auto_now_add=True)
    updated_at = models.DateTimeField(_("عُدّل في"), auto_now=True)
    comments_enabled = models.BooleanField(_("التعليقات مفتوحة"), default=True)
    is_featured = models.BooleanField(_("مقال بارز"), default=False)
    version = models.PositiveIntegerField(_("النسخة"), default=1, editable=False)
    # Moved by corrections and by content edits made after publication (see articles/revisions.py),
    # never by workflow or housekeeping saves; `updated_at` moves on every save and is no good for
    # a reader-facing "updated" date.
    modified_at = models.DateTimeField(_("آخر تعديل بعد النشر"), null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("مقال")
        verbose_name_plural = _("المقالات")
        get_latest_by = "published_at"
        permissions = [("publish_article", _("نشر المقالات وجدولتها وسحبها وإرجاعها (دور المحرر)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published", "withdrawn"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_("المقال المنشور يحتاج إلى تاريخ نشر."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            models.Index(fields=["region", "status", "-published_at"], name="article_region_pub_idx"),
            models.Index(fields=["is_featured", "status", "-published_at"], name="article_featured_idx"),
            models.Index(fields=["-published_at"], name="article_published_at_idx"),
            models.Index(desk_rank(), F("updated_at").desc(), F("id").desc(), name="article_desk_order_idx"),
            # Which published articles an id range holds (a sitemap page, articles.sitemaps.held_ids),
            # from the index alone: 2,000 ids in 0.3 ms instead of 2 ms reading their rows. The time
            # is a key column, not INCLUDEd: SQLite has no covering indexes and would warn.
            models.Index(
                fields=["id", "published_at"],
                condition=Q(status="published"),
                name="article_published_id_idx",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        """Derive this row's own fields (slug, sanitised bodies) and claim the next version.

        Everything else an edit involves (revisions, the audit log, the search document, bylines)
        is `articles.workflow.save_article`'s: call that, not this, to write content.
        """
        self.derive_own_fields()
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
        with transaction.atomic(using=kwargs.get("using")):
            self._claim_next_version()
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.slug})

    def derive_own_fields(self):
        """The slug (when missing) and the sanitised bodies: what every write of the row needs,
        `save()` and the bulk inserts of imports alike."""
        fill_slug(self, "headline", fallback="article")
        for field in (f"body_{lang}" for lang in settings.MODELTRANSLATION_LANGUAGES):
            setattr(self, field, sanitize_html(getattr(self, field)))

    def accepts_comments(self, now=None):
        """Open for new comments: enabled on the article and not older than COMMENTS_CLOSE_AFTER_DAYS."""
        if not self.comments_enabled:
            return False
        days = getattr(settings, "COMMENTS_CLOSE_AFTER_DAYS", None)
        if days and self.published_at:
            return (now or timezone.now()) - self.published_at <= timedelta(days=days)
        return True

    def languages(self):
        """Language codes this article has a headline in, Arabic first (for hreflang and the switcher)."""
        return [code for code, _name in settings.LANGUAGES if getattr(self, f"headline_{code}", "")]

    def date_modified(self):
        """When readers last saw the article change: for JSON-LD dateModified, feeds and sitemaps."""
        return max(filter(None, (self.published_at, self.modified_at)), default=None)

    def is_published(self):
        """The Python side of `ArticleQuerySet.published()`; keep the two in step."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def _claim_next_version(self):
        """Optimistic locking: move the row from `self.version` to the next one, or refuse.

        One conditional UPDATE, so of two saves made from the same version only one can win; the
        other gets `EditConflict` instead of silently overwriting the first.
        """
        claimed = Article.objects.filter(pk=self.pk, version=self.version).update(version=F("version") + 1)
        if not claimed and Article.objects.filter(pk=self.pk).exists():
            raise EditConflict(self)
        self.version += 1


class ArticleAuthor(models.Model):
    """An author on an article, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("authors.Author", verbose_name=_("الكاتب"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("الترتيب"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("كاتب المقال")
        verbose_name_plural = _("كتّاب المقال")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="articleauthor_unique"),
        ]

    def __str__(self):
        return str(self.author)
