"""The admin's keep-alive in Chromium, with the page's clock moved by hand: typing keeps the
session alive, and a session that ended anyway is announced on the page before work is lost."""

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def keepalive(response):
    return "/keepalive/" in response.url


def test_typing_keeps_the_session_and_an_ended_session_is_announced(browser_context, live_server):
    make_user("chief", is_staff=True, is_superuser=True)
    with browser_context(base_url=live_server.url) as context:
        page = context.new_page()
        page.clock.install()
        pings = []
        page.on("response", lambda response: keepalive(response) and pings.append(response.status))
        page.goto(reverse("admin:login"))
        page.fill("#id_username", "chief")
        page.fill("#id_password", "pass-1234-word")
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        page.goto(reverse("admin:auth_group_add"))

        page.clock.fast_forward("02:05")  # nobody typed: no ping
        page.fill("#id_name", "مراجعو المحتوى")
        with page.expect_response(keepalive):
            page.clock.fast_forward("02:05")
        assert pings == [204]
        assert page.locator("p.errornote[role=alert]").count() == 0

        context.clear_cookies()  # the session is gone: signed out elsewhere, or idle too long
        page.fill("#id_name", "مراجعو المحتوى والصور")
        with page.expect_response(keepalive):
            page.clock.fast_forward("02:05")
        alert = page.locator("p.errornote[role=alert]")
        alert.wait_for()
        assert "انتهت جلستك" in alert.inner_text()
        assert page.input_value("#id_name") == "مراجعو المحتوى والصور"  # the work is still on the page
