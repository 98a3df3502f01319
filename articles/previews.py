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


def issued_at(token):
    timestamp = token.rsplit(signing.TimestampSigner().sep, 1)[-1]
    return datetime.fromtimestamp(signing.b62_decode(timestamp), tz=UTC)


def article_pk(token):
    """The article id in a genuine, unexpired token; `BadSignature` or `LinkExpired` otherwise."""
    try:
        return int(signing.TimestampSigner(salt=SALT).unsign(token, max_age=max_age()))
    except signing.SignatureExpired as error:
        raise LinkExpired from error


def check_not_published_since(article, token):
    """A link stops working for good once its article has gone live after it was made."""
    if article.published_at and issued_at(token) <= article.published_at <= timezone.now():
        raise LinkExpired
