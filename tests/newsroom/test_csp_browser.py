"""Public pages and the admin's article form in headless Chromium under the real policy: the
browser refuses nothing (no securitypolicyviolation event, no CSP message in the console)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.management.commands.load_demo import SEED_REGION_CODE
from articles.models import Article, EventTag
from authors.models import Author
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any script of the page; what it collects is read back through the devtools
# protocol, which the page's policy does not govern.
COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", event => window.cspViolations.push(
  [event.effectiveDirective, event.blockedURI, event.sourceFile, event.lineNumber, event.sample].join(" | ")
));
"""


def open_page(context, url):
    page = context.new_page()
    page.console_problems = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.console_problems.append(message.text)
        ),
    )
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.add_init_script(COLLECT_VIOLATIONS)
    response = page.goto(url, wait_until="networkidle")
    return page, response


def violations(page):
    return page.evaluate("window.cspViolations") + page.console_problems


@pytest.fixture
def public_urls(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seed = Article.objects.get(region__code=SEED_REGION_CODE)
    tag = EventTag.objects.filter(articles__in=Article.objects.published()).first()
    author = Author.objects.filter(articles__in=Article.objects.published()).first()
    return {
        "home": "/",
        "article": seed.get_absolute_url(),
        "list": "/articles/?q=حملة",
        "region": seed.region.parent.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
        "search": "/search/?q=أكادير",
        "corrections": reverse("articles:corrections"),
        "french home": "/fr/",
        "not found": "/no-such-page/",
    }


def test_public_pages_run_under_the_policy(browser_context, live_server, public_urls):
    with browser_context(base_url=live_server.url) as context:
        for name, url in public_urls.items():
            page, response = open_page(context, url)
            assert "Content-Security-Policy" in {key.title() for key in response.headers}, name
            assert violations(page) == [], name
            page.close()


def test_admin_article_form_runs_under_the_policy(browser_context, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    make_user("chief", is_staff=True, is_superuser=True)
    article = Article.objects.published().first()
    with browser_context(base_url=live_server.url, viewport={"width": 1280, "height": 1000}) as context:
        page, _response = open_page(context, reverse("admin:login"))
        page.fill("#id_username", "chief")
        page.fill("#id_password", "pass-1234-word")
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/", wait_until="networkidle")
        assert violations(page) == []
        for url in (
            reverse("admin:articles_article_change", args=[article.pk]),
            reverse("admin:articles_article_add"),
            reverse("admin:articles_article_changelist"),
            reverse("accounts:setup"),
        ):
            page, response = open_page(context, url)
            assert response.status == 200, url
            if "/change/" in url or url.endswith("/add/"):
                page.wait_for_selector(".ProseMirror[contenteditable=true]")
                page.click('a[href="#tab_id_body_fr"]')  # modeltranslation's jQuery UI tabs
                page.locator(".rich-text[lang=fr] .ProseMirror[contenteditable=true]").click()
                page.keyboard.type("Un paragraphe.")
            assert violations(page) == [], (url, violations(page))
            page.close()
