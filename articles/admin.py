from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, When
from django.urls import path
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from . import admin_revisions, prepublish, revisions, workflow
from .corrections import append_correction
from .models import Article, ArticleAuthor, Comment, Correction, EventTag, ModerationRule, Region

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


# --- Comments and moderation (issue 5) ---------------------------------------------------------
# Decisions go through articles.workflow; journalists see comments on their own articles, read-only.


def _run_decision(modeladmin, request, comments, status):
    try:
        changed = workflow.moderate_comments(comments, status=status, by=request.user)
    except PermissionDenied as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return
    label = Comment.Status(status).label
    modeladmin.message_user(
        request, _("عدد التعليقات التي صارت «%(label)s»: %(n)s.") % {"label": label, "n": changed}
    )


def _decision_action(status, scope):
    """An admin action applying `status` to the selection, or to everything from the same senders."""

    def action(modeladmin, request, queryset):
        if scope != "selection":
            queryset = Comment.objects.from_senders_of(queryset, by=scope)
        _run_decision(modeladmin, request, queryset, status)

    label = Comment.Status(status).label
    descriptions = {
        "selection": _("%(label)s: التعليقات المحددة"),
        "email": _("%(label)s: كل تعليقات البريد نفسه"),
        "ip_address": _("%(label)s: كل تعليقات عنوان IP نفسه"),
    }
    action.__name__ = f"{status}_{scope}"
    return admin.action(description=descriptions[scope] % {"label": label}, permissions=["moderate"])(action)


class FlaggedFilter(admin.SimpleListFilter):
    title = _("ما أوقفه المرشح")
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", _("نعم")), ("no", _("لا"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(flag_reason="")
        if self.value() == "no":
            return queryset.filter(flag_reason="")
        return queryset


@admin.register(Comment)
class CommentAdmin(ContentDirectionMixin, admin.ModelAdmin):
    list_display = ["excerpt", "status", "commenter", "article_headline", "created_at", "flag_reason"]
    list_display_links = ["excerpt"]
    list_filter = ["status", FlaggedFilter, "created_at"]
    search_fields = ["name", "email", "body", "ip_address"]
    list_select_related = ["article"]
    list_per_page = 50
    date_hierarchy = "created_at"
    raw_id_fields = ["article"]
    fields = [
        "article",
        "name",
        "email",
        "body",
        "original_body",
        "status",
        "flag_reason",
        "created_at",
        "ip_address",
        "user_agent",
        "moderated_by",
        "moderated_at",
        "edited_by",
        "edited_at",
    ]
    readonly_fields = [f for f in fields if f not in ("body", "status")]
    actions = [
        _decision_action(status, scope)
        for scope in ("selection", "email", "ip_address")
        for status in (Comment.Status.APPROVED, Comment.Status.REJECTED, Comment.Status.SPAM)
    ]
    private_fields = ("email", "ip_address", "user_agent")
    list_display_for_readers = [
        "excerpt",
        "status",
        "name",
        "article_headline",
        "created_at",
    ]  # no e-mail or IP

    def get_ordering(self, request):
        pending_first = Case(When(status=Comment.Status.PENDING, then=0), default=1).asc()
        return [pending_first, "-created_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if workflow.can_moderate(request.user):
            return queryset
        return queryset.filter(article__in=Article.objects.filter(authors__user=request.user))

    def get_fields(self, request, obj=None):
        if self.has_moderate_permission(request):
            return self.fields
        return [f for f in self.fields if f not in self.private_fields]

    def get_list_display(self, request):
        if self.has_moderate_permission(request):
            return self.list_display
        return self.list_display_for_readers

    def has_moderate_permission(self, request):
        return workflow.can_moderate(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return self.has_moderate_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_moderate_permission(request) and super().has_delete_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.has_moderate_permission(request) or super().has_view_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Route the editor's changes through the workflow so the original text and the decision
        are recorded."""
        if "body" in form.changed_data:
            workflow.edit_comment(obj, body=obj.body, by=request.user)
        if "status" in form.changed_data:
            workflow.moderate_comments(Comment.objects.filter(pk=obj.pk), status=obj.status, by=request.user)

    def log_change(self, request, obj, message):
        """The workflow already wrote the history entries."""

    @admin.display(description=_("التعليق"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("المقال"), ordering="article__headline")
    def article_headline(self, comment):
        return Truncator(comment.article.headline).chars(50)

    @admin.display(description=_("المعلّق"), ordering="name")
    def commenter(self, comment):
        return format_html(
            '<bdi>{}</bdi><br><small dir="ltr">{} · {}</small>',
            comment.name,
            comment.email,
            comment.ip_address or "—",
        )


@admin.register(ModerationRule)
class ModerationRuleAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "action", "note", "created_at"]
    list_filter = ["kind", "action"]
    search_fields = ["value", "note"]
    list_editable = ["action"]

    def has_module_permission(self, request):
        return workflow.can_moderate(request.user)

    def has_view_permission(self, request, obj=None):
        return workflow.can_moderate(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.action(description=_("إغلاق التعليقات على المقالات المحددة"), permissions=["moderate_comment"])
def close_comments(modeladmin, request, queryset):
    changed = workflow.close_comments(queryset, by=request.user)
    modeladmin.message_user(request, _("أُغلقت التعليقات على عدد من المقالات: %(n)s.") % {"n": changed})


@admin.action(description=_("فتح التعليقات على المقالات المحددة"), permissions=["moderate_comment"])
def open_comments(modeladmin, request, queryset):
    changed = workflow.open_comments(queryset, by=request.user)
    modeladmin.message_user(request, _("فُتحت التعليقات على عدد من المقالات: %(n)s.") % {"n": changed})


# Kept out of ArticleAdmin's body so the article admin and the comment tools evolve separately.
ArticleAdmin.actions = [*(ArticleAdmin.actions or ()), close_comments, open_comments]


def _has_moderate_comment_permission(modeladmin, request):
    return workflow.can_moderate(request.user)


ArticleAdmin.has_moderate_comment_permission = _has_moderate_comment_permission
