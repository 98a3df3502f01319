from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .names import DisplayNameMixin
from .sanitize import sanitize_html
from .search import SEARCH_COLUMNS, SEARCH_SOURCE_FIELDS, search_document
from .search_backends import search_queryset
from .slugs import fill_slug

# --- Regions ----------------------------------------------------------------------------------


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


# --- Event tags -------------------------------------------------------------------------------


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


# --- Articles ---------------------------------------------------------------------------------


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
        stays right when other joins are chained)."""
        approved = (
            Comment.objects.approved()
            .filter(article=models.OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(comment_count=Coalesce(models.Subquery(approved), 0))

    # --- Search (articles/search.py, articles/search_backends.py) ---

    def search(self, q):
        """Articles matching what a reader typed, best first (at most the newest 200 matches).

        Chainable; filter by region, tag or date *before* searching. Empty for an empty query.
        """
        return search_queryset(self, q)

    def refresh_search_documents(self, batch_size=500):
        """Recompute the stored search text of these articles (after tag or region renames)."""
        articles = self.select_related("region").prefetch_related("tags").order_by("pk")
        fields = [*SEARCH_COLUMNS, "search_words"]
        batch, updated = [], 0
        for article in articles.iterator(chunk_size=batch_size):
            article.compute_search_document()
            batch.append(article)
            if len(batch) >= batch_size:
                updated += Article.objects.bulk_update(batch, fields)
                batch = []
        return updated + (Article.objects.bulk_update(batch, fields) if batch else 0)


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

    lead_image = models.ImageField(_("الصورة الرئيسية"), upload_to="articles/%Y/%m/", blank=True)
    image_caption = models.CharField(_("تعليق الصورة"), max_length=300, blank=True)
    image_alt = models.CharField(_("النص البديل للصورة"), max_length=300, blank=True)
    image_credit = models.CharField(_("مصدر الصورة"), max_length=150, blank=True)

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

    # --- Search document: normalised copies, never shown (articles/search.py) ---
    # search_<part>_<lang>; PostgreSQL weighs headline A, summary (kicker, lead, tags) B, body C,
    # places (region and the divisions above it) D; a trigger keeps the two vectors in step.
    search_headline_ar = models.TextField(editable=False, default="")
    search_summary_ar = models.TextField(editable=False, default="")
    search_body_ar = models.TextField(editable=False, default="")
    search_places_ar = models.TextField(editable=False, default="")
    search_headline_fr = models.TextField(editable=False, default="")
    search_summary_fr = models.TextField(editable=False, default="")
    search_body_fr = models.TextField(editable=False, default="")
    search_places_fr = models.TextField(editable=False, default="")
    search_headline_en = models.TextField(editable=False, default="")
    search_summary_en = models.TextField(editable=False, default="")
    search_body_en = models.TextField(editable=False, default="")
    search_places_en = models.TextField(editable=False, default="")
    search_words = models.TextField(editable=False, default="")  # headline, tag, place words: «هل تقصد»
    search_vector = SearchVectorField(null=True, editable=False)  # everything: what matches
    search_rank_vector = SearchVectorField(null=True, editable=False)  # all but the body: what ranks

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
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        fill_slug(self, "headline", fallback="article")
        for field in (f"body_{lang}" for lang in settings.MODELTRANSLATION_LANGUAGES):
            setattr(self, field, sanitize_html(getattr(self, field)))
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not SEARCH_SOURCE_FIELDS.isdisjoint(update_fields):
            self.compute_search_document()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *SEARCH_COLUMNS, "search_words"}
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

    # --- Search document (articles/search.py) ---

    def compute_search_document(self):
        """Fill the `search_*` columns from this article's text, tags and places (all languages)."""
        tags = list(self.tags.all()) if self.pk else []
        places = [self.region, *self.region.ancestors()] if self.region_id else []
        for name, value in search_document(self, tags, places).items():
            setattr(self, name, value)

    def refresh_search_document(self):
        """Recompute and store the search document, e.g. once the admin has saved the tags."""
        self.compute_search_document()
        Article.objects.filter(pk=self.pk).update(
            **{name: getattr(self, name) for name in [*SEARCH_COLUMNS, "search_words"]}
        )


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


