"""Fixtures for article tests: a frozen clock, one user per role, unpublished articles."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.utils import timezone, translation

from articles.models import Article
from tests.factories import make_article, make_author, make_user

from .helpers import HIDDEN_HEADLINES


class FrozenClock:
    """`timezone.now()` (and the signer's clock) stand still until moved by hand."""

    def __init__(self, now):
        self.now = now

    def set(self, now):
        self.now = now

    def advance(self, **kwargs):
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock(monkeypatch):
    frozen = FrozenClock(datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Africa/Casablanca")))
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: frozen.now.timestamp()))
    return frozen


def _staff(username, role):
    user = make_user(username, groups=[role], is_staff=True)
    make_author(name_ar=f"حساب {username}", user=user)
    return user


@pytest.fixture
def journalist(db):
    return _staff("journalist", "Journalist")


@pytest.fixture
def other_journalist(db):
    return _staff("colleague", "Journalist")


@pytest.fixture
def editor(db):
    return _staff("editor", "Editor")


@pytest.fixture
def journalist_client(client, journalist):
    client.force_login(journalist)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def hidden_articles():
    """One article in each state the public must never see (draft, review, withdrawn, future)."""
    now = timezone.now()
    draft, review, withdrawn, future = HIDDEN_HEADLINES
    return [
        make_article(headline_ar=draft, status=Article.Status.DRAFT, published_at=None),
        make_article(headline_ar=review, status=Article.Status.REVIEW, published_at=None),
        make_article(
            headline_ar=withdrawn, status=Article.Status.WITHDRAWN, published_at=now - timedelta(days=1)
        ),
        make_article(headline_ar=future, published_at=now + timedelta(hours=2)),
    ]


@pytest.fixture(autouse=True)
def _arabic_by_default():
    """Each test starts in Arabic: a request to /fr/… leaves French active in the thread after it."""
    with translation.override("ar"):
        yield
