"""The second step of a staff login, two-factor enrolment and the session keep-alive, all in the
admin's own (right-to-left) look."""

from base64 import b32encode
from functools import wraps
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import twofactor
from .forms import CodeForm


def staff_member(view):
    """Signed-in active staff only (the second step may still be owed); others go to the login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def next_url(request):
    url = request.POST.get("next") or request.GET.get("next")
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else reverse("admin:index")


def with_next(view_name, url):
    return f"{reverse(view_name)}?{urlencode({'next': url})}"


def admin_page(request, template, title, **context):
    # The admin's header and user links, without the sidebar of apps the user may not reach yet.
    context = {**admin.site.each_context(request), "is_nav_sidebar_enabled": False, "title": title, **context}
    return render(request, template, context)


@staff_member
def verify(request):
    user, destination = request.user, next_url(request)
    if twofactor.is_pending(request) and not user_has_device(user):  # removed since login
        twofactor.remember_enrolment(request, user)
        if twofactor.is_required(user):
            return redirect(with_next("accounts:setup", destination))
    if not twofactor.is_pending(request):
        return redirect(destination)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = twofactor.verify(request, form.cleaned_data["code"])
        except twofactor.TooManyTries:
            form.add_error("code", _("رموز خاطئة كثيرة متتالية. انتظر قليلًا ثم أعد المحاولة."))
        else:
            if device is not None:
                if isinstance(device, StaticDevice):
                    left = twofactor.backup_codes_left(user)
                    messages.warning(
                        request,
                        ngettext(
                            "استعملت رمزًا احتياطيًا؛ بقي لك رمز واحد.",
                            "استعملت رمزًا احتياطيًا؛ بقي لك %(count)d من الرموز.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(destination)
            form.add_error("code", _("الرمز غير صحيح أو انتهت مدته. أعد المحاولة."))
    return admin_page(request, "accounts/verify.html", _("التحقق بخطوتين"), form=form, next=destination)


def qr_code_svg(device):
    """The device's otpauth:// address as an inline SVG, so no image request and no data: URL."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return mark_safe(image.to_string(encoding="unicode"))  # our own markup, no user text in it


@staff_member
def setup(request):
    """Enrol (or replace) the authenticator app: QR code, key to type by hand, confirming code."""
    user, destination = request.user, next_url(request)
    enrolled = TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    if enrolled and not request.GET.get("replace") and request.method != "POST":
        return admin_page(
            request,
            "accounts/enrolled.html",
            _("التحقق بخطوتين"),
            backup_codes_left=twofactor.backup_codes_left(user),
            required=twofactor.is_required(user),
        )
    device = twofactor.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = twofactor.confirm_authenticator(request, device, form.cleaned_data["code"])
        if codes is not None:
            return admin_page(
                request, "accounts/backup_codes.html", _("رموزك الاحتياطية"), codes=codes, next=destination
            )
        form.add_error("code", _("هذا الرمز لا يطابق المفتاح. تأكد من ساعة الهاتف واكتب الرمز الحالي."))
    key = b32encode(device.bin_key).decode()
    return admin_page(
        request,
        "accounts/setup.html",
        _("تفعيل التحقق بخطوتين"),
        form=form,
        qr_code=qr_code_svg(device),
        key_groups=[key[i : i + 4] for i in range(0, len(key), 4)],
        required=twofactor.is_required(user),
        next=destination,
    )


@require_POST
@staff_member
def backup_codes(request):
    if not request.user.is_verified():
        return redirect(with_next("accounts:verify", reverse("accounts:setup")))
    codes = twofactor.replace_backup_codes(request.user)
    return admin_page(
        request, "accounts/backup_codes.html", _("رموزك الاحتياطية"), codes=codes, next=reverse("admin:index")
    )


@staff_member
def keepalive(request):
    """Answered while the session lives; StaffIdleTimeoutMiddleware counts the request as activity."""
    return HttpResponse(status=204)
