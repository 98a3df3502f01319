"""Remembered fragments (the home page's region blocks, an article's related articles) with the
page cache off, through the test client, against a real Redis on 127.0.0.1:6392."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, SearchDocument
from tests.factories import make_article, make_region, make_tag, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments(fragments_in_redis):
    """Every test here remembers fragments in a Redis of its own (tests/newsroom/conftest.py)."""


def region_blocks(client):
    html = client.get("/").content.decode()
    return html.split('class="regions"', 1)[1] if 'class="regions"' in html else ""


def related(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    return html.split('class="related"', 1)[1] if 'class="related"' in html else ""


def draft(headline, **fields):
    return make_article(headline_ar=headline, status=Article.Status.DRAFT, published_at=None, **fields)


def test_region_blocks_are_drawn_once_and_still_tag_the_page(client, settings):
    region = make_region(name_ar="جهة الاختبار")
    article = make_article(
        headline_ar="خبر الجهة", region=region, published_at=timezone.now() - timedelta(days=2)
    )
    for n in range(15):  # newer, and in no region: the latest list no longer shows it
        make_article(headline_ar=f"خبر عام {n}")
    assert "خبر الجهة" in region_blocks(client)
    with CaptureQueriesContext(connection) as second:
        assert "خبر الجهة" in region_blocks(client)
    assert not any("OFFSET" in query["sql"] for query in second.captured_queries)
    settings.PAGE_CACHE_SECONDS = 300  # a page cached from remembered blocks is purged by their cards
    tags = client.get("/", {"from": "remembered"})["Cache-Tag"].split(",")
    assert f"article:{article.pk}" in tags


def test_region_blocks_show_an_edit_and_an_approved_comment_at_once(client, commit):
    from comments import workflow as comment_workflow
    from tests.factories import make_comment

    moderator = make_user("moderator", is_staff=True, is_superuser=True)
    article = make_article(headline_ar="عنوان أول", region=make_region())
    assert "عنوان أول" in region_blocks(client)
    commit(workflow.edit_article, article, by=None, headline_ar="عنوان مصحح")
    assert "عنوان مصحح" in region_blocks(client)
    comment = make_comment(article)
    assert "التعليقات: 1" not in region_blocks(client)
    commit(comment_workflow.approve_comment, comment, by=moderator)
    assert "التعليقات: 1" in region_blocks(client)


def test_region_blocks_follow_publish_withdraw_and_a_rename_at_once(client, commit):
    region = make_region(name_ar="جهة الاختبار")
    make_article(headline_ar="خبر قديم", region=region, published_at=timezone.now() - timedelta(days=1))
    story = draft("خبر جديد في الجهة", region=region)
    assert "خبر جديد" not in region_blocks(client)
    commit(workflow.publish, story, by=None)
    assert "خبر جديد في الجهة" in region_blocks(client)
    commit(workflow.withdraw, story, by=None)
    assert "خبر جديد" not in region_blocks(client)
    assert "خبر قديم" in region_blocks(client)
    region.name_ar = "جهة باسم جديد"
    commit(workflow.save_subject, region)
    assert "جهة باسم جديد" in region_blocks(client)


def test_a_scheduled_article_enters_its_region_block_on_its_minute(client, commit):
    region = make_region()
    make_article(headline_ar="خبر قديم", region=region, published_at=timezone.now() - timedelta(days=1))
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        story = draft("خبر مجدول", region=region)
        commit(workflow.publish, story, by=None, at=start + timedelta(minutes=4))
        assert "خبر مجدول" not in region_blocks(client)
    with time_machine.travel(start + timedelta(minutes=3, seconds=59), tick=False):
        assert "خبر مجدول" not in region_blocks(client)
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        assert "خبر مجدول" in region_blocks(client)


def test_related_articles_follow_publish_and_withdraw_at_once(client, commit):
    tag = make_tag(name_ar="مهرجان")
    article = make_article(headline_ar="افتتاح المهرجان", tags=[tag])
    make_article(headline_ar="برنامج المهرجان", tags=[tag])
    assert "برنامج المهرجان" in related(client, article)
    with CaptureQueriesContext(connection) as second:
        assert "برنامج المهرجان" in related(client, article)
    assert not any("LIMIT 60" in query["sql"] for query in second.captured_queries)
    story = draft("ختام المهرجان", tags=[tag])
    commit(workflow.publish, story, by=None)
    assert "ختام المهرجان" in related(client, article)
    commit(workflow.withdraw, story, by=None)
    assert "ختام المهرجان" not in related(client, article)


def test_an_edit_of_a_related_article_shows_at_once(client, commit):
    tag = make_tag()
    article = make_article(tags=[tag])
    other = make_article(headline_ar="عنوان أول", tags=[tag])
    assert "عنوان أول" in related(client, article)
    commit(workflow.edit_article, other, by=None, headline_ar="عنوان مصحح")
    page = related(client, article)
    assert "عنوان مصحح" in page and "عنوان أول" not in page


def test_with_fragments_off_nothing_is_remembered(client, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    make_article(region=make_region())
    region_blocks(client)
    with CaptureQueriesContext(connection) as second:
        region_blocks(client)
    assert any("OFFSET" in query["sql"] for query in second.captured_queries)


def test_the_filters_offer_a_new_tag_at_once_and_keep_the_choice(client, commit):
    old_tag, new_tag = make_tag(name_ar="وسم قديم", slug="old"), make_tag(name_ar="وسم جديد", slug="new")
    make_article(tags=[old_tag])
    assert "وسم قديم" in client.get("/articles/").content.decode()
    with CaptureQueriesContext(connection) as second:
        assert "وسم جديد" not in client.get("/articles/").content.decode()  # no article has it yet
    assert not any("articles_eventtag" in query["sql"] for query in second.captured_queries)
    commit(workflow.publish, draft("خبر بالوسم الجديد", tags=[new_tag]), by=None)
    assert '<option value="new">وسم جديد</option>' in client.get("/articles/").content.decode()
    html = client.get("/articles/", {"tag": "new"}).content.decode()
    assert '<option value="new" selected>وسم جديد</option>' in html and "خبر بالوسم الجديد" in html


def test_the_filter_fields_drawn_once_are_those_drawn_afresh(client, settings):
    make_article(tags=[make_tag(name_ar="وسم", slug="wasm")])

    def fields(html):
        return html.split('class="filters"', 1)[1].split('class="filters__actions"', 1)[0]

    client.get("/articles/")
    with CaptureQueriesContext(connection) as remembered:
        kept = fields(client.get("/articles/").content.decode())
    assert len(remembered) == 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert kept == fields(client.get("/articles/").content.decode())
    assert '<option value="wasm">وسم</option>' in kept


def test_a_list_counts_once_and_shows_a_new_page_at_once(client, commit):
    tag = make_tag(slug="festival")
    for n in range(20):  # one page of 20
        make_article(headline_ar=f"خبر {n}", tags=[tag], published_at=timezone.now() - timedelta(days=1))
    url = tag.get_absolute_url()
    assert "?page=2" not in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert not any(query["sql"].startswith("SELECT COUNT(*)") for query in second.captured_queries)
    assert not any("LIMIT 20" in query["sql"] for query in second.captured_queries)  # nor the page
    story = draft("خبر الصفحة الثانية", tags=[tag])
    commit(workflow.publish, story, by=None)
    html = client.get(url).content.decode()
    assert "?page=2" in html and "خبر الصفحة الثانية" in html
    commit(workflow.withdraw, story, by=None)
    html = client.get(url).content.decode()
    assert "?page=2" not in html and "خبر الصفحة الثانية" not in html


def cards_of(html):
    return "".join(part.split("</article>")[0] for part in html.split('<article class="card')[1:])


def card_queries(queries):
    """The queries that load card rows (a list's ids alone select no headline)."""
    return [q["sql"] for q in queries if '"articles_article"."headline_ar"' in q["sql"]]


def test_list_cards_are_drawn_once_and_follow_an_edit_a_comment_and_renames(client, commit):
    from authors.workflow import save_author
    from comments import workflow as comment_workflow
    from tests.factories import make_author, make_comment

    moderator = make_user("moderator", is_staff=True, is_superuser=True)
    region, tag, author = (
        make_region(name_ar="جهة أولى"),
        make_tag(slug="cards"),
        make_author(name_ar="كاتب أول"),
    )
    article = make_article(headline_ar="عنوان أول", region=region, tags=[tag], authors=[author])
    pages = ["/articles/", tag.get_absolute_url(), region.get_absolute_url(), "/"]
    for url in pages:
        assert "عنوان أول" in client.get(url).content.decode()
        with CaptureQueriesContext(connection) as second:
            assert "عنوان أول" in client.get(url).content.decode()
        assert card_queries(second.captured_queries) == [], url

    def shown_everywhere(text):  # in the cards: the region's name is in the navigation too
        return all(text in cards_of(client.get(url).content.decode()) for url in pages)

    commit(workflow.edit_article, article, by=None, headline_ar="عنوان مصحح")
    assert shown_everywhere("عنوان مصحح")
    commit(comment_workflow.approve_comment, make_comment(article), by=moderator)
    assert shown_everywhere("التعليقات: 1")
    region.name_ar = "جهة باسم جديد"
    commit(workflow.save_subject, region)
    assert shown_everywhere("جهة باسم جديد")
    author.name_ar = "كاتب باسم جديد"
    commit(save_author, author)
    assert "كاتب باسم جديد" in cards_of(client.get("/articles/").content.decode())


def test_a_page_of_remembered_cards_still_carries_their_tags(client, settings):
    region = make_region()
    article = make_article(region=region)
    client.get("/articles/")  # the cards are drawn and kept
    settings.PAGE_CACHE_SECONDS = 300
    tags = client.get("/articles/", {"from": "remembered"})["Cache-Tag"].split(",")
    assert {f"article:{article.pk}", f"region:{region.pk}"} <= set(tags)


def test_the_home_page_draws_its_first_featured_card_large_and_keeps_the_order(client):
    hours_ago = lambda n: timezone.now() - timedelta(hours=n)  # noqa: E731
    older = make_article(headline_ar="بارز أقدم", is_featured=True, published_at=hours_ago(2))
    newer = make_article(headline_ar="بارز أحدث", is_featured=True, published_at=hours_ago(1))
    for _ in range(2):  # drawn, then read
        featured = (
            client.get("/").content.decode().split('class="featured__grid"', 1)[1].split("</section>")[0]
        )
        first, *others = featured.split("</article>")
        assert "card--lead" in first and newer.headline_ar in first
        assert "card--lead" not in "".join(others) and older.headline_ar in "".join(others)


def front_lists(client):
    """(featured, latest): the home page's two lists of cards, as HTML."""
    html = client.get("/").content.decode()
    featured = (
        html.split('<section class="featured"', 1)[1].split("</section>")[0]
        if "featured__grid" in html
        else ""
    )
    return featured, html.split('<section class="latest"', 1)[1].split("</section>")[0]


def test_the_home_pages_lists_are_chosen_once_and_follow_publish_feature_and_withdraw(client, commit):
    make_article(headline_ar="خبر قديم", published_at=timezone.now() - timedelta(days=1))
    assert "خبر قديم" in front_lists(client)[1]
    with CaptureQueriesContext(connection) as second:
        assert "خبر قديم" in front_lists(client)[1]
    assert second.captured_queries == []  # which articles, their cards, the blocks: all remembered
    story = draft("خبر جديد")
    commit(workflow.publish, story, by=None)
    assert "خبر جديد" in front_lists(client)[1]
    commit(workflow.edit_article, story, by=None, is_featured=True)
    featured, latest = front_lists(client)
    assert "خبر جديد" in featured and "خبر جديد" not in latest
    commit(workflow.edit_article, story, by=None, is_featured=False)
    featured, latest = front_lists(client)
    assert "خبر جديد" not in featured and "خبر جديد" in latest
    commit(workflow.withdraw, story, by=None)
    assert "خبر جديد" not in "".join(front_lists(client))


def test_a_scheduled_article_enters_the_home_page_on_its_minute(client, commit):
    make_article(headline_ar="خبر قديم", published_at=timezone.now() - timedelta(days=1))
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        commit(workflow.publish, draft("خبر مجدول"), by=None, at=start + timedelta(minutes=4))
        assert "خبر مجدول" not in front_lists(client)[1]
    with time_machine.travel(start + timedelta(minutes=3, seconds=59), tick=False):
        assert "خبر مجدول" not in front_lists(client)[1]
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        assert "خبر مجدول" in front_lists(client)[1]


def test_a_value_computed_while_one_of_its_tags_is_purged_is_not_kept():
    from newsroom.pagecache import store
    from newsroom.pagecache.fragments import remembered

    computed = []

    def compute():
        computed.append(len(computed) + 1)
        if len(computed) == 1:  # an edit commits while the first reader draws the fragment
            store.purge_tags(["article:1"])
        return computed[-1]

    assert remembered("drawn", ["article:1", "lists"], compute) == 1
    assert remembered("drawn", ["article:1", "lists"], compute) == 2  # the first was not kept
    assert remembered("drawn", ["article:1", "lists"], compute) == 2  # the second was


def test_an_article_page_is_drawn_once_and_follows_edits_corrections_and_renames(client, commit):
    from articles.corrections import append_correction
    from articles.models import Correction
    from authors.workflow import save_author
    from tests.factories import make_author

    editor = make_user("editor-corrects", is_staff=True, is_superuser=True)
    province = make_region(name_ar="إقليم أول", parent=make_region())  # renaming it changes no menu
    region, tag = make_region(name_ar="جماعة المقال", parent=province), make_tag(name_ar="وسم المقال")
    author = make_author(name_ar="كاتب المقال")
    article = make_article(headline_ar="عنوان أول", region=region, tags=[tag], authors=[author])

    def page():
        return client.get(article.get_absolute_url()).content.decode().split("<main", 1)[1]

    assert "عنوان أول" in page()
    with CaptureQueriesContext(connection) as second:
        assert "عنوان أول" in page() and "وسم المقال" in page()
    drawn_queries = ("articles_correction", "articles_articleauthor", "articles_article_tags")
    assert not any(name in q["sql"] for q in second.captured_queries for name in drawn_queries)
    commit(workflow.edit_article, article, by=None, headline_ar="عنوان مصحح")
    assert "عنوان مصحح" in page() and "عنوان أول" not in page()
    commit(append_correction, Correction(article=article, text_ar="تصحيح التاريخ"), by=editor)
    assert "تصحيح التاريخ" in page()
    tag.name_ar = "وسم باسم جديد"
    commit(workflow.save_subject, tag)
    assert "وسم باسم جديد" in page()
    province.name_ar = "إقليم باسم جديد"
    commit(workflow.save_subject, province)
    assert "إقليم باسم جديد" in page()  # in the breadcrumb
    author.name_ar = "كاتب باسم جديد"
    commit(save_author, author)
    assert "كاتب باسم جديد" in page()


def test_a_remembered_article_page_keeps_the_comments_and_the_readers_notice_live(client, commit):
    from comments import workflow as comment_workflow
    from tests.factories import make_comment

    moderator = make_user("moderator-live", is_staff=True, is_superuser=True)
    article = make_article(headline_ar="مقال للتعليق")
    client.get(article.get_absolute_url())  # drawn and remembered
    data = {"name": "فاطمة", "email": "fatima@example.com", "body": "تعليق القارئة.", "website": ""}
    response = client.post(reverse("comments:post", args=[article.pk]), data, follow=True)
    assert "تعليقك في انتظار المراجعة" in response.content.decode()
    commit(comment_workflow.approve_comment, make_comment(article, body="تعليق معتمد"), by=moderator)
    assert "تعليق معتمد" in client.get(article.get_absolute_url()).content.decode()


def test_an_article_pages_comments_are_drawn_once_and_follow_moderation_at_once(client, commit):
    from articles.workflow import close_comments
    from comments import workflow as comment_workflow
    from tests.factories import make_comment

    moderator = make_user("moderator-drawn", is_staff=True, is_superuser=True)
    article = make_article(headline_ar="مقال بتعليقات")
    comment = make_comment(article, body="تعليق أول", status="approved")
    url = article.get_absolute_url()
    assert "تعليق أول" in client.get(url).text
    with CaptureQueriesContext(connection) as second:
        assert "تعليق أول" in client.get(url).text
    assert len(second.captured_queries) == 1  # the article, its title and state: the rest is drawn
    assert "body_ar" not in second.captured_queries[0]["sql"]
    commit(comment_workflow.edit_comment, comment, body="تعليق أول بعد التعديل", by=moderator)
    assert "تعليق أول بعد التعديل" in client.get(url).text
    reply = make_comment(article, body="رد على التعليق", parent=comment)
    commit(comment_workflow.approve_comment, reply, by=moderator)
    assert "رد على التعليق" in client.get(url).text and "(2)" in client.get(url).text
    commit(comment_workflow.reject_comment, comment, by=moderator)
    page = client.get(url).text
    assert "تعليق أول" not in page and "رد على التعليق" in page and "(1)" in page
    assert 'id="comment-form"' in page
    commit(close_comments, [article], by=moderator)
    page = client.get(url).text
    assert 'id="comment-form"' not in page and "التعليقات مغلقة" in page


def test_a_draft_preview_is_never_remembered(client):
    editor = make_user("editor-previews", is_staff=True, is_superuser=True)
    client.force_login(editor)
    story = draft("مسودة أولى")
    url = reverse("articles:preview", args=[story.pk])
    assert "مسودة أولى" in client.get(url).content.decode().split("<main", 1)[1]
    Article.objects.filter(pk=story.pk).update(headline_ar="مسودة معدلة")  # no purge: drafts have no pages
    assert "مسودة معدلة" in client.get(url).content.decode().split("<main", 1)[1]


def test_feed_items_are_drawn_once_and_follow_an_edit_and_renames_at_once(client, commit):
    from authors.workflow import save_author
    from tests.factories import make_author

    tag, author = make_tag(name_ar="وسم الخلاصة"), make_author(name_ar="كاتب الخلاصة")
    article = make_article(headline_ar="عنوان أول", tags=[tag], authors=[author])

    def feed():  # RSS and Atom, each drawn and remembered on its own
        return client.get("/feed/").content.decode() + client.get("/feed/atom/").content.decode()

    assert "عنوان أول" in feed() and "وسم الخلاصة" in feed() and "كاتب الخلاصة" in feed()
    # Each format keeps its own drawn items: RSS <item>s never turn up in Atom, nor <entry>s in RSS.
    assert "<entry>" in client.get("/feed/atom/").content.decode()
    assert "<item>" not in client.get("/feed/atom/").content.decode()
    assert "<item>" in client.get("/feed/").content.decode()
    assert "<entry>" not in client.get("/feed/").content.decode()
    with CaptureQueriesContext(connection) as second:
        feed()
    assert not any("articles_article_tags" in q["sql"] for q in second.captured_queries)
    commit(workflow.edit_article, article, by=None, headline_ar="عنوان مصحح")
    assert "عنوان مصحح" in feed() and "عنوان أول" not in feed()
    tag.name_ar = "وسم باسم جديد"
    commit(workflow.save_subject, tag)
    assert "وسم باسم جديد" in feed()
    author.name_ar = "كاتب باسم جديد"
    commit(save_author, author)
    assert "كاتب باسم جديد" in feed()
    commit(workflow.withdraw, article, by=None)
    assert "عنوان مصحح" not in feed()


def test_a_search_is_matched_once_and_follows_publish_edit_and_withdraw_at_once(client, commit):
    region = make_region(name_ar="جهة المهرجان")
    opening = make_article(headline_ar="افتتاح مهرجان الفيلم", lead_ar="مقدمة أولى")  # in no region
    for n in range(2):  # three matches: with fewer, the page also looks for a spelling to suggest
        make_article(headline_ar=f"برنامج مهرجان الفيلم {n}", region=region)

    def results():
        html = client.get("/search/", {"q": "مهرجان"}).content.decode()
        return html.split('class="search-results"', 1)[1] if 'class="search-results"' in html else ""

    assert "افتتاح" in results()  # the query's own word is in <mark>
    with CaptureQueriesContext(connection) as second:
        assert "افتتاح" in results()  # the query's own word is in <mark>
    documents = SearchDocument._meta.db_table
    assert not any(documents in q["sql"] for q in second.captured_queries)
    assert not any('"articles_article"' in q["sql"] for q in second.captured_queries)  # drawn
    commit(workflow.edit_article, opening, by=None, lead_ar="مقدمة جديدة عن مهرجان الفيلم")
    assert "مقدمة جديدة" in results()  # the extract around the query's word
    region.name_ar = "جهة باسم جديد"
    commit(workflow.save_subject, region)
    assert "جهة باسم جديد" in results()
    story = draft("ختام مهرجان الفيلم")
    commit(workflow.publish, story, by=None)
    assert "ختام" in results()
    commit(workflow.edit_article, story, by=None, headline_ar="ختام الأيام السينمائية")
    assert "ختام" not in results()
    commit(workflow.withdraw, story, by=None)
    commit(workflow.publish, draft("مهرجان جديد"), by=None)
    page = results()
    assert "جديد" in page and "ختام" not in page


def test_the_navigation_is_drawn_once_and_shows_a_renamed_region_at_once(client, commit):
    region = make_region(name_ar="جهة الملاحة")

    def navigation():
        return client.get("/corrections/").content.decode().split('class="site-nav"', 1)[1].split("</nav>")[0]

    assert "جهة الملاحة" in navigation()
    with CaptureQueriesContext(connection) as second:
        navigation()
    assert not any("articles_region" in q["sql"] for q in second.captured_queries)
    region.name_ar = "جهة باسم جديد"
    commit(workflow.save_subject, region)
    assert "جهة باسم جديد" in navigation()


def sitemap_locations(client, section):
    import xml.etree.ElementTree as ET

    response = client.get(f"/sitemap-{section}.xml")
    assert response.status_code == 200
    entries = ET.fromstring(response.content).findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url")
    return [entry.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for entry in entries]


def article_rows(queries):
    """The queries that load article rows (the sitemap's aggregate of its page selects none)."""
    return [q["sql"] for q in queries if '"articles_article"."slug"' in q["sql"]]


def test_an_article_sitemap_page_is_drawn_once_and_follows_publish_edit_and_withdraw_at_once(client, commit):
    from urllib.parse import unquote

    article = make_article(headline_ar="خبر أول", slug="خبر-أول")
    assert unquote(sitemap_locations(client, "articles")[0]).endswith("/خبر-أول/")
    with CaptureQueriesContext(connection) as second:
        assert len(sitemap_locations(client, "articles")) == 1
    assert article_rows(second.captured_queries) == []
    commit(workflow.edit_article, article, by=None, slug="عنوان-مصحح", headline_fr="Titre")
    found = [unquote(url) for url in sitemap_locations(client, "articles")]
    assert len(found) == 2 and all("/عنوان-مصحح/" in url for url in found)
    story = draft("خبر جديد", slug="خبر-جديد")
    commit(workflow.publish, story, by=None)
    assert any("/خبر-جديد/" in unquote(url) for url in sitemap_locations(client, "articles"))
    commit(workflow.withdraw, story, by=None)
    assert not any("/خبر-جديد/" in unquote(url) for url in sitemap_locations(client, "articles"))


def test_a_scheduled_article_enters_the_article_sitemap_on_its_minute(client, commit):
    from urllib.parse import unquote

    make_article(published_at=timezone.now() - timedelta(days=1))
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)

    def listed():
        return any("/خبر-مجدول/" in unquote(url) for url in sitemap_locations(client, "articles"))

    with time_machine.travel(start, tick=False):
        commit(
            workflow.publish, draft("خبر مجدول", slug="خبر-مجدول"), by=None, at=start + timedelta(minutes=4)
        )
        assert not listed()
    with time_machine.travel(start + timedelta(minutes=3, seconds=59), tick=False):
        assert not listed()
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        assert listed()


