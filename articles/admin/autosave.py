"""Autosave of the article form's bodies: a record per user and article, offered back on reopening.

The form's script (articles/static/articles/admin/writing.js) posts the bodies every few seconds
while the journalist types and with sendBeacon when the page is left. Staff only (the admin's
own login), CSRF-checked, each user their own record, size-capped; never a revision: saving the
article for real removes the record.
"""

import json

from django.conf import settings
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Autosave
from ..models.autosave import NEW
from ..sanitize import sanitize_html

BODY_FIELDS = [f"body_{code}" for code in settings.MODELTRANSLATION_LANGUAGES]


def urls(model_admin):
    view = model_admin.admin_site.admin_view(
        require_POST(lambda request, key: autosave_view(model_admin, request, key))
    )
    return [path("<str:key>/autosave/", view, name="articles_article_autosave")]


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


def _allowed(model_admin, request, key):
    if key == NEW:
        return model_admin.has_add_permission(request)
    if not key.isdigit():
        raise Http404
    article = model_admin.get_object(request, key)
    if article is None:
        raise Http404
    return model_admin.has_change_permission(request, article)


def autosave_view(model_admin, request, key):
    """POST `fields` (JSON {"body_ar": html, …}) → stored for this user; an empty `fields`
    discards the record."""
    if not _allowed(model_admin, request, key):
        return _error(_("ليست لديك صلاحية تعديل هذا المقال."), 403)
    raw = request.POST.get("fields", "")
    if not raw:
        Autosave.objects.filter(user=request.user, key=key).delete()
        return JsonResponse({"message": _("تُجوهلت المسودة التلقائية.")})
    if len(raw.encode()) > settings.AUTOSAVE_MAX_BYTES:
        return _error(_("النص أطول من أن يُحفظ تلقائيًا؛ احفظ المقال بالزر."), 413)
    try:
        fields = json.loads(raw)
    except ValueError:
        fields = None
    if not isinstance(fields, dict) or not all(
        name in BODY_FIELDS and isinstance(html, str) for name, html in fields.items()
    ):
        return _error(_("تعذّر الحفظ التلقائي: بيانات غير مفهومة."), 400)
    clean = {name: sanitize_html(html) for name, html in fields.items()}
    Autosave.objects.update_or_create(user=request.user, key=key, defaults={"fields": clean})
    return JsonResponse({"message": _("حُفظ تلقائيًا في %(time)s") % {"time": _time(timezone.now())}})


def _time(moment):
    return date_format(timezone.localtime(moment), "H:i")


def config(request, article):
    """What the form's script needs: where to post, and a draft to offer back if one is newer
    than the article and differs from it."""
    key = str(article.pk) if article else NEW
    draft = Autosave.objects.filter(user=request.user, key=key).first()
    offer = None
    if draft and _differs(draft, article):
        offer = {
            "fields": draft.fields,
            "message": _("وُجد نص لم يُحفظ من %(time)s (حفظ تلقائي). هل تسترجعه؟")
            % {"time": date_format(timezone.localtime(draft.saved_at), "j F H:i")},
        }
    return {"url": reverse("admin:articles_article_autosave", args=[key]), "draft": offer}


def _differs(draft, article):
    if article is None:
        return any(html.strip() for html in draft.fields.values())
    if draft.saved_at < article.updated_at:
        return False  # saved for real since
    return any(html != (getattr(article, name) or "") for name, html in draft.fields.items())


def forget(request, article):
    """The article was saved through the form: its autosave (and a new form's) is done with."""
    Autosave.objects.filter(user=request.user, key__in=[str(article.pk), NEW]).delete()
