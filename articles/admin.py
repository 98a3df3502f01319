from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from authors.models import Author

from . import admin_workflow, workflow
from .conflicts import VersionCheckForm
from .models import Article, ArticleAuthor, ArticleEvent, Comment, EditConflict, EventTag, Region

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

    # Bylines are part of the article: editable exactly when the article is (issue 4a).
    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._article_editable(request, obj)

    def _article_editable(self, request, article):
        return article is None or workflow.can_edit(request.user, article)


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

    # --- Workflow, roles and edit conflicts (issue 4a) ----------------------------------------
    # Status and dates change only through `articles.workflow` (the buttons and actions below),
    # so every change is checked and logged. Journalists edit their own drafts; editors all.

    change_form_template = "admin/articles/article/workflow_change_form.html"
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
        action = ArticleEvent.Action.EDITED if change else ArticleEvent.Action.CREATED
        changed = "، ".join(str(form.fields[name].label) for name in form.changed_data if name in form.fields)
        workflow.record(
            obj, by=request.user, action=action, from_status=obj.status, to_status=obj.status, note=changed
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not workflow.is_editor(request.user):
            self._add_as_author(request.user, form.instance)

    def _add_as_author(self, user, article):
        if article.bylines.filter(author__user=user).exists():
            return
        author = Author.objects.filter(user=user).first() or Author.objects.create(
            user=user, name_ar=user.get_full_name() or user.get_username()
        )
        position = article.bylines.count()
        ArticleAuthor.objects.get_or_create(article=article, author=author, defaults={"position": position})

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
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context = {
                **(extra_context or {}),
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
        return [
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


@admin.register(Comment)
class CommentAdmin(ContentDirectionMixin, admin.ModelAdmin):
    list_display = ["name", "article", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["name", "email", "body", "ip_address"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
    readonly_fields = ["ip_address", "user_agent", "moderated_by", "moderated_at", "created_at"]