def test_the_region_sitemap_is_drawn_once_and_follows_publish_and_a_rename_at_once(client, commit):
    from urllib.parse import unquote

    old, new = make_region(name_ar="جهة قديمة", slug="قديمة"), make_region(name_ar="جهة جديدة", slug="جديدة")
    make_article(region=old)
    assert [unquote(url).rsplit("/", 2)[1] for url in sitemap_locations(client, "regions")] == ["قديمة"]
    with CaptureQueriesContext(connection) as second:
        sitemap_locations(client, "regions")
    assert not any("articles_article" in q["sql"] for q in second.captured_queries)
    commit(workflow.publish, draft("خبر في الجهة الجديدة", region=new), by=None)
    assert len(sitemap_locations(client, "regions")) == 2
    new.slug = "جديدة-باسم-آخر"
    commit(workflow.save_subject, new)
    assert any("/جديدة-باسم-آخر/" in unquote(url) for url in sitemap_locations(client, "regions"))


def test_the_news_sitemap_is_drawn_once_follows_an_edit_and_drops_an_article_after_48_hours(client, commit):
    def titles():
        return client.get("/news-sitemap.xml").content.decode()

    article = make_article(
        headline_ar="خبر عاجل", published_at=timezone.now() - timedelta(hours=48, minutes=-1)
    )
    assert "خبر عاجل" in titles()
    with CaptureQueriesContext(connection) as second:
        assert "خبر عاجل" in titles()
    assert article_rows(second.captured_queries) == []
    commit(workflow.edit_article, article, by=None, headline_ar="خبر عاجل مصحح")
    assert "خبر عاجل مصحح" in titles()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):  # well within a fragment's life
        assert "خبر عاجل" not in titles()


