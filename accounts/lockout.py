"""How long a login waits after repeated failures, and the page that says so.

Hooked into django-axes by AXES_COOLOFF_TIME and AXES_LOCKOUT_CALLABLE. The wait depends only on
failures counted for the typed username and for the address, never on whether the account
exists, so neither the wait nor the page tells an attacker anything about accounts.
"""

import math
from datetime import timedelta

from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.http import client_ip

MEMORY = timedelta(days=1)


def failures_today(request):
    """The most failures in the last day of this request's username or of its address."""
    since = timezone.now() - MEMORY
    recent = AccessFailureLog.objects.filter(attempt_time__gte=since)
    username = get_client_username(request)
    ip_address = getattr(request, "axes_ip_address", None) or client_ip(request)
    return max(
        recent.filter(username=username).count() if username else 0,
        recent.filter(ip_address=ip_address).count() if ip_address else 0,
    )


def cool_off(request=None):
    """LOGIN_COOLOFF_MINUTES, doubled for every further LOGIN_FAILURE_LIMIT failures in a day."""
    base = timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    if request is None:
        return base
    rounds = max(1, math.ceil(failures_today(request) / settings.LOGIN_FAILURE_LIMIT))
    return min(base * 2 ** (rounds - 1), timedelta(hours=settings.LOGIN_COOLOFF_MAX_HOURS))


def lockout_response(request, original_response=None, credentials=None):
    minutes = math.ceil(cool_off(request).total_seconds() / 60)
    context = {**admin.site.each_context(request), "title": _("تعذّر الدخول مؤقتًا"), "minutes": minutes}
    return render(request, "accounts/lockout.html", context, status=429)
