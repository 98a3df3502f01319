from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, Q, When
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from . import admin_revisions, admin_workflow, prepublish, renditions, revisions, workflow
from .conflicts import VersionCheckForm
from .corrections import append_correction
from .forms import ArticleAdminForm
from .models import (
    Article,
    ArticleAuthor,
    ArticleEvent,
    Comment,
    Correction,
    EditConflict,
    EventTag,
    ModerationRule,
    Region,
)

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


class RegionFilter(admin.SimpleListFilter):
    """Filter by region, province or commune, each including everything under it.

    Listing all 1,590 divisions would be unusable: show the 12 regions, and under the chosen one
    its provinces (and under a chosen province its communes).
    """

    title = _("المنطقة")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        choices = [(region.code, region.name) for region in Region.objects.top_level()]
        selected = Region.objects.filter(code=self.value()).first() if self.value() else None
        for depth, region in enumerate([*selected.ancestors(), selected] if selected else [], start=1):
            codes = [code for code, _name in choices]
            if region.code in codes:
                at = codes.index(region.code) + 1
                # The right-to-left mark keeps the indenting dashes on the start side.
                indent = "\u200f" + "— " * depth
                choices[at:at] = [(child.code, indent + child.name) for child in region.children.all()]
        return choices

    def queryset(self, request, queryset):
        region = Region.objects.filter(code=self.value()).first() if self.value() else None
        return queryset.in_region(region) if region else queryset


