import pytest

from tests.wordpress.conftest import DATA
from wordpress.old_urls import OldPaths, author_nicename, normalize_path
from wordpress.records import Author, Item, Site, Term
from wordpress.wxr import WXRReader

ARABIC_SLUG = "انطلاق-مشروع-تحلية-مياه-البحر-في-أكادير"


@pytest.fixture(scope="module")
def records():
    return list(WXRReader(DATA / "site.xml"))


@pytest.fixture(scope="module")
def paths(records):
    return OldPaths(records[0])


def by_id(records, item_id):
    return next(r for r in records if isinstance(r, Item) and r.id == item_id)


def test_a_post_has_its_link_query_dated_slug_amp_and_feed_paths(records, paths):
    assert paths.item_paths(by_id(records, 101)) == [
        f"/2024/03/05/{ARABIC_SLUG}/",
        f"/{ARABIC_SLUG}/",
        "/?p=101",
        f"/2024/03/05/{ARABIC_SLUG}/amp/",
        f"/2024/03/05/{ARABIC_SLUG}/feed/",
        f"/{ARABIC_SLUG}/amp/",
        f"/{ARABIC_SLUG}/feed/",
    ]


def test_a_draft_without_slug_has_only_its_query_path(records, paths):
    assert paths.item_paths(by_id(records, 104)) == ["/?p=104"]


def test_a_page(records, paths):
    assert paths.item_paths(by_id(records, 110)) == [
        "/من-نحن/",
        "/?page_id=110",
        "/من-نحن/amp/",
        "/من-نحن/feed/",
    ]


def test_an_attachment_has_its_page_and_every_file_size(records, paths):
    assert paths.item_paths(by_id(records, 201)) == [
        f"/2024/03/05/{ARABIC_SLUG}/port/",
        "/?p=201",
        "/?attachment_id=201",
        "/wp-content/uploads/2024/03/port.jpg",
        "/wp-content/uploads/2024/03/port-300x200.jpg",
        "/wp-content/uploads/2024/03/port-150x150.jpg",
    ]
    assert paths.item_paths(by_id(records, 202)) == [
        "/?p=202",
        "/?attachment_id=202",
        "/wp-content/uploads/2024/03/station.jpg",
    ]


def test_category_tag_author_and_site_paths(records, paths):
    terms = {t.slug: t for t in records if isinstance(t, Term)}
    assert paths.term_paths(terms["أكادير"], ancestors=["جهة-سوس-ماسة"]) == [
        "/category/جهة-سوس-ماسة/أكادير/",
        "/category/أكادير/",
        "/category/جهة-سوس-ماسة/أكادير/feed/",
        "/category/أكادير/feed/",
        "/?cat=6",
    ]
    assert paths.term_paths(terms["الماء-الصالح-للشرب"]) == [
        "/tag/الماء-الصالح-للشرب/",
        "/tag/الماء-الصالح-للشرب/feed/",
        "/?tag=الماء-الصالح-للشرب",
    ]
    assert paths.term_paths(terms["main-menu"]) == []
    assert paths.author_paths(Author(login="fatima", id=2)) == [
        "/author/fatima/",
        "/author/fatima/feed/",
        "/?author=2",
    ]
    assert paths.site_paths() == ["/feed/", "/feed/rss2/", "/feed/atom/", "/comments/feed/"]


def test_a_blog_in_a_subfolder_and_custom_bases():
    site = Site(base_site_url="https://example.ma", base_blog_url="https://example.ma/news")
    paths = OldPaths(site, category_base="/rubrique/", tag_base="sujet")
    post = Item(id=3, slug="x", link="https://example.ma/news/x/")
    assert paths.item_paths(post)[:3] == ["/news/x/", "/news/?p=3", "/news/x/amp/"]
    assert paths.term_paths(Term("category", "sport", "Sport", id=4))[0] == "/news/rubrique/sport/"
    assert paths.term_paths(Term("post_tag", "can", "CAN"))[0] == "/news/sujet/can/"


def test_links_to_other_sites_are_not_old_paths():
    paths = OldPaths(Site(base_site_url="https://example.ma"))
    assert paths.item_paths(Item(id=3, link="https://elsewhere.example/x/")) == ["/?p=3"]


@pytest.mark.parametrize(
    "request_path",
    [
        "/2024/03/05/%D8%A7%D9%84%D9%85%D8%A7%D8%A1/",
        "/2024/03/05/%d8%a7%d9%84%d9%85%d8%a7%d8%a1/",
        "/2024/03/05/%d8%a7%D9%84%d9%85%D8%a7%d8%a1",
        "/2024/03/05/الماء/",
        "/2024/03/05/الماء",
        "https://www.example.ma/2024/03/05/الماء/?utm_source=facebook&fbclid=abc#comments",
        "/2024//03/05/الماء/",
    ],
)
def test_one_key_whatever_the_percent_encoding_slash_or_tracking_query(request_path):
    assert normalize_path(request_path) == "/2024/03/05/الماء"


def test_content_queries_are_kept_in_the_key():
    assert normalize_path("/?p=101") == normalize_path("/index.php?p=101&utm_source=x") == "/?p=101"
    assert normalize_path("/?page_id=7") == "/?page_id=7"
    assert normalize_path("/?utm_source=x") == "/"
    assert normalize_path("/?tag=%D8%A7%D9%84") == normalize_path("/?tag=ال") == "/?tag=ال"
    assert normalize_path("/news/?p=3") == "/news?p=3"
    assert normalize_path("/?p=3&cat=4") == "/?cat=4&p=3"


def test_keys_ignore_case_and_unicode_composition():
    assert normalize_path("/Category/News/") == "/category/news"
    assert normalize_path("/caf\u0065\u0301/") == normalize_path("/caf\u00e9") == "/café"


def test_every_listed_path_is_its_own_key(records, paths):
    post = by_id(records, 101)
    encoded = post.link.removeprefix("https://www.example.ma")
    assert normalize_path(encoded) == normalize_path(paths.item_paths(post)[0])
    assert normalize_path(encoded.upper()) == normalize_path(encoded)


def test_author_nicename_follows_wordpress():
    assert author_nicename("j.dupont@example.com") == "j-dupontexample-com"
    assert author_nicename("Fatima Zahra") == "fatima-zahra"