@pytest.mark.parametrize(
    "path", ["/sitemap-articles.xml", "/sitemap-regions.xml", "/sitemap-tags.xml", "/news-sitemap.xml"]
)
def test_a_remembered_sitemap_page_is_the_same_bytes_as_one_drawn_afresh(client, settings, path):
    for n in range(3):
        make_article(
            headline_ar=f"خبر {n}",
            headline_fr=f"Article {n}" if n else "",
            region=make_region(),
            tags=[make_tag()],
        )
    settings.FRAGMENT_CACHE_SECONDS = 0
    afresh = client.get(path)
    settings.FRAGMENT_CACHE_SECONDS = 300
    drawn, remembered = client.get(path), client.get(path)
    assert b"<url>" in afresh.content and afresh.content == drawn.content == remembered.content
    for header in ["Content-Type", "X-Robots-Tag", "ETag"]:
        assert afresh[header] == drawn[header] == remembered[header], header
    assert client.get(path, headers={"If-None-Match": remembered["ETag"]}).status_code == 304


@pytest.mark.parametrize("path", ["/sitemap-articles.xml", "/sitemap-regions.xml", "/news-sitemap.xml"])
@pytest.mark.parametrize("page", ["0", "-1", "2", "x", "99999999999999999999", ""])
def test_a_sitemap_page_that_does_not_exist_is_a_404_when_remembering_too(client, path, page):
    make_article(region=make_region())
    assert client.get(path, {"p": page}).status_code == 404


