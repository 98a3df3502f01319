from datetime import timedelta
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from .models import Article, EventTag, Region

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class ArticlePairPaginator(Paginator):
    def __init__(self, articles, per_page, languages):
        super().__init__(articles, per_page)
        self.languages = languages

    def page(self, number):
        page = super().page(number)
        page.object_list = [(item, code) for item in page.object_list for code in self.languages(item)]
        return page


class NewsEntry(NamedTuple):
    article: Article
    language: str
    url: str
    title: str
    publication: str


class SiteSitemap(Sitemap):
    """Locations on SITE_URL, whatever host the request came on."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    """Every published article, under each language it has text in (with hreflang alternates)."""

    changefreq = "weekly"
    limit = 5000
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

    @property
    def paginator(self):
        """Pages of `limit` articles, each expanded into its (article, language) pairs: Django's own
        builds the pairs of every published article before cutting the first page."""
        return ArticlePairPaginator(self.items(), self.limit, self.get_languages_for_item)

    def lastmod(self, item):
        return item.date_modified()


class NewsSitemap(SiteSitemap):
    """Google News: one entry per article and language, for articles of the last 48 hours."""

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(hours=48)
        entries = []
        for article in ArticleSitemap().items().filter(published_at__gte=since):
            for code in article.languages():
                with translation.override(code):
                    url, title = article.get_absolute_url(), article.headline
                entries.append(NewsEntry(article, code, url, title, settings.SITE_NAME))
        return entries

    def location(self, item):
        return item.url


class RegionSitemap(SiteSitemap):
    """Regions with published articles in or under them."""

    changefreq = "daily"

    def items(self):
        latest = dict(
            Article.objects.published()
            .filter(region__isnull=False)
            .order_by()  # the model's ordering would group by every article's date and id
            .values_list("region__code")
            .annotate(latest=Max(Coalesce("modified_at", "published_at")))
        )
        lastmod = {}
        for code, moment in latest.items():
            parts = code.split(".")
            for i in range(1, len(parts) + 1):
                prefix = ".".join(parts[:i])
                lastmod[prefix] = max(moment, lastmod.get(prefix, moment))
        regions = list(Region.objects.filter(code__in=lastmod))
        for region in regions:
            region.lastmod = lastmod[region.code]
        return regions

    def lastmod(self, item):
        return item.lastmod


class PublishedSubjectSitemap(SiteSitemap):
    """Tags or authors that have published articles, last modified with their latest article."""

    changefreq = "daily"
    model = None

    def items(self):
        published = Q(articles__in=Article.objects.published())
        return (
            self.model.objects.annotate(
                latest=Max(Coalesce("articles__modified_at", "articles__published_at"), filter=published)
            )
            .filter(latest__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.latest


class TagSitemap(PublishedSubjectSitemap):
    model = EventTag


sitemaps = {
    "articles": ArticleSitemap,
    "regions": RegionSitemap,
    "tags": TagSitemap,
}
