"""Fixtures shared by the page cache's tests."""

import pytest
from django.core.cache import caches

from tests.servers import RedisServer

FRAGMENT_REDIS_PORT = 6392


@pytest.fixture(scope="module")
def redis_server():
    """A Redis of the module's own on 127.0.0.1:6392, for the remembered fragments' tests."""
    server = RedisServer(FRAGMENT_REDIS_PORT).start()
    yield server
    server.cli("shutdown", "nosave")


@pytest.fixture
def fragments_in_redis(settings, redis_server):
    """Remembered fragments on, in that Redis emptied, and the page cache off."""
    redis_server.cli("flushall")
    settings.CACHES = redis_server.caches()
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 300
    yield
    caches["default"].clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as it commits: the purges it queued run then, as in production."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    run.capture = django_capture_on_commit_callbacks
    return run
