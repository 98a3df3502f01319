import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.models import Region
from tests.factories import make_article, make_author, make_region, make_tag

from .helpers import HIDDEN_HEADLINES, with_image

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel")


@pytest.fixture
def tagged():
    region = make_region(name_ar="جهة سوس ماسة")
    commune = make_region(parent=region, level=Region.Level.COMMUNE)
    author, tag = make_author(name_ar="كريم بوزاليم"), make_tag(name_ar="الرقمنة")
    article = make_article(
        headline_ar="حملة تحسيسية",
        meta_description_ar="وصف قصير",
        region=commune,
        authors=[author],
        tags=[tag, make_tag(name_ar="السجل")],
        published_at=datetime(2023, 1, 27, 9, 0, tzinfo=UTC),
    )
    return {"article": with_image(article), "region": region, "author": author, "tag": tag}


def test_rss_feed_carries_author_categories_date_language_and_image(client, tagged, hidden_articles):
    channel = rss(client, "/feed/")
    assert channel.findtext("language") == "ar"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["حملة تحسيسية"]
    item = items[0]
    assert item.findtext("link").endswith(tagged["article"].get_absolute_url())
    assert item.findtext("description") == "وصف قصير"
    assert item.findtext("pubDate") == "Fri, 27 Jan 2023 10:00:00 +0100"
    assert "كريم بوزاليم" in item.findtext("{http://purl.org/dc/elements/1.1/}creator", "") + item.findtext(
        "author", ""
    )
    assert sorted(c.text for c in item.findall("category")) == ["الرقمنة", "السجل"]
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "image/jpeg" and enclosure.get("url").endswith("/1440.jpg")
    assert int(enclosure.get("length")) > 0


def test_atom_feed_parses_and_lists_the_same_articles(client, tagged, hidden_articles):
    response = client.get("/feed/atom/")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["حملة تحسيسية"]
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == "كريم بوزاليم"
    assert entries[0].findtext(f"{ATOM}published").startswith("2023-01-27T10:00:00+01:00")
    assert {c.get("term") for c in entries[0].findall(f"{ATOM}category")} == {"الرقمنة", "السجل"}
    assert entries[0].find(f"{ATOM}link[@rel='enclosure']") is not None


@pytest.mark.parametrize("kind", ["region", "tag", "author"])
def test_subject_feeds_list_only_their_articles(client, tagged, kind):
    make_article(headline_ar="خبر آخر")
    subject = tagged[kind]
    for suffix, content_type in (("", "application/rss+xml"), ("atom/", "application/atom+xml")):
        response = client.get(f"{subject.get_absolute_url()}feed/{suffix}")
        assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
        text = response.content.decode()
        assert "حملة تحسيسية" in text and "خبر آخر" not in text


def test_unpublished_articles_are_never_in_any_feed(client, tagged, hidden_articles):
    for hidden in hidden_articles:
        hidden.region = tagged["region"]
        hidden.save()
        hidden.tags.add(tagged["tag"])
        hidden.authors.add(tagged["author"])
    for url in ("/feed/", "/feed/atom/", "/fr/feed/"):
        text = client.get(url).content.decode()
        assert not any(headline in text for headline in HIDDEN_HEADLINES)
    for subject in ("region", "tag", "author"):
        text = client.get(f"{tagged[subject].get_absolute_url()}feed/").content.decode()
        assert not any(headline in text for headline in HIDDEN_HEADLINES)


def test_french_feed_is_in_french_with_french_articles_only(client):
    make_article(headline_ar="عربي فقط")
    article = make_article(headline_ar="مترجم", headline_fr="Traduit")
    channel = rss(client, "/fr/feed/")
    assert channel.findtext("language") == "fr"
    item = channel.find("item")
    assert [i.findtext("title") for i in channel.findall("item")] == ["Traduit"]
    assert f"/fr/articles/{article.pk}/" in item.findtext("link")


