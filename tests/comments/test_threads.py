"""Replies show under the comment they answer, on the article page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def test_a_reply_shows_under_its_parent_and_a_reply_to_a_hidden_comment_stands_alone(client):
    article = make_article()
    start = timezone.now() - timedelta(hours=5)
    first = make_comment(article, name="الأول", body="سؤال", status="approved", created_at=start)
    later = make_comment(
        article, name="الثاني", body="تعليق مستقل", status="approved", created_at=start + timedelta(hours=1)
    )
    reply = make_comment(
        article,
        name="المجيب",
        body="جواب",
        status="approved",
        parent=first,
        created_at=start + timedelta(hours=2),
    )
    make_comment(
        article, body="رد على الرد", status="approved", parent=reply, created_at=start + timedelta(hours=3)
    )
    hidden = make_comment(article, body="تعليق ينتظر", status="pending", parent=first)
    make_comment(
        article,
        body="رد على المحجوز",
        status="approved",
        parent=hidden,
        created_at=start + timedelta(hours=4),
    )

    html = client.get(article.get_absolute_url()).content.decode()
    thread = html.split(f'id="comment-{first.pk}"')[1].split(f'id="comment-{later.pk}"')[0]
    assert "comment-replies" in thread and "جواب" in thread and "رد على الرد" in thread
    assert html.index("تعليق مستقل") > html.index("رد على الرد")  # the thread stays together
    assert "تعليق ينتظر" not in html
    assert "رد على المحجوز" in html.split(f'id="comment-{later.pk}"')[1]  # on its own, not lost
    assert "(5)" in html


def test_threads_add_no_queries(client):
    article = make_article()
    parent = make_comment(article, body="أصل", status="approved")
    with CaptureQueriesContext(connection) as flat:
        client.get(article.get_absolute_url())
    for n in range(10):
        parent = make_comment(article, body=f"رد {n}", status="approved", parent=parent)
    with CaptureQueriesContext(connection) as nested:
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="comment-replies"') == 10
    assert len(nested) == len(flat)
