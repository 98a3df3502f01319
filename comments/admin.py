"""The comment queue and the moderation rules. Decisions go through `comments.workflow`; journalists
see the comments on their own articles, read-only and without the commenters' private details."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.db.models.constants import LOOKUP_SEP
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from newsroom.direction import ContentDirectionMixin

from . import workflow
from .models import Comment, ModerationRule


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
    list_display = ["excerpt", "status", "commenter", "article_headline", "created_at", "flag"]
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
        "flag_detail",
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
    # Editors' knowledge: never shown to, searched or filtered by anyone else.
    private_fields = frozenset({"email", "ip_address", "user_agent", "flag_detail", "browser_key"})
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
        return queryset.filter(article__authors__user=request.user)

    def get_fields(self, request, obj=None):
        if self.has_moderate_permission(request):
            return self.fields
        return [f for f in self.fields if f not in self.private_fields]

    def get_list_display(self, request):
        if self.has_moderate_permission(request):
            return self.list_display
        return self.list_display_for_readers

    def lookup_allowed(self, lookup, value, request=None):
        """URL filters on a private field (`?email__startswith=…`, also through a relation back to
        comments) would reveal it one guess at a time: refused (400) for all but editors."""
        touches_private = not self.private_fields.isdisjoint(lookup.split(LOOKUP_SEP))
        if touches_private and not (request and self.has_moderate_permission(request)):
            return False
        return super().lookup_allowed(lookup, value, request)

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

    def delete_model(self, request, obj):
        workflow.delete_comments(Comment.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        workflow.delete_comments(queryset)

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

    @admin.display(description=_("ملاحظة المرشّح"))
    def flag(self, comment):
        if not comment.flag_detail:
            return comment.flag_reason
        return format_html('{}<br><small dir="auto">{}</small>', comment.flag_reason, comment.flag_detail)

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
