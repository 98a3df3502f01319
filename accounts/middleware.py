import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from . import twofactor
from .views import with_next

LAST_SEEN = "accounts.last_seen"


def has_session(request):
    # Readers have no session: leaving theirs untouched keeps public pages free of Vary: Cookie.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class StaffIdleTimeoutMiddleware:
    """Signs staff out after STAFF_SESSION_IDLE_MINUTES without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_session(request) and request.user.is_authenticated and request.user.is_staff:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.STAFF_SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("انتهت جلستك بعد مدة دون نشاط. سجّل الدخول من جديد."))
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if last_seen is None or now - last_seen >= 60:  # one session write a minute at most
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class SecondStepMiddleware:
    """A signed-in user who still owes the second factor reaches only the page that takes it (or,
    not enrolled yet while required to be, the enrolment page) and logout: the admin, staff
    previews and every other page send them there first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (has_session(request) and twofactor.is_pending(request)):
            return None
        view_name = request.resolver_match.view_name
        step = "accounts:verify" if user_has_device(request.user) else "accounts:setup"
        if view_name in (step, "admin:logout"):
            return None
        return redirect(with_next(step, request.get_full_path()))
