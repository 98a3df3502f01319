"""The writing screen in real headless Chromium at 1366 px: room, counts, paste, autosave."""

import re

import pytest
from django.urls import reverse

from articles.models import Article, Autosave
from tests.factories import make_article

from .test_admin_browser import CAPTURE_EDITORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARABIC = ".rich-text[lang=ar] .ProseMirror[contenteditable=true]"
WORD_PASTE = (
    '<html><body><!--StartFragment--><h1 style="font-family:Calibri">بلاغ الجهة</h1>'
    '<p class="MsoNormal"><span style="font-family:&quot;Times New Roman&quot;;color:#C00000;font-size:14pt">'
    'أعلنت <b>الجهة</b> عن <i>برنامج</i> <a href="https://region.ma/programme">جديد</a>.</span></p>'
    '<h2><span style="color:red">المحاور</span></h2>'
    '<ul><li><span style="font-size:12pt">الماء</span></li><li>الطرق</li></ul>'
    '<ol><li><font face="Arial" color="blue">أولًا</font></li></ol>'
    "<!--EndFragment--></body></html>"
)
GOOGLE_DOCS_PASTE = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1234">'
    '<p dir="rtl" style="line-height:1.38"><span style="font-size:11pt;font-family:Arial;color:#000000;'
    'background-color:transparent;font-weight:700">عاجل</span><span style="font-size:11pt;font-family:Arial;'
    'font-style:italic"> من أكادير</span></p></b>'
)


@pytest.fixture
def context(browser_context, live_server):
    with browser_context(viewport={"width": 1366, "height": 768}, base_url=live_server.url) as context:
        yield context


def signed_in(context, user):
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.add_init_script(CAPTURE_EDITORS)
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/", wait_until="networkidle")
    return page


def open_form(page, url):
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("window.editors && Object.keys(window.editors).length === 3")


def test_the_body_has_the_width_and_most_of_the_height_with_counts_and_a_right_to_left_toolbar(
    context, admin_user
):
    article = make_article(body_ar="<p>نظمت الجهة لقاءً تواصليًا مع الشباب في أكادير.</p>")
    page = signed_in(context, admin_user)
    open_form(page, reverse("admin:articles_article_change", args=[article.pk]))
    box = page.locator(ARABIC).bounding_box()
    assert box["width"] >= 0.85 * 1366, box
    assert box["height"] >= 0.6 * 768, box
    menubar = ".rich-text[lang=ar] .prose-menubar"
    assert page.locator(menubar).evaluate("e => getComputedStyle(e).direction") == "rtl"
    status = page.locator('.writing-status[data-for="body_ar"]')
    assert status.locator(".writing-status__words").get_attribute("data-value") == "8"
    assert status.locator(".writing-status__reading").get_attribute("data-value") == "1"
    page.locator(ARABIC).click()
    page.keyboard.press("End")
    page.keyboard.type(" كلمة أخرى")
    assert status.locator(".writing-status__words").get_attribute("data-value") == "10"
    assert "10" in status.locator(".writing-status__words").inner_text()
    # Each language keeps its own tab, editor and count.
    page.click('a[href="#tab_id_body_fr"]')
    french = page.locator('.writing-status[data-for="body_fr"] .writing-status__words')
    assert french.is_visible() and french.get_attribute("data-value") == "0"
    assert (
        page.locator(".rich-text[lang=fr] .prose-menubar").evaluate("e => getComputedStyle(e).direction")
        == "ltr"
    )
    assert page.problems == []


