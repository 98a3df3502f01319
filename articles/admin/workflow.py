"""The editorial workflow in the article admin: states for the list, buttons, bulk actions.

The views and actions only translate a POST into a call to `articles.workflow`, which does the
checking.
"""

from datetime import timedelta
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import workflow
from ..models import Article
from ..models.article import desk_rank

Status = Article.Status


# --- States as the desk sees them -----------------------------------------------------------


def state_conditions(now):
    """ "Scheduled" and "live" are both status published, told apart by the clock."""
    return {
        "review": Q(status=Status.REVIEW),
        "draft": Q(status=Status.DRAFT),
        "scheduled": Q(status=Status.PUBLISHED, published_at__gt=now),
        "live": Q(status=Status.PUBLISHED, published_at__lte=now),
        "withdrawn": Q(status=Status.WITHDRAWN),
    }


STATE_LABELS = {
    "review": gettext_lazy("بانتظار المراجعة"),
    "draft": gettext_lazy("مسودات"),
    "scheduled": gettext_lazy("مجدولة"),
    "live": gettext_lazy("منشورة"),
    "withdrawn": gettext_lazy("مسحوبة"),
}


def state_of(article):
    if article.status == Status.PUBLISHED:
        return "live" if article.is_published() else "scheduled"
    return article.status


def review_first_ordering():
    """Awaiting review first, then drafts, published and withdrawn; newest edits first in each."""
    return [desk_rank().asc(), "-updated_at", "-id"]


STATE_COUNT_CAP = 10_000


def state_counts():
    """How many articles are in each state, each counted through the status index and at most
    STATE_COUNT_CAP (shown as «+10000»): the desk needs the small numbers exact, not the archive's."""
    counts = []
    for key, condition in state_conditions(timezone.now()).items():
        n = Article.objects.filter(condition).order_by()[: STATE_COUNT_CAP + 1].count()
        counts.append((key, STATE_LABELS[key], n if n <= STATE_COUNT_CAP else f"+{STATE_COUNT_CAP}"))
    return counts


class ArticleStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("المرحلة")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(STATE_LABELS.items())

    def queryset(self, request, queryset):
        condition = state_conditions(timezone.now()).get(self.value())
        return queryset.filter(condition) if condition is not None else queryset


# --- Which buttons a user gets on an article ------------------------------------------------


