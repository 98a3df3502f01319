from datetime import timedelta
from typing import NamedTuple
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, Max, Min, OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import RFC3986_SUBDELIMS

from . import pagetags
from .models import Article, EventTag, Region

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class IdRangePaginator(Paginator):
    """Pages of `per_page` consecutive article ids, each expanded into its (article, language) pairs.

    The page count is the lowest and the highest id (two primary-key lookups, not a COUNT of the
    archive), a page reads at most `per_page` rows of the primary key, and a page keeps its articles
    when newer ones are published (they go to the last page). A page whose ids are all drafts or
    withdrawn articles is an empty, valid urlset."""

    def __init__(self, articles, per_page, languages):
        super().__init__(articles, per_page)
        self.languages = languages

    @cached_property
    def bounds(self):
        ids = Article.objects.aggregate(low=Min("pk"), high=Max("pk"))
        return ids["low"] or 0, ids["high"] or 0

    @cached_property
    def num_pages(self):
        low, high = self.bounds
        return (high - low) // self.per_page + 1 if high else 1

    def page_articles(self, number):
        """The articles of page `number`, in id order (a queryset)."""
        start = self.bounds[0] + (self.validate_number(number) - 1) * self.per_page
        return self.object_list.filter(pk__gte=start, pk__lt=start + self.per_page).order_by("pk")

    def page(self, number):
        articles = self.page_articles(number)
        return Page([(item, code) for item in articles for code in self.languages(item)], number, self)


class SubjectPaginator(Paginator):
    """Pages of `per_page` regions, tags or authors, counted on the whole table (a few thousand rows
    at most, whatever the archive) rather than on those with published articles (a probe each): the
    index costs a COUNT of a small table, and the last page may be short or even empty."""

    def __init__(self, items, per_page, table):
        super().__init__([], per_page)
        self.items, self.table = items, table

    @cached_property
    def count(self):
        return self.table.count()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(self.items()[bottom : bottom + self.per_page], number, self)


class NewsEntry(NamedTuple):
    article: Article
    language: str
    url: str
    title: str
    publication: str


class SiteSitemap(Sitemap):
    """Locations on SITE_URL, whatever host the request came on; no `lastmod` in the index (the
    latest of a section would mean reading all of it)."""

    limit = 2000
    url_name = None  # of the items' pages, reversed with `slug` (and `pk` when the URL has one)

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_latest_lastmod(self):
        return None

    def memory(self, page):
        """(key, tags) under which page `page` is kept whole (`newsroom.sitemaps.sitemap`): the
        page is the same for every request until one of `tags` is purged or the key changes. None:
        drawn for each request. Raises EmptyPage or PageNotAnInteger for a page that is not one."""
        return None

    @cached_property
    def prefixes(self):
        return {}

    def path(self, slug, pk=None):
        """`item.get_absolute_url()`, from the language's prefix reversed once a page rather than
        once a URL (a third of a page's time at 2,000 URLs); `pk` for URLs that have one."""
        language = translation.get_language()
        if language not in self.prefixes:
            ids = {} if pk is None else {"pk": 0}
            path = reverse(self.url_name, kwargs={**ids, "slug": "-"})
            self.prefixes[language] = path.removesuffix("0/-/" if ids else "-/")
        slug = quote(slug, safe=RFC3986_SUBDELIMS + "/~:@")
        return f"{self.prefixes[language]}{slug}/" if pk is None else f"{self.prefixes[language]}{pk}/{slug}/"

    def location(self, item):
        return self.path(item.slug) if self.url_name else item.get_absolute_url()


class ArticleSitemap(SiteSitemap):
    """Every published article, under each language it has text in (with hreflang alternates)."""

    changefreq = "weekly"
    url_name = "articles:detail"
    limit = pagetags.SITEMAP_RANGE
    i18n = True
    languages = LANGUAGE_CODES
    alternates = True
    x_default = False

    def items(self):
        return Article.objects.published().only(
            "pk", "slug", "modified_at", "published_at", *(f"headline_{code}" for code in LANGUAGE_CODES)
        )

    def get_languages_for_item(self, item):
        return item.languages()

    def location(self, item):
        return self.path(item.slug, pk=item.pk)

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit, self.get_languages_for_item)

    def lastmod(self, item):
        return item.date_modified()

    def memory(self, page):
        """Until one of the page's articles changes (the lists an article is in hold its
        `sitemap_range_tags`) or one enters or leaves the page: a page then reads only which
        articles it holds, from an index."""
        held = held_ids(self.paginator.page_articles(page))
        if held is None:
            return None  # nothing published in its ids: an empty urlset, drawn at no cost
        _count, low, high, _total = held
        return "sitemap-articles:" + ":".join(map(str, held)), pagetags.sitemap_range_tags(low, high)


