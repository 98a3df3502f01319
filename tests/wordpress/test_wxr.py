from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.wordpress.conftest import DATA, comment, item, wxr
from wordpress.records import Author, Item, Site, Term
from wordpress.wxr import WXRReader, scan

CASABLANCA = ZoneInfo("Africa/Casablanca")


@pytest.fixture(scope="module")
def site_records():
    reader = WXRReader(DATA / "site.xml", timezone=CASABLANCA)
    records = list(reader)
    return records, reader


@pytest.fixture(scope="module")
def items(site_records):
    return {r.id: r for r in site_records[0] if isinstance(r, Item)}


def test_site_record_comes_first_with_the_channel(site_records):
    records, reader = site_records
    site = records[0]
    assert isinstance(site, Site)
    assert (site.title, site.language, site.wxr_version) == ("سوس بريس", "ar", "1.2")
    assert site.base_site_url == site.base_blog_url == "https://www.example.ma"
    assert reader.problems == []


def test_records_keep_the_file_order(site_records):
    kinds = [type(r).__name__ for r in site_records[0]]
    assert kinds == ["Site", "Author", "Author", *["Term"] * 5, *["Item"] * 12]


def test_authors(site_records):
    authors = [r for r in site_records[0] if isinstance(r, Author)]
    assert authors[0] == Author(
        login="fatima",
        email="fatima@example.ma",
        display_name="فاطمة الزهراء",
        first_name="فاطمة",
        last_name="الزهراء",
        id=2,
    )
    assert [a.login for a in authors] == ["fatima", "jdupont"]


def test_terms_have_decoded_slugs_parents_and_unescaped_names(site_records):
    terms = [r for r in site_records[0] if isinstance(r, Term)]
    region, agadir, society, tag, menu = terms
    assert (region.slug, region.parent, region.is_category) == ("جهة-سوس-ماسة", "", True)
    # Upper-case percent-encoding decodes to the same Arabic.
    assert (agadir.slug, agadir.parent, agadir.id) == ("أكادير", "جهة-سوس-ماسة", 6)
    assert agadir.description == "أخبار مدينة أكادير"
    assert society.name == "Société & culture"
    assert (tag.taxonomy, tag.slug, tag.name, tag.is_tag) == (
        "post_tag",
        "الماء-الصالح-للشرب",
        "الماء الصالح للشرب",
        True,
    )
    assert (menu.taxonomy, menu.slug) == ("nav_menu", "main-menu")


def test_post_fields(items):
    post = items[101]
    assert post.title == "انطلاق مشروع تحلية مياه البحر في أكادير"
    assert post.slug == "انطلاق-مشروع-تحلية-مياه-البحر-في-أكادير"
    assert post.link.startswith("https://www.example.ma/2024/03/05/%d8%a7")
    assert post.guid == "https://www.example.ma/?p=101"
    assert post.creator == "fatima"
    assert post.content.startswith("أعطيت اليوم انطلاقة مشروع")
    assert post.excerpt == "مشروع لتزويد أكادير بالماء"
    assert (post.status, post.is_sticky, post.comment_status, post.comments_open) == (
        "publish",
        True,
        "open",
        True,
    )
    assert post.date == post.date_gmt == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert post.date_local == datetime(2024, 3, 5, 10, 30)
    assert post.modified_gmt == datetime(2024, 3, 6, 7, 0, tzinfo=UTC)
    assert post.thumbnail_id == 201
    assert post.meta["_edit_last"] == "2"
    assert [(t.slug, t.name) for t in post.categories] == [
        ("أكادير", "أكادير"),
        ("جهة-سوس-ماسة", "جهة سوس ماسة"),
    ]
    assert [t.slug for t in post.tags] == ["الماء-الصالح-للشرب"]
    assert post.line == 54