def test_an_article_sitemap_page_spanning_id_ranges_follows_an_edit_in_each(client, commit, monkeypatch):
    from urllib.parse import unquote

    from articles import pagetags

    monkeypatch.setattr(pagetags, "SITEMAP_RANGE", 2)  # a page of 2,000 ids now spans several ranges
    articles = [make_article(slug=f"خبر-{n}") for n in range(5)]
    assert len(sitemap_locations(client, "articles")) == 5
    for n, article in enumerate(articles):
        commit(workflow.edit_article, article, by=None, slug=f"عنوان-{n}")
        assert f"/عنوان-{n}/" in "".join(unquote(url) for url in sitemap_locations(client, "articles"))


def test_an_approved_comment_leaves_the_article_sitemap_remembered(client, commit):
    from comments import workflow as comment_workflow
    from tests.factories import make_comment

    article = make_article()
    sitemap_locations(client, "articles")
    commit(
        comment_workflow.approve_comment,
        make_comment(article),
        by=make_user("m", is_staff=True, is_superuser=True),
    )
    with CaptureQueriesContext(connection) as after:
        sitemap_locations(client, "articles")
    assert article_rows(after.captured_queries) == []  # nothing in it changed: not drawn again


def test_a_correction_moves_the_article_sitemap_lastmod_at_once(client, commit):
    from articles.corrections import append_correction
    from articles.models import Correction

    days_ago = timezone.now() - timedelta(days=3)
    article = make_article(published_at=days_ago, modified_at=days_ago)
    lastmod = "{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod"

    def shown():
        import xml.etree.ElementTree as ET

        return ET.fromstring(client.get("/sitemap-articles.xml").content).find(f".//{lastmod}").text

    assert shown() == timezone.localdate(days_ago).isoformat()
    editor = make_user("editor", is_staff=True, is_superuser=True)
    commit(append_correction, Correction(article=article, text_ar="تصحيح"), by=editor)
    assert shown() == timezone.localdate().isoformat()