def held_ids(articles):
    """Which articles `articles` holds, as part of a key: their count, lowest, highest and sum of
    ids, in one aggregate row (None: none). A write path purges what it changes, but an article
    generated or falling due enters without a purge."""
    held = articles.aggregate(n=Count("pk"), low=Min("pk"), high=Max("pk"), total=Sum("pk"))
    return (held["n"], held["low"], held["high"], held["total"]) if held["n"] else None


class NewsSitemap(SiteSitemap):
    """Google News: one entry per article and language, for articles of the last 48 hours."""

    limit = 1000

    def recent(self):
        return ArticleSitemap().items().filter(published_at__gte=timezone.now() - timedelta(hours=48))

    def items(self):
        entries = []
        for article in self.recent():
            for code in article.languages():
                with translation.override(code):
                    url, title = article.get_absolute_url(), article.headline
                entries.append(NewsEntry(article, code, url, title, settings.SITE_NAME))
        return entries

    def location(self, item):
        return item.url

    def memory(self, page):
        """Until one of its articles changes (each purges `lists`) or one enters or leaves the
        last 48 hours (which ones are in the key)."""
        try:
            number = int(page)
        except (TypeError, ValueError):
            raise PageNotAnInteger from None
        if number < 1:
            raise EmptyPage
        return f"sitemap-news:{number}:{held_ids(self.recent())}", ["lists"]


def newest_published(relation):
    """The publication time of the newest published article whose `relation` is the outer row: one
    walk down an index per row, stopping at the first article, instead of a GROUP BY over all."""
    articles = Article.objects.published().filter(**{relation: OuterRef("pk")})
    return Subquery(articles.order_by("-published_at").values("published_at")[:1])


class RegionSitemap(SiteSitemap):
    """Regions with published articles in or under them, last modified with their newest article
    (each region's own from the (region, status, published_at) index, then carried up to the
    regions above)."""

    changefreq = "daily"
    url_name = "articles:region"

    def items(self):
        newest = (
            Region.objects.annotate(newest=newest_published("region"))
            .filter(newest__isnull=False)
            .values_list("code", "newest")
        )
        lastmod = {}
        for code, moment in newest:
            parts = code.split(".")
            for i in range(1, len(parts) + 1):
                prefix = ".".join(parts[:i])
                lastmod[prefix] = max(moment, lastmod.get(prefix, moment))
        regions = list(Region.objects.filter(code__in=lastmod).only("pk", "code", "slug").order_by("code"))
        for region in regions:
            region.lastmod = lastmod[region.code]
        return regions

    @property
    def paginator(self):
        return SubjectPaginator(self.items, self.limit, Region.objects.all())

    def lastmod(self, item):
        return item.lastmod

    def memory(self, page):
        """Until an article enters or leaves the lists or a region is renamed (each purges
        `lists`): the newest article of each of a thousand regions is most of the page."""
        return f"sitemap-regions:{self.paginator.validate_number(page)}", ["lists"]


class PublishedSubjectSitemap(SiteSitemap):
    """Tags or authors that have published articles. No `lastmod`: their newest article's date
    would mean sorting all their articles (no index holds a tag's articles by date)."""

    changefreq = "daily"
    model = None
    relation = None  # the article's field naming the subject

    def items(self):
        published = Article.objects.published().filter(**{self.relation: OuterRef("pk")})
        return (
            self.model.objects.annotate(any_published=Subquery(published.order_by().values("pk")[:1]))
            .filter(any_published__isnull=False)
            .only("pk", "slug")
            .order_by("pk")
        )

    @property
    def paginator(self):
        return SubjectPaginator(self.items, self.limit, self.model.objects.all())


class TagSitemap(PublishedSubjectSitemap):
    model = EventTag
    url_name = "articles:tag"
    relation = "tags"


sitemaps = {
    "articles": ArticleSitemap,
    "regions": RegionSitemap,
    "tags": TagSitemap,
}
