from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Article, ArticleAuthor, Comment, EventTag, Region

LTR_LANGUAGES = ("fr", "en")


class ContentDirectionMixin:
    """Give each input the direction of its content language, whatever the interface language.

    `*_ar` inputs are right to left, `*_fr`/`*_en` left to right; e-mail and URL inputs stay left
    to right; anything else follows its content (`dir="auto"`).
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is None or not hasattr(field.widget, "attrs"):
            return field
        name = db_field.name
        if name.endswith("_ar"):
            field.widget.attrs.update(dir="rtl", lang="ar")
        elif name.endswith(tuple(f"_{code}" for code in LTR_LANGUAGES)):
            field.widget.attrs.update(dir="ltr", lang=name.rsplit("_", 1)[1])
        elif isinstance(db_field, models.EmailField | models.URLField | models.GenericIPAddressField):
            field.widget.attrs.update(dir="ltr")
        elif isinstance(db_field, models.CharField | models.TextField):
            field.widget.attrs.setdefault("dir", "auto")
        return field


@admin.register(Region)
class RegionAdmin(ContentDirectionMixin, TabbedTranslationAdmin):
    list_display = ["name", "level", "code", "parent"]
    list_filter = ["level"]
    search_fields = ["name_ar", "name_fr", "name_en", "alt_names", "code"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_ar"]}
    list_select_related = ["parent"]


@admin.register(EventTag)
class EventTagAdmin(ContentDirectionMixin, TabbedTranslationAdmin):
    list_display = ["name", "starts_on", "ends_on", "region"]
    list_filter = ["starts_on"]
    search_fields = ["name_ar", "name_fr", "name_en"]
    autocomplete_fields = ["region"]
    prepopulated_fields = {"slug": ["name_ar"]}
    list_select_related = ["region"]


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("كاتب")
    verbose_name_plural = _("الكتّاب (بترتيب التوقيع)")


@admin.register(Article)
class ArticleAdmin(ContentDirectionMixin, TabbedTranslationAdmin):
    list_display = ["headline", "status", "author_names", "region", "published_at", "is_featured"]
    list_filter = ["status", "region__level", "tags", "authors", "published_at", "is_featured"]
    search_fields = ["headline_ar", "headline_fr", "headline_en", "lead_ar", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["region", "tags"]
    prepopulated_fields = {"slug": ["headline_ar"]}
    inlines = [ArticleAuthorInline]
    readonly_fields = ["lead_image_preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "lead", "body"]}),
        (
            _("الصورة الرئيسية"),
            {
                "fields": ["lead_image", "lead_image_preview", "image_caption", "image_alt", "image_credit"],
            },
        ),
        (_("التصنيف"), {"fields": ["region", "tags", "byline"]}),
        (
            _("النشر"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "comments_enabled",
                    "is_featured",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
        (_("محركات البحث"), {"fields": ["meta_description"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region").prefetch_related("authors")

    # Search (issue 6): the same normalisation as the public search, over every status.
    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        matches = Article.objects.search(search_term).values("pk")
        return queryset.filter(Q(pk__in=matches) | Q(slug=search_term.strip())), False

    @admin.display(description=_("الكتّاب"))
    def author_names(self, article):
        return "، ".join(author.name for author in article.authors.all())

    @admin.display(description=_("معاينة الصورة"))
    def lead_image_preview(self, article):
        if not article.lead_image:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-inline-size: 320px; block-size: auto">',
            article.lead_image.url,
            article.image_alt,
        )


@admin.register(Comment)
class CommentAdmin(ContentDirectionMixin, admin.ModelAdmin):
    list_display = ["name", "article", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["name", "email", "body", "ip_address"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
    readonly_fields = ["ip_address", "user_agent", "moderated_by", "moderated_at", "created_at"]