def counting():
    """A computation that gives 1, then 2, …: which call a remembered value came from."""
    calls = []

    def compute():
        calls.append(len(calls) + 1)
        return calls[-1]

    return compute


def test_a_value_with_no_purge_since_is_one_round_trip_and_a_purge_since_checks_its_tags(redis_server):
    from newsroom.pagecache import store
    from newsroom.pagecache.fragments import remembered

    compute = counting()

    store.purge_tags(["unrelated"])  # the counter exists, as on any site that has published once
    assert remembered("value", ["article:1"], compute) == 1
    before = redis_server.calls("mget"), redis_server.calls("get")
    assert remembered("value", ["article:1"], compute) == 1
    assert (redis_server.calls("mget"), redis_server.calls("get")) == (before[0] + 1, before[1])
    store.purge_tags(["article:2"])
    before = redis_server.calls("mget")
    assert remembered("value", ["article:1"], compute) == 1  # its tags checked: none of them purged
    assert redis_server.calls("mget") == before + 2
    store.purge_tags(["article:1"])
    assert remembered("value", ["article:1"], compute) == 2


@pytest.mark.parametrize("counter_before_the_value", [True, False])
@pytest.mark.parametrize("purge_before_reading", [True, False])
def test_tags_lost_with_the_purge_counter_after_an_outage_are_never_taken_for_no_purge(
    counter_before_the_value, purge_before_reading
):
    """After a Redis outage, the keys a process wrote to its fallback meanwhile (the tags it purged
    and the counter) are deleted from Redis: a value showing such a tag must be computed again."""
    from newsroom.pagecache import store
    from newsroom.pagecache.fragments import remembered

    compute = counting()

    if counter_before_the_value:
        store.purge_tags(["unrelated"])
    assert remembered("value", ["article:1"], compute) == 1
    assert remembered("value", ["article:1"], compute) == 1
    caches["default"].delete_many([store.tag_key("article:1"), store.GENERATION_KEY])
    if purge_before_reading:
        store.purge_tags(["unrelated"])  # the counter starts again, above where it was
    assert remembered("value", ["article:1"], compute) == 2
    assert remembered("value", ["article:1"], compute) == 2
    store.purge_tags(["article:1"])
    assert remembered("value", ["article:1"], compute) == 3


