"""FailSafeRedisCache against a real Redis (:6380), stopped and started by the tests."""

import logging

import pytest
from django.core.cache import caches
from redis import Redis

from newsroom.cache import FailSafeRedisCache
from tests.factories import make_article, make_image
from tests.servers import RedisServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer(6380).start()
    yield server
    server.stop()


@pytest.fixture
def redis(redis_server):
    if not redis_server.ping():
        redis_server.start()
    cache = make_cache(redis_server, "local", prefix="t")
    cache.clear()
    return redis_server


def make_cache(server, fallback, *, prefix):
    options = {"FALLBACK": fallback, "RETRY_SECONDS": 0}  # try Redis again on every call
    return FailSafeRedisCache(server.url, {"KEY_PREFIX": prefix, "OPTIONS": options})


def in_redis(server, key, prefix="t"):
    return Redis.from_url(server.url).exists(f"{prefix}:1:{key}") == 1


def test_values_go_to_redis(redis):
    cache = make_cache(redis, "local", prefix="t")
    cache.set("greeting", "مرحبا")
    assert in_redis(redis, "greeting")
    assert make_cache(redis, "local", prefix="t").get("greeting") == "مرحبا"  # any process sees it
    assert cache.reachable()


def test_redis_stopped_reads_miss_writes_go_to_memory_and_a_warning_is_logged(redis, caplog):
    cache = make_cache(redis, "local", prefix="t")
    redis.stop()
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        assert cache.get("anything") is None
        cache.set("counter", 1)
        assert cache.incr("counter") == 2  # counted in this process
    assert "unreachable" in caplog.text
    assert not cache.reachable()


def test_an_invalidation_lost_while_redis_was_down_is_redone_when_it_returns(redis):
    cache = make_cache(redis, "local", prefix="t")
    cache.set("page", "before the edit")
    # Unreachable but still holding its data, as behind a network fault: commands time out.
    redis.cli("client", "pause", "1500", "ALL")
    cache.delete("page")  # the edit's purge: times out (half a second), Redis never hears it
    assert in_redis(redis, "page")  # once the pause is over, still there: stale in Redis…
    assert cache.get("page") is None  # …until this process, back on Redis, redoes the purge
    assert not in_redis(redis, "page")
    cache.set("page", "after the edit")
    assert in_redis(redis, "page")  # used again


def test_without_a_fallback_reads_miss_and_writes_are_dropped(redis):
    sessions = make_cache(redis, "none", prefix="s")
    redis.stop()
    sessions.set("session", {"user": 1})
    assert sessions.get("session") is None
    assert sessions.add("session", 1) is False


@pytest.mark.django_db
def test_redis_down_pages_still_serve_and_comments_keep_a_local_rate_limit(redis, settings, client, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.FailSafeRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"RETRY_SECONDS": 60},
        }
    }
    settings.COMMENTS_RATE_LIMIT = (2, 600)
    settings.PAGE_CACHE_SECONDS = 300  # the page cache reads and writes Redis on every page
    article = make_article(lead_image=make_image(width=400, height=300))
    redis.stop()
    caplog.set_level(logging.WARNING, logger="newsroom.cache")
    assert client.get("/").status_code == 200
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200 and "/360.webp" in page.text  # renditions need no cache
    assert "unreachable" in caplog.text
    comment = {"name": "قارئ", "email": "r@example.com"}
    statuses = [
        client.post(f"/articles/{article.pk}/comment/", {**comment, "body": f"تعليق {n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    caches["default"].clear()  # the local fallback, for the next tests
