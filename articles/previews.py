"""Signed preview links for outside reviewers (a lawyer checking a sensitive story).

The token carries only the article's id, signed with the site's secret and timestamped; it is
valid for `PREVIEW_LINK_MAX_AGE_HOURS` and only while the article has not gone public since the
link was made.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

SALT = "articles.preview-link"


class LinkExpired(Exception):
    """The link was genuine but is too old, or the article has been published since."""


def max_age():
    return timedelta(hours=settings.PREVIEW_LINK_MAX_AGE_HOURS)


def make_token(article):
    return signing.TimestampSigner(salt=SALT).sign(str(article.pk))


def read_token(token):
    """(article id, time issued) of a genuine, unexpired token; `BadSignature` or `LinkExpired` otherwise."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=max_age())
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    timestamp = token.rsplit(signer.sep, 2)[1]  # value:timestamp:signature, already verified
    return int(value), datetime.fromtimestamp(signing.b62_decode(timestamp), tz=UTC)


def check_not_published_since(article, issued_at):
    """A link stops working for good once its article has gone live after it was made."""
    if article.published_at and issued_at <= article.published_at <= timezone.now():
        raise LinkExpired
