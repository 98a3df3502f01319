"""The copies of remembered fragments each process holds (newsroom/pagecache/copies.py), with the
page cache off, through the test client, against a real Redis on 127.0.0.1:6392: a page reads
the shared cache once, and still shows every change at once."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, Region
from newsroom.cache import FailSafeRedisClient
from newsroom.pagecache import copies as local
from newsroom.pagecache import purge_now, store
from newsroom.pagecache.copies import copies
from newsroom.pagecache.fragments import remembered
from tests.factories import make_article, make_region, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments(fragments_in_redis):
    """Every test here remembers fragments in a Redis of its own (tests/newsroom/conftest.py)."""


@pytest.fixture
def site():
    region = make_region(name_ar="جهة سوس ماسة", slug="souss-massa")
    tag = make_tag(slug="festival")
    articles = [
        make_article(
            headline_ar=f"خبر رقم {n}",
            region=region,
            tags=[tag],
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
        for n in range(5)
    ]
    return region, tag, articles


def round_trips(redis_server, client, url):
    """(MGET, GET) the shared cache answered for one request of `url`."""
    before = redis_server.calls("mget"), redis_server.calls("get")
    response = client.get(url)
    assert response.status_code == 200, url
    return redis_server.calls("mget") - before[0], redis_server.calls("get") - before[1]


def pages(region, tag, articles):
    return ["/", "/articles/", *(subject.get_absolute_url() for subject in (region, tag, articles[0]))]


def test_a_page_reads_its_fragments_in_one_round_trip_while_nothing_is_purged(client, redis_server, site):
    for url in pages(*site):
        client.get(url)
        client.get(url)
        assert round_trips(redis_server, client, url) == (1, 0), url


def test_without_copies_each_fragment_is_a_round_trip_of_its_own(client, redis_server, site, settings):
    settings.FRAGMENT_LOCAL_BYTES = 0
    url = "/articles/"  # its count, its page's ids, its cards, its filter fields, the navigation
    client.get(url)
    assert round_trips(redis_server, client, url) == (5, 0)
    assert len(copies) == 0


def test_a_publish_edit_and_withdraw_show_at_once_on_pages_drawn_from_copies(client, site, commit):
    region, tag, _articles = site
    for url in pages(*site):
        client.get(url)
    story = make_article(
        headline_ar="خبر عاجل من أكادير",
        region=region,
        tags=[tag],
        status=Article.Status.DRAFT,
        published_at=None,
    )
    commit(workflow.publish, story, by=None)
    for url in pages(*site)[:4]:
        assert "خبر عاجل من أكادير" in client.get(url).content.decode(), url
    commit(workflow.edit_article, story, by=None, headline_ar="خبر عاجل من تزنيت")
    for url in pages(*site)[:4]:
        html = client.get(url).content.decode()
        assert "خبر عاجل من تزنيت" in html and "خبر عاجل من أكادير" not in html, url
    commit(workflow.withdraw, story, by=None)
    for url in pages(*site)[:4]:
        assert "خبر عاجل من تزنيت" not in client.get(url).content.decode(), url


def test_a_region_renamed_by_another_process_shows_at_once(client, site):
    """Another process renames and purges through the shared cache alone: this process's copy of
    the navigation must not hide it."""
    region, _tag, articles = site

    def navigation():
        html = client.get(articles[0].get_absolute_url()).content.decode()
        return html.split('class="site-nav"', 1)[1].split("</nav>")[0]

    assert "جهة سوس ماسة" in navigation() and "جهة سوس ماسة" in navigation()  # held here now
    Region.objects.filter(pk=region.pk).update(name_ar="سوس ماسة درعة")
    store.purge_tags(["nav"])  # what another process's rename writes to the shared cache
    assert "سوس ماسة درعة" in navigation()


def test_after_the_shared_cache_loses_everything_no_copy_is_served(client, redis_server, site):
    """A Redis restart empties it: the counter starts again above every copy's, so each process
    draws its pages afresh rather than from what it held."""
    _region, _tag, articles = site
    client.get("/articles/")
    client.get("/articles/")
    Article.objects.filter(pk=articles[0].pk).update(headline_ar="عنوان بعد إعادة التشغيل")  # no purge
    redis_server.cli("flushall")
    assert "عنوان بعد إعادة التشغيل" in client.get("/articles/").content.decode()


def test_a_purge_made_during_a_request_is_seen_by_the_rest_of_it():
    with local.request_scope():
        local.note_counter(41)
        assert local.counter_read() == 41
        purge_now(["article:1"])
        assert local.counter_read() is None
    assert local.counter_read() is None  # and nothing outlives the request


def test_a_sitemap_page_is_served_from_the_copies_as_the_bytes_drawn_afresh(
    client, site, settings, monkeypatch
):
    """Its only fragment is the page, the request's first: the shared cache is asked for the purge
    counter alone, not for the page's bytes (1.5 MB at 2,000 articles)."""
    url = "/sitemap-articles.xml"
    client.get(url)
    kept = client.get(url)
    asked = recording_reads(monkeypatch)
    assert client.get(url).content == kept.content
    assert asked == [store.GENERATION_KEY]
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert client.get(url).content == kept.content


