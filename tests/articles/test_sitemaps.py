import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from urllib.parse import unquote

import pytest
from django.utils import timezone

from articles.models import ArticleAuthor, Region
from tests.factories import make_article, make_author, make_region, make_tag

from .helpers import HIDDEN_HEADLINES

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITE_URL = "https://news.example.ma"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]


def urls(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content).findall(f"{SM}url")


def locations(entries):
    return {unquote(entry.findtext(f"{SM}loc")).removeprefix(SITE_URL) for entry in entries}


def test_sitemap_lists_published_articles_regions_tags_authors_with_lastmod(client, hidden_articles):
    region = make_region()
    commune = make_region(parent=make_region(parent=region), level=Region.Level.COMMUNE)
    empty_region, unused_tag, idle_author = make_region(), make_tag(), make_author()
    tag, author = make_tag(), make_author()
    article = make_article(region=commune, tags=[tag], authors=[author])
    lonely_tag, lonely_author = make_tag(), make_author()
    for hidden in hidden_articles:
        hidden.tags.add(lonely_tag)
        ArticleAuthor.objects.create(article=hidden, author=lonely_author)
    entries = urls(client, "/sitemap.xml")
    found = locations(entries)
    assert unquote(article.get_absolute_url()) in found
    for division in (region, commune.parent, commune):
        assert unquote(division.get_absolute_url()) in found
    assert unquote(tag.get_absolute_url()) in found and unquote(author.get_absolute_url()) in found
    for absent in (empty_region, unused_tag, idle_author, lonely_tag, lonely_author, *hidden_articles):
        assert unquote(absent.get_absolute_url()) not in found
    assert all(entry.findtext(f"{SM}lastmod") for entry in entries)


def test_sitemap_gives_translated_articles_alternates_in_existing_languages_only(client):
    arabic_only = make_article()
    translated = make_article(headline_fr="Traduit")
    entries = {
        unquote(e.findtext(f"{SM}loc")).removeprefix(SITE_URL): e for e in urls(client, "/sitemap.xml")
    }
    assert f"/fr/articles/{arabic_only.pk}/{arabic_only.slug}/" not in entries
    french = entries[f"/fr/articles/{translated.pk}/{translated.slug}/"]
    hreflangs = sorted(link.get("hreflang") for link in french.findall(f"{XHTML}link"))
    assert hreflangs == ["ar", "fr"]
    assert [
        link.get("hreflang")
        for link in entries[unquote(arabic_only.get_absolute_url())].findall(f"{XHTML}link")
    ] == ["ar"]


def test_news_sitemap_has_only_the_last_48_hours(client, hidden_articles):
    recent = make_article(
        headline_ar="خبر حديث", headline_fr="Récent", published_at=timezone.now() - timedelta(hours=5)
    )
    old = make_article(headline_ar="خبر قديم", published_at=timezone.now() - timedelta(hours=49))
    entries = urls(client, "/news-sitemap.xml")
    titles = {entry.find(f"{NEWS}news").findtext(f"{NEWS}title") for entry in entries}
    assert titles == {"خبر حديث", "Récent"}
    news = entries[0].find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}language") == "ar"
    assert datetime.fromisoformat(news.findtext(f"{NEWS}publication_date")) == recent.published_at
    assert unquote(old.get_absolute_url()) not in locations(entries)
    body = client.get("/news-sitemap.xml").content.decode()
    assert not any(headline in body for headline in HIDDEN_HEADLINES)


def test_robots_txt_names_both_sitemaps(client):
    response = client.get("/robots.txt", HTTP_HOST="other.example")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://news.example.ma/sitemap.xml" in lines
    assert "Sitemap: https://news.example.ma/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_sitemap_locations_are_on_site_url_whatever_the_host(client):
    article = make_article()
    response = client.get("/sitemap.xml", HTTP_HOST="other.example")
    locs = [e.findtext(f"{SM}loc") for e in ET.fromstring(response.content).findall(f"{SM}url")]
    assert locs and all(loc.startswith(f"{SITE_URL}/") for loc in locs)
    news = client.get("/news-sitemap.xml", HTTP_HOST="other.example").content.decode()
    assert f"<loc>{SITE_URL}/articles/{article.pk}/" in news and "other.example" not in news
