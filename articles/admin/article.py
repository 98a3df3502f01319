"""The article's change form and list. Content is written through `workflow.save_article`, status
and dates only through the workflow's buttons and actions (`admin/workflow.py`), so every change
is checked and logged. Journalists edit their own drafts; editors everything."""

from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from newsroom.direction import ContentDirectionMixin
from newsroom.pagination import CappedPaginator

from .. import prepublish, workflow
from ..corrections import append_correction
from ..models import Article, ArticleAuthor, Correction, EditConflict
from ..models.article import translated_names
from ..search.backends import newest_matching_ids
from . import autosave
from . import revisions as revision_views
from . import workflow as desk
from .conflicts import VersionCheckForm
from .forms import ArticleAdminForm
from .inlines import ArticleAuthorInline, CorrectionInline
from .taxonomy import RegionFilter

Author = Article._meta.get_field("authors").related_model  # reached through the relation
# What the list shows (and what its state column and links need), never the texts.
LIST_FIELDS = [
    *("id", "slug", "status", "published_at", "updated_at", "is_featured", "region", "version"),
    *translated_names("headline"),
]


class AdminCappedPaginator(CappedPaginator):
    max_pages = 50  # 100 rows a page: 5,000 rows counted at most


@admin.register(Article)
class ArticleAdmin(ContentDirectionMixin, TabbedTranslationAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "state", "author_names", "region", "published_at", "is_featured"]
    list_filter = [
        desk.ArticleStateFilter,
        "status",
        RegionFilter,
        # Every tag and author, not only those of the listed articles: finding those would read
        # the whole archive on each request.
        "tags",
        "authors",
        "published_at",
        "is_featured",
    ]
    # The plain fields; the text itself is searched like the public site (get_search_results).
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
    # No date_hierarchy: its year links need a DISTINCT over every row's date. The published_at
    # filter's ranges do the same job through the index.
    list_per_page = 50
    show_full_result_count = False  # the filtered count only, and capped
    paginator = AdminCappedPaginator
    autocomplete_fields = ["region", "tags", "lead_image"]
    prepopulated_fields = {"slug": ["headline_ar"]}
    inlines = [ArticleAuthorInline, CorrectionInline]
    readonly_fields = ["lead_image_preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "lead", "body"]}),
        (
            _("الصورة الرئيسية"),
            {
                "fields": ["lead_image", "lead_image_preview"],
                "description": _("من مكتبة الصور: التعليق والنص البديل والمصدر تُكتب على الصورة نفسها."),
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
                ]
            },
        ),
        (_("محركات البحث"), {"fields": ["meta_description"]}),
    ]
    change_list_template = "admin/articles/article/workflow_change_list.html"
    actions = [
        desk.publish_selected,
        desk.submit_selected,
        desk.open_comments_selected,
        desk.close_comments_selected,
    ]
    TEXT_FIELDS = ["headline", "kicker", "lead", "body", "meta_description"]

    # --- List ------------------------------------------------------------------------------------

    def get_queryset(self, request):
        authors = Author.objects.only("id", *translated_names("name"))
        return (
            super()
            .get_queryset(request)
            .select_related("region")
            .only(*LIST_FIELDS, *(f"region__{name}" for name in ("id", "slug", *translated_names("name"))))
            .prefetch_related(Prefetch("authors", queryset=authors))
        )

    def get_ordering(self, request):
        return desk.review_first_ordering()

    def get_search_results(self, request, queryset, search_term):
        """The readers' indexed search (same Arabic normalisation; headlines, texts, tags and
        places in every language; the steered plan; the newest 200 matches, unranked, as the desk
        orders the list itself), an author's name, or an exact slug: nothing that reads every row
        (`search_fields` only shows the box)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        ids = [
            *newest_matching_ids(Article.objects.all(), term),
            *Article.objects.filter(slug=term).values_list("pk", flat=True),
        ]
        named = Author.objects.filter(Q(name_ar__icontains=term) | Q(name_fr__icontains=term))
        if not named.exists():  # the usual case: a short list of ids, no OR for the planner
            return queryset.filter(pk__in=ids), False
        bylines = ArticleAuthor.objects.filter(author__in=named).values("article_id")
        return queryset.filter(Q(pk__in=ids) | Q(pk__in=bylines)), False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "state_counts": desk.state_counts()}
        return super().changelist_view(request, extra_context)

    def action_checkbox(self, obj):
        """Django's checkbox column, written out: rendering a form widget through the template
        engine for each row was a third of the list's time."""
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    @admin.display(description=_("المرحلة"))
    def state(self, article):
        return desk.STATE_LABELS[desk.state_of(article)]

    @admin.display(description=_("الكتّاب"))
    def author_names(self, article):
        return "، ".join(author.name for author in article.authors.all())

    # --- Permissions -----------------------------------------------------------------------------

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

    # --- Change form -----------------------------------------------------------------------------

    @admin.display(description=_("معاينة الصورة"))
    def lead_image_preview(self, article):
        if not article.lead_image:
            return "—"
        image = article.lead_image
        return format_html(
            '<img src="{}" alt="{}" class="lead-image-preview"> <a href="{}">{}</a>',
            image.original_url(),
            image.alt,
            reverse("admin:images_image_change", args=[image.pk]),
            _("تعديل التعليق والنص البديل والمصدر"),
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (VersionCheckForm, form), {})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                "prepublish_warnings": prepublish.run_checks(article),
                "workflow_buttons": desk.available_transitions(request.user, article),
                "workflow_state": desk.STATE_LABELS[desk.state_of(article)],
                "schedule_form": desk.ScheduleForm(auto_id="schedule-%s"),
                "article_events": article.events.select_related("actor")[:50],
                "preview_links": article.preview_links.select_related("created_by", "revoked_by"),
                "can_revoke_preview_links": workflow.is_editor(request.user),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["autosave"] = autosave.config(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

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

    # --- Saving: one call to the workflow's write path -------------------------------------------

    def save_model(self, request, obj, form, change):
        """Only note the version the form was loaded with: `save_related` saves it all at once."""
        if change and form.cleaned_data.get("loaded_version") is not None:
            obj.version = form.cleaned_data["loaded_version"]  # the save refuses if the row moved on

    def save_related(self, request, form, formsets, change):
        workflow.save_article(
            form.instance,
            by=request.user,
            save_related=partial(super().save_related, request, form, formsets, change),
            changes=self._changes(form, formsets),
        )
        autosave.forget(request, form.instance)
        if dropped := form.dropped_images():
            message = _(
                "حُذفت %(count)s صورة ملصقة من مواقع أخرى (%(sources)s): "
                "أضف الصور إلى مكتبة الصور ثم أدرجها منها."
            ) % {"count": len(dropped), "sources": "، ".join(dropped[:3])}
            self.message_user(request, message, messages.WARNING)

    def _changes(self, form, formsets):
        """What the form changed, by label; corrections log themselves (`append_correction`)."""
        changed = [str(form.fields[name].label) for name in form.changed_data if name in form.fields]
        changed += [
            str(formset.model._meta.verbose_name_plural)
            for formset in formsets
            if formset.model is not Correction and formset.has_changed()
        ]
        return changed

    def delete_model(self, request, obj):
        workflow.delete_articles(Article.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        workflow.delete_articles(queryset)

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

    def get_urls(self):
        return [*revision_views.urls(self), *desk.urls(self), *autosave.urls(self), *super().get_urls()]