def test_unknown_subject_feed_is_not_found(client):
    assert client.get("/tags/لا-يوجد/feed/").status_code == 404


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/", "tag-feed", "tag-feed-atom"])
def test_feed_links_are_on_site_url_whatever_the_host(client, settings, path):
    settings.SITE_URL = "https://news.example.ma"
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    tag = make_tag()
    article = make_article(tags=[tag])
    if not path.startswith("/"):
        path = reverse(f"articles:{path}", args=[tag.slug])
    text = client.get(path, HTTP_HOST="other.example").content.decode()
    assert f"https://news.example.ma{article.get_absolute_url()}" in text
    assert f"https://news.example.ma{path}" in text
    assert "other.example" not in text


# --- What a feed reader draws from journalist text -------------------------------------------

DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


class DrawnHTML(HTMLParser):
    """The elements and the text a reader draws from a piece of HTML."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements, self.texts = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_data(self, data):
        self.texts.append(data)


def drawn(text, *, as_html):
    """(elements, text) a feed reader shows for an element's text: HTML is parsed, text is literal."""
    if not as_html:
        return [], text or ""
    html = DrawnHTML(text or "")
    return html.elements, "".join(html.texts)


def rss_drawn(item):
    """RSS 2.0 says the description is entity-encoded HTML; title, author and category are text."""
    texts = {"title": item.findtext("title"), "description": item.findtext("description")}
    texts["author"] = item.findtext(DC_CREATOR) or item.findtext("author")
    texts["categories"] = " ".join(c.text for c in item.findall("category"))
    return {name: drawn(text, as_html=name == "description") for name, text in texts.items()}


def atom_drawn(entry):
    """Atom says how to read each text construct: its `type`, plain text when there is none."""
    shown = {}
    for name in ("title", "summary", "content"):
        element = entry.find(f"{ATOM}{name}")
        if element is not None:
            kind = element.get("type", "text")
            assert kind in ("text", "html"), kind  # xhtml would need its own reading
            shown[name] = drawn(element.text, as_html=kind == "html")
    shown["author"] = drawn(entry.findtext(f"{ATOM}author/{ATOM}name"), as_html=False)
    shown["categories"] = drawn(
        " ".join(c.get("term") for c in entry.findall(f"{ATOM}category")), as_html=False
    )
    return shown


@pytest.fixture
def hostile():
    """Journalist text that reads as markup once un-escaped, in every field a feed carries."""
    return make_article(
        headline_ar="عنوان <img src=x onerror=alert(2)>",
        lead_ar="",
        body_ar="<p>&lt;img src=x onerror=alert(1)&gt; الماء &amp; الكهرباء</p>",
        tags=[make_tag(name_ar="<b>وسم</b>")],
        authors=[make_author(name_ar="<i>كاتب</i>")],
    )


def test_feed_readers_draw_journalist_text_as_text_never_as_markup(client, hostile):
    item = ET.fromstring(client.get("/feed/").content).find("channel/item")
    entry = ET.fromstring(client.get("/feed/atom/").content).find(f"{ATOM}entry")
    for shown in (rss_drawn(item), atom_drawn(entry)):
        assert all(elements == [] for elements, _text in shown.values()), shown
        texts = {name: text for name, (_elements, text) in shown.items()}
        assert texts["title"] == "عنوان <img src=x onerror=alert(2)>"
        assert texts["description" if "description" in texts else "summary"] == (
            "<img src=x onerror=alert(1)> الماء & الكهرباء"
        )
        assert texts["author"] == "<i>كاتب</i>" and texts["categories"] == "<b>وسم</b>"


def test_a_meta_description_is_feed_text_too(client):
    make_article(meta_description_ar="<img src=x onerror=alert(3)> وصف")
    item = ET.fromstring(client.get("/feed/").content).find("channel/item")
    entry = ET.fromstring(client.get("/feed/atom/").content).find(f"{ATOM}entry")
    assert rss_drawn(item)["description"] == ([], "<img src=x onerror=alert(3)> وصف")
    assert atom_drawn(entry)["summary"] == ([], "<img src=x onerror=alert(3)> وصف")


def test_a_signed_in_reader_gets_the_feeds_last_modified_from_its_newest_article(client):
    from django.contrib.auth.models import User
    from django.utils.http import http_date

    article = make_article()
    client.force_login(User.objects.create_user("reader-with-account"))
    response = client.get("/feed/")
    newest = max(article.published_at, article.date_modified())
    assert response["Last-Modified"] == http_date(newest.timestamp())