def test_a_lost_purge_counter_starts_above_every_tag_version_so_values_are_kept_again_at_once():
    from newsroom.pagecache import store
    from newsroom.pagecache.fragments import remembered

    compute = counting()

    for _ in range(50):
        store.purge_tags(["article:1"])
    caches["default"].delete(store.GENERATION_KEY)
    assert remembered("value", ["article:1"], compute) == 1
    assert remembered("value", ["article:1"], compute) == 1


def subject_page(client, url):
    """The page's content, without what changes per response (the policy's nonce)."""
    response = client.get(url)
    return response.status_code, re.sub(r' nonce="[^"]*"', "", response.content.decode())


def test_subject_pages_drawn_from_kept_values_are_those_drawn_afresh_without_a_query(client, settings):
    from tests.factories import make_author

    top = make_region(name_ar="جهة العيون")
    province = make_region(parent=top, name_ar="إقليم بوجدور", level="province")
    tag = make_tag(name_ar="مهرجان", starts_on=timezone.localdate(), region=province)
    author = make_author(job_title="مراسل", bio="يكتب عن الجنوب")
    make_article(region=province, tags=[tag], authors=[author])
    urls = [province.get_absolute_url(), tag.get_absolute_url(), author.get_absolute_url()]
    for url in urls:
        subject_page(client, url)
        with CaptureQueriesContext(connection) as queries:
            kept = subject_page(client, url)
        assert kept[0] == 200 and len(queries) == 0, url
        settings.FRAGMENT_CACHE_SECONDS = 0
        assert subject_page(client, url) == kept, url
        settings.FRAGMENT_CACHE_SECONDS = 300
    breadcrumb = subject_page(client, urls[0])[1].split('class="breadcrumb"', 1)[1].split("</nav>")[0]
    assert "جهة العيون" in breadcrumb and "إقليم بوجدور" in breadcrumb
    assert "· إقليم بوجدور" in subject_page(client, urls[1])[1]  # the tag's region
    assert "مراسل" in subject_page(client, urls[2])[1]


