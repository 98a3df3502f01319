"""A reader comments from a cached page in Chromium: with the form's script, and without it."""

import pytest
import requests

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cached_article(settings, live_server):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article()
    url = live_server.url + article.get_absolute_url()
    requests.get(url, timeout=10)
    assert requests.get(url, timeout=10).headers["X-Page-Cache"] == "HIT"
    return article, url


def fill(page, body):
    page.fill("#id_name", "قارئة")
    page.fill("#id_email", "qaria@example.ma")
    page.fill("#id_body", body)


def test_with_the_script_a_comment_from_a_cached_page_is_received(browser_context, cached_article):
    article, url = cached_article
    with browser_context() as context:
        page = context.new_page()
        response = page.goto(url)
        assert response.headers["x-page-cache"] == "HIT"
        fill(page, "تعليق من صفحة مخزّنة")
        page.click("button[type=submit]")
        notice = page.locator("#comments [role=status]").inner_text()
    assert "في انتظار المراجعة" in notice
    assert article.comments.get().body == "تعليق من صفحة مخزّنة"


def test_without_the_script_the_second_send_is_received_and_nothing_is_lost(browser_context, cached_article):
    article, url = cached_article
    with browser_context(java_script_enabled=False) as context:
        page = context.new_page()
        page.goto(url)
        fill(page, "تعليق بلا سكربت")
        page.click("button[type=submit]")
        kept = page.input_value("#id_body")
        page.click("button[type=submit]")
        notice = page.locator("#comments [role=status]").inner_text()
    assert kept == "تعليق بلا سكربت"
    assert "في انتظار المراجعة" in notice
    assert article.comments.get().body == "تعليق بلا سكربت"
