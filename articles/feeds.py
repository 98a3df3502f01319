from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from embeds.rendering import embed_ids_in_order, embeds_of
from images.renditions import share_image
from newsroom.pagecache import tag_page

from .blocks import public_articles
from .dates import local
from .metadata import absolute_url, description
from .models import ArticleAuthor, EventTag, Region

FEED_SIZE = 30


# Every text the feeds carry is plain text (metadata.description() decodes entities, so «&lt;img»
# in a body is «<img» by then). Each format is told so in its own terms.


class PlainTextRssFeed(Rss201rev2Feed):
    """RSS 2.0, whose item description is HTML by the format's rule: the text goes in escaped as
    HTML, so a reader draws what the journalist wrote and never runs it as markup. Titles, authors
    and categories are text in RSS already."""

    def add_item_elements(self, handler, item):
        if item["description"] is not None:
            text = " ".join(
                [
                    item["description"],
                    *(f"{title} ({provider}): {url}" for url, title, provider in item.get("embeds", ())),
                ]
            )
            item = {**item, "description": escape(text)}
        super().add_item_elements(handler, item)


class PlainTextAtomFeed(Atom1Feed):
    """Atom with the summary declared `type="text"` (Django's says "html"); titles, author names and
    categories are text in Atom already."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        for url, title, _provider in item.get("embeds", ()):
            handler.addQuickElement("link", "", {"rel": "related", "href": url, "title": title})


class LatestArticlesFeed(Feed):
    """RSS 2.0 of the latest published articles in the active language.

    Links are absolute on SITE_URL: Feed would otherwise prefix them with the request's host.
    """

    description_template = None
    feed_type = PlainTextRssFeed
    url_name = "articles:feed"

    def __call__(self, request, *args, **kwargs):
        tag_page(request, "lists")  # every change to a public article or its subjects purges it
        return super().__call__(request, *args, **kwargs)

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url() if obj else reverse("articles:home"))

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name, args=[obj.slug] if obj else []))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def description(self, obj=None):
        return (obj.description if obj else "") or settings.SITE_NAME

    def articles(self, obj):
        return public_articles()

    def items(self, obj=None):
        bylines = Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
        items = list(
            self.articles(obj).select_related("lead_image").prefetch_related("tags", bylines)[:FEED_SIZE]
        )
        embeds = embeds_of(item.body for item in items)  # one query for the whole feed
        for item in items:
            item.feed_embeds = [embeds[pk] for pk in embed_ids_in_order(item.body) if pk in embeds]
        return items

    def item_extra_kwargs(self, item):
        """Embeds travel as links to the original (RSS: in the text; Atom: rel="related"), never
        as markup or script."""
        return {
            "embeds": [(embed.url, embed.title or embed.url, embed.provider) for embed in item.feed_embeds]
        }

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return description(item)

    def item_pubdate(self, item):
        return local(item.published_at)

    def item_updateddate(self, item):
        return local(item.date_modified())

    def item_author_name(self, item):
        names = [byline.author.display_name for byline in item.bylines.all()]
        return "، ".join(names) or item.byline or None

    def item_categories(self, item):
        return [tag.display_name for tag in item.tags.all()]

    def item_enclosures(self, item):
        image = share_image(item.lead_image)
        if not image:
            return []
        return [Enclosure(absolute_url(image["url"]), str(image["size"]), image["type"])]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = PlainTextAtomFeed
    url_name = "articles:feed-atom"
    subtitle = LatestArticlesFeed.description


class SubjectFeedMixin:
    """A feed of one region's, tag's or author's articles, found by the URL's slug."""

    subject_model = None

    def subjects(self):
        return self.subject_model.objects.all()

    def get_object(self, request, slug):
        return get_object_or_404(self.subjects(), slug=slug)

    def title(self, obj=None):
        return f"{obj.display_name} — {settings.SITE_NAME}"


class RegionFeed(SubjectFeedMixin, LatestArticlesFeed):
    subject_model = Region
    url_name = "articles:region-feed"

    def articles(self, obj):
        return public_articles().in_region(obj)


class TagFeed(SubjectFeedMixin, LatestArticlesFeed):
    subject_model = EventTag
    url_name = "articles:tag-feed"

    def subjects(self):
        return EventTag.objects.public()

    def articles(self, obj):
        return public_articles().tagged(obj)


class RegionAtomFeed(RegionFeed):
    feed_type = PlainTextAtomFeed
    url_name = "articles:region-feed-atom"


class TagAtomFeed(TagFeed):
    feed_type = PlainTextAtomFeed
    url_name = "articles:tag-feed-atom"