def test_every_status_is_read_as_exported(items):
    statuses = {i.id: (i.status, i.password) for i in items.values() if i.post_type == "post"}
    assert statuses == {
        101: ("publish", ""),
        102: ("publish", ""),
        103: ("future", ""),
        104: ("draft", ""),
        105: ("pending", ""),
        106: ("private", ""),
        107: ("publish", "s3cret"),
        108: ("trash", ""),
    }


def test_a_draft_without_gmt_date_is_dated_in_the_site_timezone(items):
    draft = items[104]
    assert draft.date_gmt is None
    assert draft.date_local == datetime(2024, 7, 1, 12, 0)
    # Casablanca is UTC+1 in July.
    assert draft.date == datetime(2024, 7, 1, 11, 0, tzinfo=UTC)
    assert draft.slug == ""


def test_closed_comments_and_no_comments(items):
    post = items[102]
    assert (post.comment_status, post.comments_open, post.comments) == ("closed", False, [])


def test_comments_keep_ids_threads_states_and_types(items):
    comments = items[101].comments
    assert [(c.id, c.parent, c.state, c.type, c.is_ping) for c in comments] == [
        (1001, None, "approved", "comment", False),
        (1002, 1001, "approved", "comment", False),
        (1003, 1002, "pending", "comment", False),
        (1004, None, "spam", "comment", False),
        (1005, None, "trash", "comment", False),
        (1006, None, "approved", "pingback", True),
        (1007, None, "approved", "trackback", True),
    ]
    first = comments[0]
    assert (first.author, first.author_email, first.author_url, first.author_ip) == (
        "يوسف",
        "youssef@example.com",
        "https://youssef.example.com/",
        "196.200.1.10",
    )
    assert first.date == first.date_gmt == datetime(2024, 3, 5, 11, 0, tzinfo=UTC)
    assert first.content == "مشروع مهم للمدينة."
    assert first.meta == {"akismet_result": "false"}
    # An empty comment_type is a plain comment (WordPress writes "" for old comments).
    assert comments[1].user_id == 2


def test_attachments_pages_and_menu_items(items):
    photo = items[201]
    assert (photo.post_type, photo.parent, photo.status) == ("attachment", 101, "inherit")
    assert photo.attachment_url == "https://www.example.ma/wp-content/uploads/2024/03/port.jpg"
    assert photo.attached_file == "2024/03/port.jpg"
    assert photo.image_alt == "ميناء أكادير عند الغروب"
    assert photo.meta["_wp_attachment_metadata"].startswith('a:5:{s:5:"width";i:1200;')
    page = items[110]
    assert (page.post_type, page.slug, page.menu_order) == ("page", "من-نحن", 2)
    assert items[300].post_type == "nav_menu_item"


def test_scan_counts_without_building_records():
    summary = scan(DATA / "site.xml")
    assert summary.wxr_version == "1.2"
    assert dict(summary.items) == {"post": 8, "attachment": 2, "page": 1, "nav_menu_item": 1}
    assert (summary.comments, summary.authors, summary.terms) == (7, 2, 5)
    assert summary.problems == []


def test_https_namespace_and_wxr_1_1():
    reader = WXRReader(DATA / "https-namespace.xml")
    site, author, post = list(reader)
    assert (site.wxr_version, site.base_blog_url) == ("1.1", "http://agadir-info.example")
    assert author.login == "admin"
    assert post.title == "Le port d\u2019Agadir & la pêche"
    assert post.excerpt == "Le résumé."
    assert post.content == "Premier paragraphe.\n\nSecond paragraphe."
    assert reader.problems == []


