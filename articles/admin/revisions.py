"""Admin pages for an article's revisions: history, word-level diff, restore.

Plain view functions that `urls()` wires into ArticleAdmin with `admin_site.admin_view`; each
one refuses (403) whoever may not change that article.
"""

from functools import partial

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..diffs import compare
from ..revisions import snapshot
from ..workflow import restore_revision

TEMPLATES = "admin/articles/article/"


def _changeable_article(model_admin, request, object_id):
    article = model_admin.get_object(request, unquote(object_id))
    if article is None:
        raise Http404(_("المقال غير موجود."))
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    return article


def _context(model_admin, request, article, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": article,
        "title": title,
        **extra,
    }


def revision_list(model_admin, request, object_id):
    article = _changeable_article(model_admin, request, object_id)
    revisions = article.revisions.defer("snapshot").select_related("created_by", "restored_from")
    context = _context(model_admin, request, article, _("النسخ المحفوظة"), revisions=revisions)
    return TemplateResponse(request, TEMPLATES + "revision_list.html", context)


def _number(request, name):
    try:
        return int(request.GET[name])
    except (KeyError, ValueError):
        return None


def revision_compare(model_admin, request, object_id):
    """Two revisions side by side in one column: ?old=<number>&new=<number>, latest pair by default."""
    article = _changeable_article(model_admin, request, object_id)
    latest = article.revisions.first()
    if latest is None:
        raise Http404(_("لا نسخ محفوظة لهذا المقال بعد."))
    new = get_object_or_404(article.revisions, number=_number(request, "new") or latest.number)
    old_number = _number(request, "old") or max(new.number - 1, 1)
    old = get_object_or_404(article.revisions, number=old_number)
    context = _context(
        model_admin,
        request,
        article,
        _("الفرق بين النسختين %(old)s و%(new)s") % {"old": old.number, "new": new.number},
        old=old,
        new=new,
        rows=compare(old.snapshot, new.snapshot),
    )
    return TemplateResponse(request, TEMPLATES + "revision_compare.html", context)


def revision_restore(model_admin, request, object_id, number):
    """GET: what restoring would change; POST: restore, as a new revision."""
    article = _changeable_article(model_admin, request, object_id)
    revision = get_object_or_404(article.revisions, number=number)
    if request.method == "POST":
        new, missing = restore_revision(revision, by=request.user)
        model_admin.log_change(request, article, new.note)
        messages.success(request, _("استُعيدت النسخة %(old)s في نسخة جديدة رقم %(new)s.") % {
            "old": revision.number,
            "new": new.number,
        })  # fmt: skip
        if missing:
            messages.warning(request, _("لم يعد موجودًا فلم يُستعد: %s") % "، ".join(missing))
        return redirect(reverse(f"{model_admin.admin_site.name}:articles_article_change", args=[article.pk]))
    context = _context(
        model_admin,
        request,
        article,
        _("استعادة النسخة %(number)s") % {"number": revision.number},
        revision=revision,
        rows=compare(snapshot(article), revision.snapshot),
    )
    return TemplateResponse(request, TEMPLATES + "revision_restore.html", context)


def urls(model_admin):
    def view(function):
        return model_admin.admin_site.admin_view(partial(function, model_admin))

    return [
        path("<path:object_id>/revisions/", view(revision_list), name="articles_article_revisions"),
        path(
            "<path:object_id>/revisions/compare/",
            view(revision_compare),
            name="articles_article_revision_compare",
        ),
        path(
            "<path:object_id>/revisions/<int:number>/restore/",
            view(revision_restore),
            name="articles_article_revision_restore",
        ),
    ]
