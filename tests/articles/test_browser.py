"""The home and the reference article in headless Chromium: right to left, no console errors,
no serious accessibility violations (axe-core), screenshots at phone and desktop widths."""

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.management.commands.load_demo import SEED_REGION_CODE
from articles.models import Article

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
WIDTHS = (360, 1280)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_pages(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seed = Article.objects.get(region__code=SEED_REGION_CODE)
    return {
        "home": live_server.url + "/",
        "seed-article": live_server.url + seed.get_absolute_url(),
        "list": live_server.url + "/articles/?q=حملة&date_after=2020-01-01",
        "region": live_server.url + seed.region.parent.get_absolute_url(),
    }


def watch_for_problems(page):
    """A list that fills with console errors, script errors and failed requests of `page`."""
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    return problems


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", ["home", "seed-article", "list", "region"])
def test_page_in_chromium(browser_context, demo_pages, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        with browser_context(viewport={"width": width, "height": 900}, locale="ar-MA") as context:
            page = context.new_page()
            problems = watch_for_problems(page)
            response = page.goto(demo_pages[name], wait_until="networkidle")
            assert response.status == 200
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)

            assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
            assert page.evaluate("document.documentElement.lang") == "ar"
            assert page.evaluate("""document.fonts.check('16px "Noto Naskh Arabic"', 'ع')""")
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing spills sideways
            assert page.locator("h1").count() == 1
            assert problems == []
            assert serious_violations(page) == []
            if name == "seed-article":
                assert "التعليقات مغلقة." in page.locator(".comments-area").inner_text()


def test_the_accessibility_check_does_flag_a_violation(browser_context):
    with browser_context() as context:
        page = context.new_page()
        page.set_content(
            '<!doctype html><html lang="ar"><title>x</title><main><img src="data:,"></main></html>'
        )
        assert [v[0] for v in serious_violations(page)] == ["image-alt"]
