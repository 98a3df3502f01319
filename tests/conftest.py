from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache

from newsroom.pagecache.copies import copies


@pytest.fixture(autouse=True, scope="session")
def _plain_http():
    """No redirect to HTTPS: the test client and the live server speak plain HTTP. Set for the
    session, before the live server builds its middleware (which reads it once)."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Plain static storage (no collectstatic manifest), a throw-away media folder, no page cache."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tasks run as soon as what queued them commits; tests/images/test_tasks.py runs the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.IMAGE_RENDITION_AVIF = False  # slow to encode; tests/images/test_renditions.py turns it on
    # Tests change rows directly, outside the write paths that purge: the page cache is for the
    # tests that ask for it (tests/newsroom/test_pagecache.py).
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    cache.clear()
    copies.clear()  # what a process holds of the cache goes with it
    yield
    cache.clear()
    copies.clear()


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


# Headless Chromium for the browser tests ----------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def browser_context():
    """`with browser_context(**options) as context:` Debian's headless Chromium and a fresh context
    in it (own cookies, viewport, cache), all closed at the end of the block.

    Each block starts its own Playwright: its sync API marks an asyncio loop as running in this
    thread while it is open, which Django's ORM refuses, so the mark must not outlive the block.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")

    @contextmanager
    def open_context(**options):
        with pytest.MonkeyPatch.context() as patch, sync_api.sync_playwright() as playwright:
            # Django refuses ORM calls while Playwright's loop is marked as running here.
            patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield browser.new_context(**options)
            finally:
                browser.close()

    return open_context
