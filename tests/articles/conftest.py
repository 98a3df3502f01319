from datetime import timedelta

import pytest
from django.utils import timezone, translation

from articles.models import Article
from tests.factories import make_article

from .helpers import HIDDEN_HEADLINES


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