def available_transitions(user, article):
    """The buttons to show; the workflow functions check again when one is pressed."""
    editor = workflow.is_editor(user)
    state = state_of(article)
    buttons = []
    if state == "draft" and workflow.can_edit(user, article):
        buttons.append("submit")
    if state == "review" and workflow.is_author(user, article) and not workflow.editor_has_acted(article):
        buttons.append("unsubmit")
    if editor:
        if state != "live":
            buttons += ["publish", "schedule"]
        if state in ("live", "scheduled"):
            buttons.append("withdraw")
        if state in ("review", "scheduled", "withdrawn"):
            buttons.append("send_back")
        buttons.append("close_comments" if article.comments_enabled else "open_comments")
        if state != "live":
            buttons.append("preview_link")
    return buttons


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=gettext_lazy("موعد النشر"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at <= timezone.now():
            raise forms.ValidationError(_("اختر موعدًا في المستقبل، أو انشر الآن."))
        return at


def _note(request):
    return request.POST.get("note", "").strip()


def _schedule(article, request):
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        raise workflow.WorkflowError(" ".join(form.errors["at"]))
    return workflow.publish(article, by=request.user, at=form.cleaned_data["at"])


TRANSITIONS = {
    "submit": (lambda a, r: workflow.submit_for_review(a, by=r.user), gettext_lazy("أُرسل المقال للمراجعة.")),
    "unsubmit": (lambda a, r: workflow.withdraw_submission(a, by=r.user), gettext_lazy("استرجعت المقال.")),
    "publish": (lambda a, r: workflow.publish(a, by=r.user), gettext_lazy("نُشر المقال.")),
    "schedule": (_schedule, gettext_lazy("جُدول نشر المقال.")),
    "withdraw": (lambda a, r: workflow.withdraw(a, by=r.user, note=_note(r)), gettext_lazy("سُحب المقال.")),
    "send_back": (
        lambda a, r: workflow.send_back_to_draft(a, by=r.user, note=_note(r)),
        gettext_lazy("أُرجع المقال إلى المسودة."),
    ),
    "open_comments": (lambda a, r: workflow.open_comments(a, by=r.user), gettext_lazy("فُتحت التعليقات.")),
    "close_comments": (lambda a, r: workflow.close_comments(a, by=r.user), gettext_lazy("أُغلقت التعليقات.")),
}


# --- Views behind the buttons ---------------------------------------------------------------


def _article_for(model_admin, request, object_id):
    if request.method != "POST":
        raise Http404
    article = model_admin.get_object(request, unquote(object_id))  # None for "abc" too, not a 500
    if article is None:
        raise Http404
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    return article


def transition_view(model_admin, request, object_id, transition):
    article = _article_for(model_admin, request, object_id)
    if transition not in TRANSITIONS:
        raise Http404
    run, done = TRANSITIONS[transition]
    try:
        run(article, request)
    except (PermissionDenied, workflow.WorkflowError) as error:
        messages.error(request, str(error) or _("ليست لديك صلاحية هذا الإجراء."))
    else:
        messages.success(request, done)
    return redirect("admin:articles_article_change", article.pk)


def preview_link_view(model_admin, request, object_id):
    article = _article_for(model_admin, request, object_id)
    try:
        link, token = workflow.create_preview_link(article, by=request.user)
    except (PermissionDenied, workflow.WorkflowError) as error:
        messages.error(request, str(error) or _("ليست لديك صلاحية هذا الإجراء."))
        return redirect("admin:articles_article_change", article.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": _("رابط معاينة للمراجعين"),
        "link": request.build_absolute_uri(reverse("articles:shared-preview", args=[token])),
        "expires_at": link.expires_at,
        "hours": int((link.expires_at - link.created_at) / timedelta(hours=1)),
    }
    response = TemplateResponse(request, "admin/articles/article/preview_link.html", context)
    response["Cache-Control"] = "no-store"
    return response


def revoke_preview_link_view(model_admin, request, object_id, link_id):
    article = _article_for(model_admin, request, object_id)
    link = article.preview_links.filter(pk=link_id).first()
    if link is None:
        raise Http404
    try:
        workflow.revoke_preview_link(link, by=request.user)
    except (PermissionDenied, workflow.WorkflowError) as error:
        messages.error(request, str(error) or _("ليست لديك صلاحية هذا الإجراء."))
    else:
        messages.success(request, _("أُلغي رابط المعاينة."))
    return redirect("admin:articles_article_change", article.pk)


def urls(model_admin):
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "<path:object_id>/workflow/<str:transition>/",
            wrap(partial(transition_view, model_admin)),
            name="articles_article_transition",
        ),
        path(
            "<path:object_id>/preview-link/",
            wrap(partial(preview_link_view, model_admin)),
            name="articles_article_preview_link",
        ),
        path(
            "<path:object_id>/preview-links/<int:link_id>/revoke/",
            wrap(partial(revoke_preview_link_view, model_admin)),
            name="articles_article_preview_link_revoke",
        ),
    ]


# --- Bulk actions on the article list -------------------------------------------------------


def _bulk(model_admin, request, queryset, run, done):
    succeeded, refused = 0, []
    for article in queryset:
        try:
            run(article)
            succeeded += 1
        except (PermissionDenied, workflow.WorkflowError) as error:
            refused.append(f"«{article}»: {error}")
    if succeeded:
        model_admin.message_user(request, done.format(count=succeeded), messages.SUCCESS)
    for line in refused:
        model_admin.message_user(request, line, messages.WARNING)


@admin.action(description=gettext_lazy("نشر المقالات المحددة الآن"), permissions=["publish"])
def publish_selected(model_admin, request, queryset):
    run = partial(_by, workflow.publish, request.user)
    _bulk(model_admin, request, queryset, run, _("نُشر {count} مقال."))


@admin.action(description=gettext_lazy("إرسال المحدد للمراجعة"), permissions=["change"])
def submit_selected(model_admin, request, queryset):
    run = partial(_by, workflow.submit_for_review, request.user)
    _bulk(model_admin, request, queryset, run, _("أُرسل {count} مقال للمراجعة."))


@admin.action(description=gettext_lazy("فتح التعليقات على المحدد"), permissions=["publish"])
def open_comments_selected(model_admin, request, queryset):
    count = workflow.open_comments(queryset, by=request.user)
    model_admin.message_user(request, _("فُتحت التعليقات على {count} مقال.").format(count=count))


@admin.action(description=gettext_lazy("إغلاق التعليقات على المحدد"), permissions=["publish"])
def close_comments_selected(model_admin, request, queryset):
    count = workflow.close_comments(queryset, by=request.user)
    model_admin.message_user(request, _("أُغلقت التعليقات على {count} مقال.").format(count=count))


def _by(transition, user, article):
    return transition(article, by=user)
