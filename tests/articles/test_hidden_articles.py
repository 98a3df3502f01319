"""What readers must never reach on an unpublished article, one case per hidden state."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import ArticleAuthor, EventTag
from comments.models import Comment
from tests.factories import make_article, make_author, make_tag

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


# --- Tags and authors known only from unpublished articles -----------------------------------

SECRET_TAG, NEW_HIRE, GONE = "استقالة الوزير", "صحفية جديدة", "كاتب غادر"


@pytest.fixture
def secret_subjects(hidden_articles):
    """A tag and an active author that only unpublished articles have, an inactive author of a
    published article, and a tag no article has."""
    tag = make_tag(name_ar=SECRET_TAG, slug="minister-resigns")
    author = make_author(name_ar=NEW_HIRE, slug="new-hire")
    for article in hidden_articles:
        article.tags.add(tag)
        ArticleAuthor.objects.create(article=article, author=author)
    gone = make_author(name_ar=GONE, slug="gone", is_active=False)
    make_article(headline_ar="خبر منشور", authors=[gone])
    return {"tag": tag, "author": author, "gone": gone, "unused": make_tag(slug="unused")}


def subject_urls(subject):
    names = (
        ("tag", "tag-feed", "tag-feed-atom")
        if isinstance(subject, EventTag)
        else ("detail", "feed", "feed-atom")
    )
    app = "articles" if isinstance(subject, EventTag) else "authors"
    for language in ("ar", "fr", "en"):
        with translation.override(language):
            yield from (reverse(f"{app}:{name}", args=[subject.slug]) for name in names)


@pytest.mark.parametrize("key", ["tag", "unused", "author", "gone"])
def test_pages_and_feeds_of_tags_and_authors_without_published_articles_are_not_found(
    client, secret_subjects, key
):
    for url in subject_urls(secret_subjects[key]):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not [name for name in (SECRET_TAG, NEW_HIRE, GONE) if name in response.content.decode()], url


def test_a_tag_and_an_author_appear_with_their_first_published_article(client, secret_subjects):
    make_article(tags=[secret_subjects["tag"]], authors=[secret_subjects["author"]], headline_fr="Publié")
    for key in ("tag", "author"):
        assert [client.get(url).status_code for url in subject_urls(secret_subjects[key])] == [200] * 9


@pytest.mark.parametrize("url", ["articles:search", "articles:list"])
def test_search_and_listing_never_name_a_secret_tag_or_a_former_author(client, secret_subjects, url):
    for params in ({"tag": "minister-resigns"}, {"author": "new-hire"}, {"author": "gone"}):
        response = client.get(reverse(url), {"q": "خبر", **params})
        assert response.status_code == 200, params
        text = response.content.decode()
        assert SECRET_TAG not in text and NEW_HIRE not in text and GONE not in text, params
