import asyncio
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Plain static storage (no collectstatic manifest) and a throw-away media folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


# Headless Chromium, shared by every browser test ----------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, started once per test session; each test opens its own context in it.

    Playwright's sync API drives its asyncio loop from this thread and marks that loop as running
    here after every call. Between browser tests the mark is taken away (`browser_context` puts it
    back), so the other tests keep Django's async-safety checks and may start a loop of their own.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    if asyncio._get_running_loop() is not None:
        pytest.fail("Playwright's sync API cannot start inside a running asyncio loop")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        browser.playwright_loop = asyncio.get_running_loop()
        asyncio._set_running_loop(None)
        try:
            yield browser
        finally:
            asyncio._set_running_loop(browser.playwright_loop)
            browser.close()


@pytest.fixture
def browser_context(chromium):
    """`with browser_context(**options) as context:` a fresh context (own cookies, viewport, cache)
    in the shared Chromium, closed at the end of the block; after it Django's checks are back."""

    @contextmanager
    def open_context(**options):
        outside = asyncio._get_running_loop()  # None, unless this block sits inside another one
        asyncio._set_running_loop(chromium.playwright_loop)
        try:
            # With Playwright's loop marked as running here, Django would refuse every ORM call.
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
                context = chromium.new_context(**options)
                try:
                    yield context
                finally:
                    context.close()
        finally:
            asyncio._set_running_loop(outside)

    return open_context