@pytest.mark.parametrize("pasted", [WORD_PASTE, GOOGLE_DOCS_PASTE], ids=["word", "google-docs"])
def test_paste_keeps_the_structure_and_drops_fonts_colours_and_spans(context, admin_user, pasted):
    article = make_article(body_ar="<p></p>")
    page = signed_in(context, admin_user)
    open_form(page, reverse("admin:articles_article_change", args=[article.pk]))
    page.locator(ARABIC).click()
    page.evaluate(
        """html => {
          const data = new DataTransfer();
          data.setData("text/html", html);
          data.setData("text/plain", "x");
          const target = document.querySelector(".rich-text[lang=ar] .ProseMirror[contenteditable=true]");
          const options = {clipboardData: data, bubbles: true, cancelable: true};
          target.dispatchEvent(new ClipboardEvent("paste", options));
        }""",
        pasted,
    )
    html = page.evaluate("window.editors.body_ar.getHTML()")
    for dropped in ("<span", "style=", "<font", "color", "font-family", "class=", "<b "):
        assert dropped not in html, (dropped, html)
    if pasted is WORD_PASTE:
        assert "<h2>" in html and "المحاور" in html
        assert "بلاغ الجهة" in html  # a Word title (h1) is kept as text
        assert "<strong>الجهة</strong>" in html and "<em>برنامج</em>" in html
        assert '<a href="https://region.ma/programme">جديد</a>' in html
        assert re.search(r"<ul><li><p>الماء</p></li><li><p>الطرق</p></li></ul>", html)
        assert re.search(r"<ol[^>]*><li><p>أولًا</p></li></ol>", html)
    else:
        # Google Docs wraps everything in <b style="font-weight:normal">: not bold.
        assert html == "<p><strong>عاجل</strong><em> من أكادير</em></p>", html
    assert page.problems == []


def test_autosave_gives_the_text_back_after_the_page_is_killed(browser_context, live_server, admin_user):
    article = make_article(body_ar="<p>النص المحفوظ.</p>")
    url = reverse("admin:articles_article_change", args=[article.pk])
    typed = " وفقرة كُتبت ولم تُحفظ"
    with browser_context(viewport={"width": 1366, "height": 768}, base_url=live_server.url) as context:
        page = signed_in(context, admin_user)
        open_form(page, url)
        page.locator(ARABIC).click()
        page.keyboard.press("End")
        page.keyboard.type(typed)
        page.locator('.writing-status__saved:has-text("حُفظ تلقائيًا")').first.wait_for(timeout=15000)
        cookies = context.cookies()
        # Killed: no save, no unload handlers.
        page.close(run_before_unload=False)
    assert Article.objects.get(pk=article.pk).body_ar == "<p>النص المحفوظ.</p>"
    assert Autosave.objects.get(user=admin_user, key=str(article.pk))

    with browser_context(viewport={"width": 1366, "height": 768}, base_url=live_server.url) as context:
        context.add_cookies(cookies)
        page = context.new_page()
        page.add_init_script(CAPTURE_EDITORS)
        open_form(page, url)
        offer = page.locator(".autosave-offer")
        assert offer.is_visible()
        offer.locator(".autosave-offer__restore").click()
        assert typed.strip() in page.locator(ARABIC).inner_text()
        page.click("input[name=_continue]")
        page.wait_for_load_state("networkidle")
    assert typed.strip() in Article.objects.get(pk=article.pk).body_ar
    assert not Autosave.objects.filter(user=admin_user).exists()  # saved for real: nothing to offer


def test_a_new_article_autosaves_too_and_can_be_discarded(browser_context, live_server, admin_user):
    with browser_context(viewport={"width": 1366, "height": 768}, base_url=live_server.url) as context:
        page = signed_in(context, admin_user)
        open_form(page, reverse("admin:articles_article_add"))
        page.locator(ARABIC).click()
        page.keyboard.type("مسودة مقال جديد")
        # Leaving the page sends what is typed at once (sendBeacon), without waiting for the timer.
        page.goto("/admin/", wait_until="networkidle")
        assert Autosave.objects.get(user=admin_user, key="new").fields["body_ar"] == "<p>مسودة مقال جديد</p>"
        open_form(page, reverse("admin:articles_article_add"))
        page.locator(".autosave-offer__discard").click()
        page.wait_for_load_state("networkidle")
        assert not page.locator(".autosave-offer").count()
    assert not Autosave.objects.filter(user=admin_user).exists()
