"""The search page in real headless Chromium: a reader types, submits, sees the words marked."""

import shutil

import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def page(live_server, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(base_url=live_server.url)
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        yield page
        browser.close()


def test_reader_searches_without_hamza_and_sees_the_original_spelling_marked(page):
    article = make_article(headline_ar="مهرجان الفنون في آسفي", lead_ar="افتتح المهرجان في مَرَّاكُش أمس.")
    make_article(headline_ar="أخبار الرباط")
    page.goto("/search/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=q]", "اسفي مراكش")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search/?q=*")
    results = page.locator(".search-results article")
    assert results.count() == 1
    assert results.locator("a").first.get_attribute("href") == article.get_absolute_url()
    assert results.locator("mark").all_inner_texts() == ["آسفي", "مَرَّاكُش"]
    assert page.locator("input[name=q]").input_value() == "اسفي مراكش"
