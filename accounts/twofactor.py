"""The second step of a staff login: who must take it, and the devices that answer it.

Two kinds of device: an authenticator app (TOTP, six digits that change every 30 seconds) and
ten single-use backup codes for the day the phone is lost. Enrolling confirms the app with one
of its codes and issues the backup codes; a superuser can remove a lost device in the admin.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.http import client_ip

# Editors are the role that may publish (articles/roles.py); superusers have every permission.
EDITOR_PERMISSION = "articles.publish_article"
BACKUP_CODE_COUNT = 10

log = logging.getLogger("accounts.login")


class TooManyTries(Exception):
    """The device refuses codes for a while after wrong ones (django-otp doubles the wait each time)."""


def is_required(user):
    """With STAFF_2FA_REQUIRED on, editors and superusers may not work without a second factor."""
    return (
        settings.STAFF_2FA_REQUIRED
        and user.is_staff
        and (user.is_superuser or user.has_perm(EDITOR_PERMISSION))
    )


# Whether the user had a device when this session signed in: read on every request at no cost.
ENROLLED_AT_LOGIN = "accounts.enrolled_at_login"


def remember_enrolment(request, user):
    request.session[ENROLLED_AT_LOGIN] = user_has_device(user)


def is_pending(request):
    """True for a signed-in user who must still give the second factor in this session.

    Anyone with a device must use it, whether required or not: enrolling would protect nothing
    otherwise. A device removed since login is noticed on the way to the second step.
    """
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return bool(request.session.get(ENROLLED_AT_LOGIN)) or is_required(user)


def normalise_code(code):
    """What people type between groups (spaces, hyphens) and letter case do not matter."""
    return "".join(code.split()).replace("-", "").lower()


def _devices_for(user, code):
    if code.isdigit() and len(code) == 6:
        return TOTPDevice.objects.devices_for_user(user).select_for_update()
    return StaticDevice.objects.devices_for_user(user).select_for_update()


def verify(request, code):
    """Accept a code from the user's authenticator or one unused backup code for this session.

    The device that took it is returned (a backup code is then used up), or None. Raises
    TooManyTries while the device is throttled. Each refusal is logged with the address.
    """
    user, code = request.user, normalise_code(code)
    who = (user.get_username(), client_ip(request))
    with transaction.atomic():
        for device in _devices_for(user, code):
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                log.warning("Second step throttled: username=%r ip=%s", *who)
                raise TooManyTries
            if device.verify_token(code):
                _verified(request, device)
                return device
    log.warning("Second step failed: username=%r ip=%s", *who)
    return None


def _verified(request, device):
    # A session that gains a privilege gets a new key, as at login.
    request.session.cycle_key()
    otp_login(request, device)
    request.session[ENROLLED_AT_LOGIN] = True


def pending_authenticator(user):
    """The user's authenticator waiting for its first code, made on first call; its key is what
    the QR code shows."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=_("تطبيق المصادقة"), confirmed=False)


def confirm_authenticator(request, device, code):
    """Enrol `device` if `code` comes from it: it replaces any earlier authenticator, this session
    counts as verified and new backup codes are returned (shown once). None if the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(normalise_code(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        codes = replace_backup_codes(device.user)
    _verified(request, device)
    log.info("Two-factor enrolled: username=%r ip=%s", device.user.get_username(), client_ip(request))
    return codes


def replace_backup_codes(user):
    """BACKUP_CODE_COUNT fresh single-use codes for `user`; the previous ones stop working."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=_("رموز احتياطية"), confirmed=True)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