class ArticleAuthorInline(ContentDirectionMixin, admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("كاتب")
    verbose_name_plural = _("الكتّاب (بترتيب التوقيع)")

    # Bylines are part of the article: editable exactly when the article is (issue 4a).
    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._article_editable(request, obj)

    def _article_editable(self, request, article):
        return article is None or workflow.can_edit(request.user, article)


class CorrectionInline(TranslationStackedInline):
    """Corrections are appended to published articles by those allowed to (editors), and never
    edited in place, by anyone: the record of what was wrong must stay as published."""

    model = Correction
    fields = ["kind", "text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    verbose_name = _("تصحيح أو توضيح")
    verbose_name_plural = _("التصحيحات والتوضيحات")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if self.has_add_permission(request, obj) else 0

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.is_published() and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        # Existing rows render read-only, and the admin's formset ignores posted changes to them.
        return False


@admin.register(Article)
class ArticleAdmin(ContentDirectionMixin, TabbedTranslationAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "status", "author_names", "region", "published_at", "is_featured"]
    list_filter = [
        "status",
        RegionFilter,
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("authors", admin.RelatedOnlyFieldListFilter),
        "published_at",
        "is_featured",
    ]
    search_fields = [
        "headline_ar",
        "headline_fr",
        "headline_en",
        "lead_ar",
        "slug",
        "byline",
        "authors__name_ar",
        "authors__name_fr",
    ]
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

    # Search (issue 6): the same normalisation as the public search, over every status.
    def get_search_results(self, request, queryset, search_term):
        """The readers' search (same Arabic normalisation) or the plain fields (byline, authors, slug)."""
        if not search_term.strip():
            return queryset, False
        plain, _duplicates = super().get_search_results(request, queryset, search_term)
        matches = Article.objects.search(search_term).values("pk")
        return queryset.filter(Q(pk__in=matches) | Q(pk__in=plain.values("pk"))), False

    @admin.display(description=_("الكتّاب"))
    def author_names(self, article):
        return "، ".join(author.name for author in article.authors.all())

    @admin.display(description=_("معاينة الصورة"))
    def lead_image_preview(self, article):
        if not article.lead_image:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" class="lead-image-preview">',
            article.lead_image.url,
            article.image_alt,
        )

    # --- Revisions, corrections, pre-publish checks (issue 4b) ---------------------------------

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            if correction.pk is not None:
                continue  # never rewritten in place (see CorrectionInline)
            try:
                append_correction(correction, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        for correction in formset.deleted_objects:
            correction.delete()

    # --- Workflow, roles and edit conflicts (issue 4a) ----------------------------------------
    # Status and dates change only through `articles.workflow` (the buttons and actions below),
    # so every change is checked and logged. Journalists edit their own drafts; editors all.

    change_list_template = "admin/articles/article/workflow_change_list.html"
    actions = ["publish_selected", "submit_selected", "open_comments_selected", "close_comments_selected"]
    TEXT_FIELDS = ["headline", "kicker", "lead", "body", "image_caption", "image_alt", "meta_description"]

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        locked = ["status", "published_at"]  # the workflow buttons change these, and log it
        if not workflow.is_editor(request.user):
            locked += ["comments_enabled", "is_featured"]
        elif obj is not None:
            locked.append("comments_enabled")  # open/close buttons, so the change is logged
        return [*super().get_readonly_fields(request, obj), *locked]

    def get_ordering(self, request):
        return admin_workflow.review_first_ordering()

    def get_list_filter(self, request):
        return [admin_workflow.ArticleStateFilter, *super().get_list_filter(request)]

    def get_list_display(self, request):
        return [self.state if name == "status" else name for name in super().get_list_display(request)]

    @admin.display(description=_("المرحلة"))
    def state(self, article):
        return admin_workflow.STATE_LABELS[admin_workflow.state_of(article)]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (VersionCheckForm, form), {})

    def save_model(self, request, obj, form, change):
        if change and form.cleaned_data.get("loaded_version") is not None:
            obj.version = form.cleaned_data["loaded_version"]  # save() refuses if the row moved on
        super().save_model(request, obj, form, change)
        if "lead_image" in form.changed_data and obj.lead_image:
            # Made once the upload is committed, so no reader waits for the resized copies.
            transaction.on_commit(partial(renditions.prepare, obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not workflow.is_editor(request.user):
            workflow.add_to_byline(form.instance, user=request.user)
        revisions.record_revision(form.instance, by=request.user)
        self._record_save(request, form, formsets, change)

    def _record_save(self, request, form, formsets, change):
        """Log what the save changed; a save that changed nothing is not an event."""
        changed = [str(form.fields[name].label) for name in form.changed_data if name in form.fields]
        # Corrections log themselves (`append_correction`).
        changed += [
            str(formset.model._meta.verbose_name_plural)
            for formset in formsets
            if formset.model is not Correction and formset.has_changed()
        ]
        if change and not changed:
            return
        article = form.instance
        workflow.record(
            article,
            by=request.user,
            action=ArticleEvent.Action.EDITED if change else ArticleEvent.Action.CREATED,
            note="، ".join(changed),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            refused = self._refused_save(request, object_id)
            if refused:
                return refused
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Saved by someone else between our check and our write: the form's check now fails,
            # so the second pass shows the conflict with the user's text intact.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _refused_save(self, request, object_id):
        """Not allowed to save (any more, e.g. published meanwhile): refuse, but hand the text back."""
        article = self.get_object(request, object_id)
        if article is None or self.has_change_permission(request, article):
            return None
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        typed = [
            (f"{Article._meta.get_field(field).verbose_name} [{lang}]", request.POST[f"{field}_{lang}"])
            for field in self.TEXT_FIELDS
            for lang in settings.MODELTRANSLATION_LANGUAGES
            if request.POST.get(f"{field}_{lang}", "").strip()
        ]
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": article}
        context.update(title=_("لم يُحفظ التعديل"), typed=typed)
        return TemplateResponse(request, "admin/articles/article/save_refused.html", context, status=403)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            if request.method == "POST" and self.has_change_permission(request, article):
                revisions.ensure_baseline(article)
            extra_context = {
                **(extra_context or {}),
                "prepublish_warnings": prepublish.run_checks(article),
                "workflow_buttons": admin_workflow.available_transitions(request.user, article),
                "workflow_state": admin_workflow.STATE_LABELS[admin_workflow.state_of(article)],
                "schedule_form": admin_workflow.ScheduleForm(auto_id="schedule-%s"),
                "article_events": article.events.select_related("actor")[:50],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "state_counts": admin_workflow.state_counts()}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view

        def view(function):
            return wrap(partial(function, self))

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
            path(
                "<path:object_id>/workflow/<str:transition>/",
                wrap(self.transition_view),
                name="articles_article_transition",
            ),
            path(
                "<path:object_id>/preview-link/",
                wrap(self.preview_link_view),
                name="articles_article_preview_link",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, transition):
        return admin_workflow.transition_view(self, request, object_id, transition)

    def preview_link_view(self, request, object_id):
        return admin_workflow.preview_link_view(self, request, object_id)

    def _bulk(self, request, queryset, run, done):
        succeeded, refused = 0, []
        for article in queryset:
            try:
                run(article)
                succeeded += 1
            except (PermissionDenied, workflow.WorkflowError) as error:
                refused.append(f"«{article}»: {error}")
        if succeeded:
            self.message_user(request, done.format(count=succeeded), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=_("نشر المقالات المحددة الآن"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        run = lambda article: workflow.publish(article, by=request.user)  # noqa: E731
        self._bulk(request, queryset, run, _("نُشر {count} مقال."))

    @admin.action(description=_("إرسال المحدد للمراجعة"), permissions=["change"])
    def submit_selected(self, request, queryset):
        run = lambda article: workflow.submit_for_review(article, by=request.user)  # noqa: E731
        self._bulk(request, queryset, run, _("أُرسل {count} مقال للمراجعة."))

    @admin.action(description=_("فتح التعليقات على المحدد"), permissions=["publish"])
    def open_comments_selected(self, request, queryset):
        count = workflow.open_comments(queryset, by=request.user)
        self.message_user(request, _("فُتحت التعليقات على {count} مقال.").format(count=count))

    @admin.action(description=_("إغلاق التعليقات على المحدد"), permissions=["publish"])
    def close_comments_selected(self, request, queryset):
        count = workflow.close_comments(queryset, by=request.user)
        self.message_user(request, _("أُغلقت التعليقات على {count} مقال.").format(count=count))


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
    search_fields_for_readers = ["name", "body"]  # searching by e-mail or IP would reveal them
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

    def get_search_fields(self, request):
        if self.has_moderate_permission(request):
            return self.search_fields
        return self.search_fields_for_readers

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