def test_wxr_1_0_without_author_records_uses_the_creator():
    reader = WXRReader(DATA / "wxr-1.0.xml")
    records = list(reader)
    kinds = [type(r).__name__ for r in records]
    assert kinds == ["Site", "Term", "Term", "Term", "Author", "Item", "Item"]
    author = records[4]
    assert (author.login, author.display_name, author.id) == ("Brahim", "Brahim", None)
    _region, taroudant, tag = records[1:4]
    # WXR 1.0 names the parent category by its name; it is read as the parent's slug.
    assert (taroudant.slug, taroudant.parent) == ("تارودانت", "الجهة")
    assert (tag.taxonomy, tag.slug) == ("post_tag", "الفلاحة")
    post = records[5]
    assert post.slug == "موسم-الأركان"
    # The bare <category> repeats the nicenamed one: counted once.
    assert [(t.domain, t.slug, t.name) for t in post.terms] == [
        ("category", "تارودانت", "تارودانت"),
        ("post_tag", "الفلاحة", "الفلاحة"),
    ]
    assert post.is_sticky is False
    assert post.comments[0].type == "comment"
    assert reader.problems == []


def test_a_bare_category_counts_when_no_nicenamed_one_has_its_name(write_wxr):
    path = write_wxr(wxr(item(1, extra="<category><![CDATA[أخبار]]></category>")))
    post = next(r for r in WXRReader(path) if isinstance(r, Item))
    assert [(t.domain, t.slug, t.name) for t in post.terms] == [("category", "", "أخبار")]


@pytest.mark.parametrize(
    ("version", "problem"),
    [
        ("", "The export has no <wp:wxr_version>; reading it as WXR 1.2."),
        ("<wp:wxr_version>2.0</wp:wxr_version>", "Unknown WXR version '2.0'; reading it as WXR 1.2."),
    ],
)
def test_a_missing_or_odd_version_is_a_warning_not_a_failure(write_wxr, version, problem):
    reader = WXRReader(write_wxr(wxr(item(1), version=version)))
    records = list(reader)
    assert [type(r).__name__ for r in records] == ["Site", "Author", "Item"]
    assert [(p.code, p.message) for p in reader.problems] == [("wxr-version", problem)]


def test_any_wp_namespace_uri_and_odd_prefixes(write_wxr):
    namespaces = (
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wordpress="http://wordpress.org/export/1.3/"'
    )
    body = item(1).replace("wp:", "wordpress:")
    path = write_wxr(wxr(body, version="", namespaces=namespaces).replace("wp:base", "wordpress:base"))
    reader = WXRReader(path)
    records = list(reader)
    assert records[0].base_site_url == "https://www.example.ma"
    assert (records[-1].id, records[-1].status) == (1, "publish")


def test_items_without_ids_comments_without_ids_and_bad_numbers_are_reported(write_wxr):
    body = (
        "<item><title>No id</title><wp:post_type>post</wp:post_type></item>\n"
        + item(
            2,
            extra="<wp:menu_order>two</wp:menu_order><wp:comment><wp:comment_content>x</wp:comment_content></wp:comment>",
        )
        + "\n"
        + item(3).replace("2024-03-05 09:00:00", "yesterday")
    )
    reader = WXRReader(write_wxr(wxr(body)))
    posts = [r for r in reader if isinstance(r, Item)]
    assert [p.id for p in posts] == [2, 3]
    assert posts[0].menu_order == 0 and posts[0].comments == []
    codes = [(p.code, p.line) for p in reader.problems]
    assert codes == [("item-skipped", 7), ("comment-skipped", 8), ("value-invalid", 8), ("date-invalid", 9)]
    assert posts[1].date_gmt is None and posts[1].date == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)


def test_a_post_with_500_threaded_comments(write_wxr):
    comments = "".join(comment(n, parent=n - 1 if n % 2 == 0 else 0) for n in range(1, 501))
    path = write_wxr(wxr(item(1, extra=comments) + item(2)))
    posts = [r for r in WXRReader(path) if isinstance(r, Item)]
    assert [len(p.comments) for p in posts] == [500, 0]
    assert posts[0].comments[499].id == 500 and posts[0].comments[499].parent == 499
    assert posts[0].comments[498].parent is None
    assert scan(path).comments == 500


def test_reading_a_file_object(write_wxr):
    with open(write_wxr(wxr(item(9))), "rb") as handle:
        assert [r.id for r in WXRReader(handle) if isinstance(r, Item)] == [9]
