import logging
import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import twofactor
from .middleware import LAST_SEEN

log = logging.getLogger("accounts.login")


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    """Each refused try while locked out, with the address it came from (failures are logged by axes)."""
    log.warning("Staff login locked out: username=%r ip=%s", username, ip_address)


@receiver(user_logged_in)
def start_staff_session(sender, request, user, **kwargs):
    """Note in the new session what every later request needs, so no request queries it again:
    when it was last used (the idle sign-out) and whether its user has a second factor."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())
        twofactor.remember_enrolment(request, user)
