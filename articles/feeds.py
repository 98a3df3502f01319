import io

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.xmlutils import SimplerXMLGenerator

from embeds.rendering import embed_ids_in_order, embeds_of
from images.renditions import share_image
from newsroom.pagecache import tag_page
from newsroom.pagecache.fragments import remembered_many

from .blocks import public_articles
from .dates import local
from .metadata import absolute_url, description
from .models import ArticleAuthor, EventTag, Region
from .pagetags import card_tags

FEED_SIZE = 30


# Every text the feeds carry is plain text (metadata.description() decodes entities, so «&lt;img»
# in a body is «<img» by then). Each format is told so in its own terms.


class DrawnItemsFeed:
    """A feed generator whose items arrive drawn. Each article's element is drawn once, by the
    format's own add_item_elements, and remembered until what it shows changes; a request only
    writes the channel around the drawn elements, instead of mapping thirty articles through
    Django's item_* lookups and writing each piece of XML into the response."""

    item_element = "item"

    @classmethod
    def drawn(cls, article):
        """{"xml", "pubdate", "updateddate"} of one article's values (`feed_items`), with the item
        fields Django's Feed.get_feed gives (the guid is the link)."""
        generator = cls(title="", link="", description="")
        generator.add_item(
            title=article["title"],
            link=article["link"],
            description=article["description"],
            unique_id=article["link"],
            enclosures=[Enclosure(*article["enclosure"])] if article["enclosure"] else [],
            pubdate=article["pubdate"],
            updateddate=article["updateddate"],
            author_name=article["author_name"],
            categories=article["categories"],
            embeds=article["embeds"],  # links to the original (RSS: in the text; Atom: rel="related")
        )
        item = generator.items[0]
        buffer = io.StringIO()
        handler = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
        handler.startElement(cls.item_element, generator.item_attributes(item))
        generator.add_item_elements(handler, item)
        handler.endElement(cls.item_element)
        return {"xml": buffer.getvalue(), "pubdate": item["pubdate"], "updateddate": item["updateddate"]}

    def write_items(self, handler):
        for item in self.items:
            handler.ignorableWhitespace(item["xml"])  # written as it is, already escaped

    def write(self, outfile, encoding):
        buffer = io.StringIO()  # one write into the response, not one per element
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class PlainTextRssFeed(DrawnItemsFeed, Rss201rev2Feed):
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


class PlainTextAtomFeed(DrawnItemsFeed, Atom1Feed):
    """Atom with the summary declared `type="text"` (Django's says "html"); titles, author names and
    categories are text in Atom already."""

    item_element = "entry"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        for url, title, _provider in item.get("embeds", ()):
            handler.addQuickElement("link", "", {"rel": "related", "href": url, "title": title})


class LatestArticlesFeed(Feed):
    """RSS 2.0 of the latest published articles in the active language.

    Links are absolute on SITE_URL: Feed would otherwise prefix them with the request's host.
    Django's Feed builds the channel; the items are drawn by the format (`DrawnItemsFeed`).
    """

    description_template = None
    feed_type = PlainTextRssFeed
    url_name = "articles:feed"
    page_query = frozenset()  # a feed reads no parameter

    def __call__(self, request, *args, **kwargs):
        tag_page(request, "lists")  # every change to a public article or its subjects purges it
        return super().__call__(request, *args, **kwargs)

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url() if obj else reverse("articles:home"))

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name, args=[obj.slug] if obj else []))

    def description(self, obj=None):
        return (obj.description if obj else "") or settings.SITE_NAME

    def articles(self, obj):
        return public_articles()

    def items(self, obj=None):
        """None for Django's Feed to map: get_feed adds them drawn (`drawn_items`), so item_* hooks
        and item templates on a subclass have no effect; what an item says is `feed_items`."""
        return ()

    # Django's Feed gives the response its Last-Modified (for 304s, signed-in readers included)
    # from the items' dates only when the class has these; the drawn items carry their dates.
    def item_pubdate(self, item):
        return item["pubdate"]

    def item_updateddate(self, item):
        return item["updateddate"]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.items = self.drawn_items(obj)
        return feed

    def drawn_items(self, obj):
        """The newest articles, each drawn once per change of what it shows and then read with the
        others in a few cache round trips: only the ids come from PostgreSQL."""
        ids = self.articles(obj)[:FEED_SIZE].ids()
        feed_type = self.feed_type
        language = translation.get_language()

        def draw(missing):
            return {
                pk: (feed_type.drawn(values) if values else None, tags)
                for pk, (values, tags) in feed_items(missing).items()
            }

        keys = {pk: f"drawn-feed-{feed_type.item_element}:{language}:{pk}" for pk in ids}
        kept = remembered_many(keys, draw)
        return [kept[pk][0] for pk in ids if kept[pk][0]]


def feed_items(ids):
    """{id: (what a feed says of the article, its page tags)}; an id no longer public says nothing."""
    bylines = Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
    articles = (
        public_articles().filter(pk__in=ids).select_related("lead_image").prefetch_related("tags", bylines)
    )
    articles = list(articles)
    embeds = embeds_of(article.body for article in articles)  # one query for the whole feed
    items = {pk: (None, [f"article:{pk}"]) for pk in ids}
    for article in articles:
        image = share_image(article.lead_image)
        shown = [embeds[pk] for pk in embed_ids_in_order(article.body) if pk in embeds]
        names = [byline.author.display_name for byline in article.bylines.all()]
        item = {
            "title": article.headline,
            "link": absolute_url(article.get_absolute_url()),
            "description": description(article),
            "pubdate": local(article.published_at),
            "updateddate": local(article.date_modified()),
            "author_name": "، ".join(names) or article.byline or None,
            "categories": [tag.display_name for tag in article.tags.all()],
            "enclosure": (absolute_url(image["url"]), str(image["size"]), image["type"]) if image else None,
            "embeds": [(embed.url, embed.title or embed.url, embed.provider) for embed in shown],
        }
        items[article.pk] = (item, sorted(card_tags(article)))
    return items


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
