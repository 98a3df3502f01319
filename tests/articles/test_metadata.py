import json
import re
from datetime import UTC, datetime

import pytest

from articles.models import Region
from tests.factories import make_article, make_author, make_region, make_tag

from .helpers import with_image

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def article():
    region = make_region(name_ar="سوس ماسة")
    commune = make_region(parent=region, level=Region.Level.COMMUNE, name_ar="تغازوت")
    return with_image(
        make_article(
            headline_ar="حملة </script><script>alert(1)</script> تحسيسية",
            meta_description_ar="وصف للمحركات",
            region=commune,
            authors=[make_author(name_ar="كريم بوزاليم"), make_author(name_ar="John Smith")],
            tags=[make_tag(name_ar="الرقمنة"), make_tag(name_ar="السجل")],
            published_at=datetime(2023, 1, 27, 9, 0, tzinfo=UTC),
        )
    )


def test_news_article_json_ld_describes_the_article(client, settings, article):
    settings.SITE_URL = "https://news.example.ma"
    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "حملة </script><script>alert(1)</script> تحسيسية"
    assert data["datePublished"] == "2023-01-27T09:00:00+00:00"
    assert data["dateModified"] >= data["datePublished"]
    assert data["inLanguage"] == "ar"
    assert data["articleSection"] == "سوس ماسة"
    assert data["keywords"] == ["الرقمنة", "السجل"]
    assert [a["name"] for a in data["author"]] == ["كريم بوزاليم", "John Smith"]
    author = article.authors.order_by("articleauthor__position").first()
    assert data["author"][0]["url"] == f"https://news.example.ma{author.get_absolute_url()}"
    assert data["publisher"]["name"] and data["publisher"]["logo"]["url"].endswith("/static/img/logo.png")
    assert data["image"][0].startswith("https://news.example.ma/media/renditions/")
    assert data["mainEntityOfPage"] == f"https://news.example.ma{article.get_absolute_url()}"
    assert "<script>alert(1)</script>" not in html


def test_page_has_canonical_description_open_graph_and_twitter_card(client, settings, article):
    settings.SITE_URL = "https://news.example.ma"
    html = client.get(article.get_absolute_url()).content.decode()
    canonical = f"https://news.example.ma{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta name="description" content="وصف للمحركات">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert re.search(
        r'<meta property="og:image" content="https://news\.example\.ma/media/renditions/[^"]+/1440\.jpg">',
        html,
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="article:published_time" content="2023-01-27T10:00+01:00">' in html


def test_description_decodes_entities_of_the_body_once(client):
    article = make_article(lead_ar="", body_ar="<p>الماء &amp; الكهرباء «الجهة»</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="description" content="الماء &amp; الكهرباء «الجهة»">' in html
    assert '<meta property="og:description" content="الماء &amp; الكهرباء «الجهة»">' in html
    assert "&amp;amp;" not in html
    assert json_ld(html)["description"] == "الماء & الكهرباء «الجهة»"
    feed = client.get("/feed/").content.decode()
    # RSS descriptions are HTML inside XML: «&amp;» for HTML, escaped once more for XML.
    assert "<description>الماء &amp;amp; الكهرباء «الجهة»</description>" in feed


def test_without_a_lead_image_the_first_body_image_then_the_site_picture_is_shared(client, settings):
    from tests.factories import make_image

    settings.SITE_URL = "https://news.example.ma"
    photo = make_image(width=1600, height=900, alt_ar="ساحة")
    with_body_photo = make_article(body_ar=f'<p>نص</p><figure data-image="{photo.pk}"></figure>')
    html = client.get(with_body_photo.get_absolute_url()).text
    shared = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert shared == f"https://news.example.ma{photo.renditions['jpeg'][-1]['url']}"
    assert json_ld(html)["image"] == [shared] and '<meta property="og:image:alt" content="ساحة">' in html

    plain = client.get(make_article().get_absolute_url()).text
    assert re.search(
        r'<meta property="og:image" content="https://news\.example\.ma/static/img/share-default[^"]*">', plain
    )
    assert '<meta property="og:image:width" content="1200">' in plain
    assert json_ld(plain)["image"][0].startswith("https://news.example.ma/static/img/share-default")


def test_pages_let_search_engines_show_large_image_previews(client):
    assert '<meta name="robots" content="max-image-preview:large">' in client.get("/").text
    article = make_article()
    assert (
        '<meta name="robots" content="max-image-preview:large">'
        in client.get(article.get_absolute_url()).text
    )
