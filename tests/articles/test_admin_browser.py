"""The article form in real headless Chromium: editor, language tabs, direction, slug."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from articles.sanitize import sanitize_html
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The editor hands itself to this listener once it is ready, so tests can drive it as a toolbar would.
CAPTURE_EDITORS = (
    "document.addEventListener('prose-editor:ready', event => {"
    " (window.editors ||= {})[event.detail.textarea.name] = event.detail.editor; });"
)
RICH_CONTENT = (
    "<h2>عنوان فرعي</h2>"
    "<p>فقرة <strong>غامقة</strong> <em>مائلة</em> <u>مسطرة</u> <s>مشطوبة</s> H<sub>2</sub>O "
    "م<sup>2</sup><br>سطر ثان</p>"
    "<ul><li><p>أولًا</p></li></ul><ol start='3'><li><p>ثالثًا</p></li></ol>"
    "<blockquote><p>اقتباس من المصدر</p></blockquote><hr>"
    "<p><a href='https://example.ma/source'>المصدر</a></p>"
)


@pytest.fixture
def page(browser_context, live_server, admin_user):
    with browser_context(viewport={"width": 1280, "height": 1000}, base_url=live_server.url) as context:
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.on(
            "console",
            lambda message: message.type == "error" and page.problems.append(message.text),
        )
        page.on("requestfailed", lambda request: page.problems.append(f"{request.url} {request.failure}"))
        page.on(
            "response",
            lambda response: (
                response.status >= 400 and page.problems.append(f"{response.status} {response.url}")
            ),
        )
        # The admin declares no icon; Chromium's own request for one is not the page's problem.
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        page.add_init_script(CAPTURE_EDITORS)
        page.goto("/admin/login/")
        page.fill("#id_username", admin_user.username)
        page.fill("#id_password", "password")
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/", wait_until="networkidle")
        yield page


def direction(page, selector):
    return page.locator(selector).evaluate("element => getComputedStyle(element).direction")


def test_editor_loads_right_to_left_for_arabic_and_left_to_right_in_the_french_tab(page):
    article = make_article(body_ar="<p>نظمت المرأة التجمعية بعمالة أكادير لقاءً تواصليًا.</p>")

    page.goto(reverse("admin:articles_article_change", args=[article.pk]), wait_until="networkidle")
    page.wait_for_function("window.editors && Object.keys(window.editors).length === 3")

    arabic = ".rich-text[lang=ar] .ProseMirror[contenteditable=true]"
    assert page.locator(arabic).is_visible()
    assert "لقاءً تواصليًا" in page.locator(arabic).inner_text()
    assert direction(page, arabic) == "rtl"
    assert page.locator(".ui-tabs-nav").count() >= 5  # one tab bar per translated field

    french = ".rich-text[lang=fr] .ProseMirror[contenteditable=true]"
    assert not page.locator(french).is_visible()
    page.click('a[href="#tab_id_body_fr"]')
    assert page.locator(french).is_visible()
    assert direction(page, french) == "ltr"
    assert direction(page, "#id_headline_fr") == "ltr"
    assert direction(page, "#id_headline_ar") == "rtl"
    assert page.problems == []


def test_what_the_editor_produces_is_stored_exactly_and_the_slug_follows_the_headline(page):
    page.goto(reverse("admin:articles_article_add"), wait_until="networkidle")
    page.wait_for_function("window.editors && window.editors.body_ar")
    page.fill("#id_headline_ar", "حملة تحسيسية حول السجل الاجتماعي الموحد")
    page.locator("#id_headline_ar").blur()
    page.evaluate(
        "content => { const editor = window.editors.body_ar; editor.commands.setContent(content);"
        " editor.chain().focus('end').insertTable({rows: 2, cols: 2, withHeaderRow: true}).run(); }",
        RICH_CONTENT,
    )
    sent = page.input_value("#id_body_ar")
    for tag in ("<h2>", "<strong>", "<u>", "<sub>", "<ol", "<blockquote>", "<hr>", "<a href", "<table>"):
        assert tag in sent
    assert page.input_value("#id_slug") == "حملة-تحسيسية-حول-السجل-الاجتماعي-الموحد"

    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"), wait_until="networkidle")

    stored = Article.objects.get().body_ar
    # Cleaning changes nothing the editor made, except that every link gets a safe rel.
    assert stored == sent.replace(
        '<a href="https://example.ma/source">',
        '<a href="https://example.ma/source" rel="noopener noreferrer">',
    )
    assert stored == sanitize_html(sent)
    assert page.problems == []
