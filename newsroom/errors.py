"""Error pages: a database that cannot be reached is a 503 with Retry-After, never a 500.

Django calls `handler500` from inside the `except` block of whatever failed (the view, a
middleware, or saving the session after the view), so `sys.exc_info()` still names the error.
The 503 page is self-contained: rendered without a request context, it touches no database.
A POST is given back in it — every field but passwords, on a form that sends it again — so the
comment or the article the user was saving is not lost; nothing of it was saved (every write
path runs in one transaction).
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

DATABASE_ERRORS = (OperationalError, InterfaceError)
MAX_FIELD_CHARACTERS = 200_000


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable(request)
    return defaults.server_error(request, template_name)


def posted_fields(request):
    """([(name, value)] the user sent, whether files were among them); passwords are never echoed."""
    if request.method != "POST":
        return [], False
    try:
        data, files = request.POST, request.FILES
    except Exception:  # an unreadable body: nothing to give back
        return [], False
    fields = [
        (name, value[:MAX_FIELD_CHARACTERS])
        for name in data
        if "password" not in name.lower()
        for value in data.getlist(name)
    ]
    return fields, bool(files)


def is_text(value):
    """Prose worth showing (a comment, a title, a body), not ids, tokens and flags."""
    return len(value) > 80 or any(char.isspace() or not char.isascii() for char in value)


def database_unavailable(request):
    fields, had_files = posted_fields(request)
    context = {
        "texts": [(name, value) for name, value in fields if is_text(value)],
        "hidden": [(name, value) for name, value in fields if not is_text(value)],
        "action": request.get_full_path(),
        "lost_files": had_files,
    }
    response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    response.database_unavailable = True  # the page cache answers with a stale copy if it has one
    return response