# --- Comments ---------------------------------------------------------------------------------


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def spam(self):
        return self.filter(status=Comment.Status.SPAM)

    def older_than(self, days, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - timedelta(days=days))

    def from_senders_of(self, comments, *, by):
        """Every comment sharing an e-mail (`by="email"`) or an IP address (`by="ip_address"`) with
        `comments`, whatever its article."""
        values = {value for value in comments.values_list(by, flat=True) if value}
        if by == "email":
            query = Q()
            for email in values:
                query |= Q(email__iexact=email)
            return self.filter(query) if values else self.none()
        return self.filter(**{f"{by}__in": values})


class Comment(models.Model):
    """A reader's comment. E-mail, IP and user agent are never shown publicly."""

    class Status(models.TextChoices):
        PENDING = "pending", _("في انتظار المراجعة")
        APPROVED = "approved", _("مقبول")
        REJECTED = "rejected", _("مرفوض")
        SPAM = "spam", _("مزعج")

    article = models.ForeignKey(
        Article, verbose_name=_("المقال"), on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField(_("الاسم"), max_length=100)
    email = models.EmailField(_("البريد الإلكتروني"), max_length=254)
    body = models.TextField(_("التعليق"), max_length=3000)
    original_body = models.TextField(
        _("النص الأصلي"), blank=True, help_text=_("يُحفظ عند تعديل المشرف للتعليق.")
    )
    status = models.CharField(_("الحالة"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("أرسل في"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("عنوان IP"), null=True, blank=True)
    user_agent = models.CharField(_("المتصفح"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("راجعه"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("روجع في"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("عدّله"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("عُدّل في"), null=True, blank=True)
    flag_reason = models.CharField(
        _("ملاحظة المرشّح"),
        max_length=200,
        blank=True,
        help_text=_("لماذا حُجز التعليق أو عُدّ مزعجًا أو قُبل تلقائيًا."),
    )
    fingerprint = models.CharField(_("بصمة النص"), max_length=64, blank=True, editable=False, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("تعليق")
        verbose_name_plural = _("التعليقات")
        permissions = [("moderate_comment", _("يمكنه مراجعة التعليقات (قبول، رفض، مزعج، تعديل)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "spam"]),
                name="comment_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        if not self.fingerprint:
            from .spam import fingerprint

            self.fingerprint = fingerprint(self.original_body or self.body)
        super().save(*args, **kwargs)

    @property
    def is_edited(self):
        return self.edited_at is not None


# --- Revisions and corrections ----------------------------------------------------------------


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


class ModerationRule(models.Model):
    """An editor's rule for incoming comments: a word or phrase, an e-mail (or @domain), an IP
    address or range; matching comments are held for review or sent to spam."""

    class Kind(models.TextChoices):
        WORD = "word", _("كلمة أو عبارة")
        EMAIL = "email", _("بريد إلكتروني أو نطاق")
        IP = "ip", _("عنوان IP أو نطاق")

    class Action(models.TextChoices):
        HOLD = "hold", _("حجز للمراجعة")
        BLOCK = "block", _("اعتبار التعليق مزعجًا")

    kind = models.CharField(_("النوع"), max_length=5, choices=Kind.choices)
    value = models.CharField(
        _("القيمة"),
        max_length=200,
        help_text=_("كلمة أو عبارة؛ أو بريد كامل أو ‎@نطاق؛ أو عنوان IP أو نطاق مثل ‎196.200.0.0/16."),
    )
    action = models.CharField(_("الإجراء"), max_length=5, choices=Action.choices, default=Action.BLOCK)
    note = models.CharField(_("ملاحظة"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("أنشئ في"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("قاعدة إشراف")
        verbose_name_plural = _("قواعد الإشراف على التعليقات")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="moderationrule_unique"),
            models.CheckConstraint(condition=Q(kind__in=["word", "email", "ip"]), name="moderationrule_kind"),
            models.CheckConstraint(condition=Q(action__in=["hold", "block"]), name="moderationrule_action"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        from .spam import clean_rule_value

        self.value = clean_rule_value(self.kind, self.value)


# --- Audit log --------------------------------------------------------------------------------


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
        CORRECTED = "corrected", _("أضاف تصحيحًا أو توضيحًا")
        RESTORED = "restored", _("استعاد نسخة سابقة")

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
