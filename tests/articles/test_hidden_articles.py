"""What readers must never reach on an unpublished article, one case per hidden state."""

import pytest
from django.urls import reverse

from comments.models import Comment

pytestmark = pytest.mark.django_db

HIDDEN = ["draft", "review", "withdrawn", "future"]  # the order of the `hidden_articles` fixture


@pytest.mark.parametrize("index", range(len(HIDDEN)), ids=HIDDEN)
def test_a_comment_posted_to_a_hidden_article_is_404_and_stores_nothing(client, hidden_articles, index):
    article = hidden_articles[index]
    assert article.comments_enabled  # refused for being hidden, not for closed comments
    data = {"name": "فاطمة", "email": "fatima@example.com", "body": "تعليق على مقال لم يُنشر.", "website": ""}

    response = client.post(reverse("comments:post", args=[article.pk]), data, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("index", range(len(HIDDEN)), ids=HIDDEN)
def test_the_staff_preview_of_a_hidden_article_sends_anonymous_readers_to_log_in(
    client, hidden_articles, index
):
    article = hidden_articles[index]

    response = client.get(reverse("articles:preview", args=[article.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert article.headline_ar not in response.content.decode()