def test_a_kept_subject_follows_renames_and_who_may_see_it_at_once(client, commit):
    from authors.workflow import save_author
    from tests.factories import make_author

    top = make_region(name_ar="جهة الشرق")
    province = make_region(parent=top, name_ar="إقليم جرادة", level="province")
    tag = make_tag(name_ar="وسم الأمطار")
    author = make_author(name_ar="كاتبة الجهة")
    article = make_article(region=province, tags=[tag], authors=[author])
    region_url, tag_url, author_url = (s.get_absolute_url() for s in (province, tag, author))
    for url in (region_url, tag_url, author_url):
        assert subject_page(client, url)[0] == 200
    top.name_ar = "جهة الشرق الجديدة"  # in the region page's breadcrumb
    commit(workflow.save_subject, top)
    assert "جهة الشرق الجديدة" in subject_page(client, region_url)[1].split('class="breadcrumb"', 1)[1]
    tag.name_ar = "وسم التساقطات"
    commit(workflow.save_subject, tag)
    assert "وسم التساقطات" in subject_page(client, tag_url)[1]
    author.name_ar = "اسم الكاتبة الجديد"
    commit(save_author, author)
    assert "اسم الكاتبة الجديد" in subject_page(client, author_url)[1]
    commit(workflow.withdraw, article, by=None)  # nothing published names the tag or the author now
    assert subject_page(client, tag_url)[0] == 404
    assert subject_page(client, author_url)[0] == 404
    assert subject_page(client, region_url)[0] == 200  # a region is shown with no article too
    commit(workflow.publish, article, by=None)
    assert subject_page(client, tag_url)[0] == 200
    author.is_active = False
    commit(save_author, author)
    assert subject_page(client, author_url)[0] == 404