def test_a_purge_counter_gone_back_drops_every_copy():
    """The shared cache lost its latest writes (a failover, a restore): purges counted again from
    there would reach the numbers of copies made before them."""
    with local.request_scope():
        local.note_counter(10)
        copies.keep("value", "خبر", {"lists": 1}, until=time.time() + 60, generation=10)
        assert copies.current("value", 10, time.time()) == ("خبر", ["lists"])
    with local.request_scope():
        local.note_counter(9)
    assert "value" not in copies and copies.size == 0


def test_a_held_value_is_a_copy_no_reader_can_change_for_another():
    def compute():
        return ["خبر", "آخر"]

    for _ in range(2):
        with local.request_scope():
            remembered("values", ["lists"], compute)
    with local.request_scope():
        remembered("the page's first value", ["lists"], lambda: 1)  # read with the purge counter
        first = remembered("values", ["lists"], compute)
        first.append("مضاف")
        assert remembered("values", ["lists"], compute) == ["خبر", "آخر"]


def test_copies_stay_within_their_budget_dropping_the_least_recently_used(client, site, settings):
    settings.FRAGMENT_LOCAL_BYTES = 64 * 1024
    for url in [*pages(*site), "/sitemap-articles.xml", "/feed/"]:
        client.get(url)
        client.get(url)
        assert 0 < copies.size <= settings.FRAGMENT_LOCAL_BYTES
    copies.clear()
    with local.request_scope():
        for n in range(60):  # 60 values of about 2 KB, twice the budget, the first one read each time
            copies.keep(f"value {n}", "ن" * 1000, {"lists": 1}, until=time.time() + 60, generation=7)
            assert copies.current("value 0", 7, time.time()) is not None
    assert copies.size <= settings.FRAGMENT_LOCAL_BYTES
    assert "value 0" in copies and "value 59" in copies
    assert "value 1" not in copies


def test_a_value_bigger_than_an_eighth_of_the_budget_is_never_held(settings):
    settings.FRAGMENT_LOCAL_BYTES = 64 * 1024
    for _ in range(2):
        with local.request_scope():
            remembered("large", ["lists"], lambda: "ن" * 10_000)  # 20 KB: a sitemap page, in small
            remembered("small", ["lists"], lambda: "ن" * 100)
    assert store.page_key("fragment", "large") not in copies
    assert store.page_key("fragment", "small") in copies


def recording_reads(monkeypatch):
    """The keys the shared cache is asked for from now on (Redis still answers them)."""
    asked = []
    get_many = FailSafeRedisClient.get_many

    def recording(self, keys):
        asked.extend(key.split(":", 2)[-1] for key in keys)  # without Django's prefix and version
        return get_many(self, keys)

    monkeypatch.setattr(FailSafeRedisClient, "get_many", recording)
    return asked


def test_a_page_cache_miss_draws_its_fragments_from_copies_without_asking_the_shared_cache(
    client, site, settings, monkeypatch
):
    """The page cache reads the purge counter before drawing a missing page; its fragments then
    come from this process's copies alone."""
    for _ in range(2):
        client.get("/articles/")
    settings.PAGE_CACHE_SECONDS = 300
    asked = recording_reads(monkeypatch)
    assert client.get("/articles/")["X-Page-Cache"] == "MISS"
    assert any(key.startswith("pagecache:page:") for key in asked)  # the page cache looked for the page
    assert not any(key.startswith("pagecache:fragment:") for key in asked)
