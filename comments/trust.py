"""Which browser a comment comes from, for COMMENTS_AUTO_APPROVE.

An e-mail address proves nothing (anyone can type a known reader's), so trust also needs the
browser: the first comment a browser posts gives it a random key in a signed, HttpOnly cookie, and
each comment stores the key it came with. The reader is gone when an editor approves, so nothing is
set then; the next comment from that browser brings the key back, and `screening` counts the
approved comments with the same address and the same key.
"""

import secrets
from datetime import timedelta

from django.conf import settings

COOKIE_NAME = "newsroom_commenter"
SALT = "comments.trust"
MAX_AGE = timedelta(days=365)


def browser_key(request):
    """The key this browser was given, or a new one (a missing, forged or year-old cookie)."""
    key = request.get_signed_cookie(COOKIE_NAME, default=None, salt=SALT, max_age=MAX_AGE)
    return key or secrets.token_urlsafe(16)


def remember_browser(response, request, key):
    """Give the browser its key for a year (again: each comment renews it)."""
    response.set_signed_cookie(
        COOKIE_NAME,
        key,
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )
    return response
