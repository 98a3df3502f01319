"""The search page in real headless Chromium: a reader types, submits, sees the words marked."""

import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser_context, live_server):
    with browser_context(base_url=live_server.url) as context:
        page = context.new_page()
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        yield page


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
