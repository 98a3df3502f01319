from django.conf import settings

from articles.blocks import public_articles
from articles.feeds import LatestArticlesFeed, PlainTextAtomFeed, SubjectFeedMixin

from .models import Author


class AuthorFeed(SubjectFeedMixin, LatestArticlesFeed):
    subject_model = Author
    url_name = "authors:feed"

    def subjects(self):
        return Author.objects.public()

    def articles(self, obj):
        return public_articles().by_author(obj)

    def description(self, obj=None):
        return obj.bio or settings.SITE_NAME


class AuthorAtomFeed(AuthorFeed):
    feed_type = PlainTextAtomFeed
    url_name = "authors:feed-atom"
