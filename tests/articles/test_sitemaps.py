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


def urls(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content).findall(f"{SM}url")


def sitemap_urls(client, host="testserver"):
    """Every <url> of the site's sitemaps, walked from /sitemap.xml through the pages it lists."""
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    pages = [unquote(page.findtext(f"{SM}loc")) for page in ET.fromstring(response.content)]
    assert pages and all(page.startswith(f"{SITE_URL}/sitemap-") for page in pages)
    entries = []
    for page in pages:
        entries += urls(client, page.removeprefix(SITE_URL), HTTP_HOST=host)
    return entries


def locations(entries):
    return {unquote(entry.findtext(f"{SM}loc")).removeprefix(SITE_URL) for entry in entries}


def test_sitemap_lists_published_articles_regions_tags_authors(client, hidden_articles):
    region = make_region()
    commune = make_region(parent=make_region(parent=region), level=Region.Level.COMMUNE)
    empty_region, unused_tag, idle_author = make_region(), make_tag(), make_author()
    tag, author = make_tag(), make_author()
    article = make_article(region=commune, tags=[tag], authors=[author])
    lonely_tag, lonely_author = make_tag(), make_author()
    for hidden in hidden_articles:
        hidden.tags.add(lonely_tag)
        ArticleAuthor.objects.create(article=hidden, author=lonely_author)
    entries = sitemap_urls(client)
    found = locations(entries)
    assert unquote(article.get_absolute_url()) in found
    for division in (region, commune.parent, commune):
        assert unquote(division.get_absolute_url()) in found
    assert unquote(tag.get_absolute_url()) in found and unquote(author.get_absolute_url()) in found
    for absent in (empty_region, unused_tag, idle_author, lonely_tag, lonely_author, *hidden_articles):
        assert unquote(absent.get_absolute_url()) not in found
    with_lastmod = {location for location in found if "/articles/" in location or "/regions/" in location}
    dated = locations(entry for entry in entries if entry.findtext(f"{SM}lastmod"))
    assert with_lastmod and dated == with_lastmod  # tags and authors have none: it would not be cheap


def test_sitemap_gives_translated_articles_alternates_in_existing_languages_only(client):
    arabic_only = make_article()
    translated = make_article(headline_fr="Traduit")
    entries = {unquote(e.findtext(f"{SM}loc")).removeprefix(SITE_URL): e for e in sitemap_urls(client)}
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
    locs = [e.findtext(f"{SM}loc") for e in sitemap_urls(client, host="other.example")]
    assert locs and all(loc.startswith(f"{SITE_URL}/") for loc in locs)
    news = client.get("/news-sitemap.xml", HTTP_HOST="other.example").content.decode()
    assert f"<loc>{SITE_URL}/articles/{article.pk}/" in news and "other.example" not in news


SECTION_PAGES = ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-regions.xml", "/sitemap-tags.xml"]
SECTION_PAGES += ["/sitemap-authors.xml"]


def publish_many(count):
    for i in range(count):
        make_article(
            headline_fr=f"Article {i}" if i % 2 else "",
            region=make_region(parent=make_region()),
            tags=[make_tag(), make_tag()],
            authors=[make_author()],
        )


@pytest.mark.parametrize("page", SECTION_PAGES)
def test_a_sitemap_page_costs_the_same_queries_with_3_and_30_articles(client, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for batch in (3, 27):
        publish_many(batch)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(("section", "name"), [("articles", "ArticleSitemap"), ("tags", "TagSitemap")])
def test_the_index_lists_one_page_per_limit_entries(client, monkeypatch, section, name):
    from articles import sitemaps

    monkeypatch.setattr(getattr(sitemaps, name), "limit", 2)
    articles = [make_article(tags=[make_tag()]) for _ in range(5)]
    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [unquote(page.findtext(f"{SM}loc")).removeprefix(SITE_URL) for page in index]
    own = [page for page in pages if page.startswith(f"/sitemap-{section}.xml")]
    assert own == [*(f"/sitemap-{section}.xml{query}" for query in ("", "?p=2", "?p=3"))]
    per_page = [locations(urls(client, page)) for page in own]
    assert [len(found) for found in per_page] == [2, 2, 1]
    subjects = articles if section == "articles" else [article.tags.get() for article in articles]
    assert set().union(*per_page) == {unquote(subject.get_absolute_url()) for subject in subjects}


@pytest.mark.parametrize(
    "page", ["/sitemap-articles.xml?p=99", "/sitemap-articles.xml?p=abc", "/sitemap-nope.xml"]
)
def test_a_sitemap_page_that_does_not_exist_is_a_404(client, page):
    make_article()
    assert client.get(page).status_code == 404


def test_article_locations_are_exactly_their_absolute_urls_in_each_language(client):
    from django.utils import translation

    article = make_article(headline_ar="خبر بعنوان عربي", headline_fr="Titre français")
    expected = set()
    for code in ("ar", "fr"):
        with translation.override(code):
            expected.add(SITE_URL + article.get_absolute_url())
    entries = urls(client, "/sitemap-articles.xml")
    assert {entry.findtext(f"{SM}loc") for entry in entries} == expected
    assert {link.get("href") for entry in entries for link in entry.findall(f"{XHTML}link")} == expected
    assert any("%D8" in location for location in expected)  # the Arabic slug, percent-encoded


def test_region_tag_and_author_locations_are_exactly_their_absolute_urls(client):
    region, tag, author = (
        make_region(name_ar="جهة الاختبار"),
        make_tag(name_ar="وسم"),
        make_author(name_ar="كاتب"),
    )
    make_article(region=region, tags=[tag], authors=[author])
    for subject, section in ((region, "regions"), (tag, "tags"), (author, "authors")):
        found = {entry.findtext(f"{SM}loc") for entry in urls(client, f"/sitemap-{section}.xml")}
        assert found == {SITE_URL + subject.get_absolute_url()}, section
