from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from . import admin_revisions, prepublish, revisions
from .corrections import append_correction
from .models import Article, ArticleAuthor, Comment, Correction, EventTag, Region

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


class CorrectionInline(TranslationStackedInline):
    """Corrections are appended to published articles by those allowed to (editors); never edited
    in place by anyone else."""

    model = Correction
    fields = ["kind", "text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    verbose_name = _("تصحيح أو توضيح")
    verbose_name_plural = _("التصحيحات والتوضيحات")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if self.has_add_permission(request, obj) else 0

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.is_published() and super().has_add_permission(request, obj)


@admin.register(Article)
class ArticleAdmin(ContentDirectionMixin, TabbedTranslationAdmin):
    list_display = ["headline", "status", "author_names", "region", "published_at", "is_featured"]
    list_filter = ["status", "region__level", "tags", "authors", "published_at", "is_featured"]
    search_fields = ["headline_ar", "headline_fr", "headline_en", "lead_ar", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["region", "tags"]
    prepopulated_fields = {"slug": ["headline_ar"]}
    inlines = [ArticleAuthorInline, CorrectionInline]
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

    # --- Revisions, corrections, pre-publish checks --------------------------------------------

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, self))

        return [
            path(
                "<path:object_id>/revisions/",
                view(admin_revisions.revision_list),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                view(admin_revisions.revision_compare),
                name="articles_article_revision_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                view(admin_revisions.revision_restore),
                name="articles_article_revision_restore",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            if request.method == "POST" and self.has_change_permission(request, article):
                revisions.ensure_baseline(article)
            extra_context = {**(extra_context or {}), "prepublish_warnings": prepublish.run_checks(article)}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        revisions.record_revision(form.instance, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            if correction.pk is not None:
                correction.save()
                continue
            try:
                append_correction(correction, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        for correction in formset.deleted_objects:
            correction.delete()


@admin.register(Comment)
class CommentAdmin(ContentDirectionMixin, admin.ModelAdmin):
    list_display = ["name", "article", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["name", "email", "body", "ip_address"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
    readonly_fields = ["ip_address", "user_agent", "moderated_by", "moderated_at", "created_at"]
