"""Preview links for outside reviewers (a lawyer checking a sensitive story): the tokens.

A link's token is random and shown once, when the link is made; only its SHA-256 digest is stored
(`PreviewLink.token_hash`), so the table cannot be turned back into working links. A link works
until `PreviewLinkQuerySet.end()` or its expiry stops it; `articles.workflow` makes, revokes and
(on withdrawal) ends them.

Links of the previous release were signed instead (`<id>:<timestamp>:<signature>`) and stored
nowhere, so they can be neither listed nor revoked: they are refused as expired (410), and the
editor makes a new one.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing

PREVIOUS_RELEASE_SALT = "articles.preview-link"


def max_age():
    return timedelta(hours=settings.PREVIEW_LINK_MAX_AGE_HOURS)


def new_token():
    return secrets.token_urlsafe(32)


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def is_previous_release_link(token):
    """A genuine signed link of the previous release (whatever its age)."""
    try:
        signing.TimestampSigner(salt=PREVIOUS_RELEASE_SALT).unsign(token)
    except signing.BadSignature:
        return False
    return True
