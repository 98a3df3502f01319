"""Media through the body editor in real headless Chromium, and the reader's page they make."""

import re
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from articles.models import Article
from images.models import Image
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTURE_EDITORS = (
    "document.addEventListener('prose-editor:ready', event => {"
    " (window.editors ||= {})[event.detail.textarea.name] = event.detail.editor; });"
)
ARABIC_EDITOR = ".rich-text[lang=ar]"


def watch(page):
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    return page


@pytest.fixture
def admin_page(browser_context, live_server, admin_user):
    with browser_context(viewport={"width": 1366, "height": 768}, base_url=live_server.url) as context:
        page = watch(context.new_page())
        page.add_init_script(CAPTURE_EDITORS)
        page.goto("/admin/login/")
        page.fill("#id_username", admin_user.username)
        page.fill("#id_password", "password")
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/", wait_until="networkidle")
        yield page


def open_article(page, article):
    page.goto(reverse("admin:articles_article_change", args=[article.pk]), wait_until="networkidle")
    page.wait_for_function("window.editors && window.editors.body_ar")
    page.evaluate("window.editors.body_ar.commands.focus('end')")


def menu_button(page, title):
    return page.locator(f'{ARABIC_EDITOR} .prose-menubar [title="{title}"]')


@contextmanager
def reader_context(page, **options):
    """A reader's own context (no cookies) in the admin page's browser."""
    context = page.context.browser.new_context(**options)
    try:
        yield context
    finally:
        context.close()


def save(page):
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")


def test_an_embed_added_in_the_editor_is_a_facade_that_asks_nobody_until_play(
    admin_page, live_server, local_provider
):
    article = make_article(body_ar="<p>خطاب رئيس الجهة في افتتاح الدورة.</p>")
    open_article(admin_page, article)
    menu_button(admin_page, "تضمين فيديو أو منشور").click()
    admin_page.fill(".media-dialog input[name=url]", f"{local_provider.origin}/video/agadir1")
    admin_page.click(".media-dialog button[type=submit]")
    admin_page.wait_for_selector(f"{ARABIC_EDITOR} .media-node--embed")
    assert "فيديو agadir1" in admin_page.locator(f"{ARABIC_EDITOR} .media-node--embed").inner_text()
    save(admin_page)
    body = Article.objects.get(pk=article.pk).body_ar
    embed_id = re.search(r'<figure data-embed="(\d+)"></figure>', body)[1]
    assert admin_page.problems == []

    asked_before = len(local_provider.requests)
    with reader_context(admin_page, viewport={"width": 1366, "height": 768}) as context:
        requests = []
        context.on("request", lambda request: requests.append(request.url))
        reader = watch(context.new_page())
        reader.goto(f"{live_server.url}{article.get_absolute_url()}", wait_until="networkidle")
        play = reader.locator(".embed__play")
        assert play.is_visible()
        assert (
            reader.locator(".embed__link").get_attribute("href") == f"{local_provider.origin}/video/agadir1"
        )
        assert reader.locator("iframe").count() == 0
        hosts = {urlsplit(url).netloc for url in requests}
        assert hosts == {urlsplit(live_server.url).netloc}, requests  # only this site, no provider
        assert len(local_provider.requests) == asked_before  # nothing asked of the provider
        thumbnail = reader.locator(".embed__thumbnail")
        assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 480

        play.click()
        frame = reader.locator("iframe.embed__iframe")
        frame.wait_for()
        src = frame.get_attribute("src")
        assert src == f"{local_provider.origin}/player/agadir1"
        assert "allow-scripts" in frame.get_attribute("sandbox")
        reader.frame_locator("iframe.embed__iframe").locator("#player").wait_for()
        assert "/player/agadir1" in local_provider.requests
        assert reader.problems == []
    assert embed_id


def test_without_javascript_the_reader_gets_a_plain_link(browser_context, live_server, local_provider):
    from embeds.models import Embed

    embed = Embed.objects.create(
        url=f"{local_provider.origin}/video/v1",
        provider="فيديو الجهة",
        title="الدورة",
        frame_src=f"{local_provider.origin}/player/v1",
    )
    article = make_article(body_ar=f'<figure data-embed="{embed.pk}"></figure>')
    with browser_context(java_script_enabled=False) as context:
        page = context.new_page()
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        assert not page.locator(".embed__play").is_visible()
        link = page.locator(".embed__link")
        assert link.is_visible() and link.get_attribute("href") == embed.url


def test_a_youtube_embed_plays_from_youtube_nocookie_only_after_the_click(
    admin_page, live_server, local_provider
):
    article = make_article(body_ar="<p>فيديو.</p>")
    open_article(admin_page, article)
    menu_button(admin_page, "تضمين فيديو أو منشور").click()
    admin_page.fill(".media-dialog input[name=url]", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    admin_page.click(".media-dialog button[type=submit]")
    admin_page.wait_for_selector(f"{ARABIC_EDITOR} .media-node--embed")
    save(admin_page)
    assert "data-embed" in Article.objects.get(pk=article.pk).body_ar

    with reader_context(admin_page) as context:
        requests = []
        context.on("request", lambda request: requests.append(request.url))
        # Nothing leaves this machine: the provider's player is answered here, after the click.
        context.route(
            "https://www.youtube-nocookie.com/**",
            lambda route: route.fulfill(status=200, content_type="text/html", body="<p id=yt>player</p>"),
        )
        reader = context.new_page()
        reader.goto(f"{live_server.url}{article.get_absolute_url()}", wait_until="networkidle")
        assert {urlsplit(url).netloc for url in requests} == {urlsplit(live_server.url).netloc}, requests
        reader.click(".embed__play")
        frame = reader.locator("iframe.embed__iframe")
        frame.wait_for()
        assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
        reader.frame_locator("iframe.embed__iframe").locator("#yt").wait_for()


def library(user, *titles):
    from images.workflow import upload_image
    from tests.images import image_bytes, upload

    return [
        upload_image(
            upload(f"photo{n}.jpg", image_bytes(size=(800, 600), color=(40 * n, 90, 120))),
            by=user,
            title=title,
        )
        for n, title in enumerate(titles, 1)
    ]


def test_an_image_and_a_gallery_chosen_in_the_editor_are_stored_and_shown_to_readers(
    admin_page, admin_user, live_server
):
    first, second, third = library(admin_user, "سوق الأحد", "ميناء أكادير", "قصبة أكادير أوفلا")
    article = make_article(body_ar="<p>صور من المدينة.</p>")
    open_article(admin_page, article)

    menu_button(admin_page, "صورة من المكتبة").click()
    admin_page.fill(".media-dialog input[name=q]", "ميناء")
    admin_page.locator(f'.media-dialog [data-image-id="{second.pk}"]').click()
    admin_page.fill(".media-dialog input[name=caption]", "ميناء أكادير صباحًا")
    admin_page.fill(".media-dialog input[name=credit]", "م. الإدريسي")
    admin_page.select_option(".media-dialog select[name=size]", "wide")
    admin_page.select_option(".media-dialog select[name=align]", "start")
    admin_page.click(".media-dialog button[type=submit]")
    admin_page.wait_for_selector(f"{ARABIC_EDITOR} .media-node--image")

    menu_button(admin_page, "معرض صور").click()
    for image in (first, second, third):
        admin_page.locator(f'.media-dialog .media-dialog__result[data-image-id="{image.pk}"]').click()
    # The third photo goes first: two steps up.
    admin_page.locator(f'.media-dialog__order li[data-image-id="{third.pk}"] .media-dialog__up').click()
    admin_page.locator(f'.media-dialog__order li[data-image-id="{third.pk}"] .media-dialog__up').click()
    admin_page.fill(".media-dialog input[name=caption]", "جولة في أكادير")
    admin_page.click(".media-dialog button[type=submit]")
    admin_page.wait_for_selector(f"{ARABIC_EDITOR} .media-node--gallery")
    save(admin_page)

    body = Article.objects.get(pk=article.pk).body_ar
    assert (
        f'<figure data-image="{second.pk}" data-size="wide" data-align="start" data-credit="م. الإدريسي">'
        "<figcaption>ميناء أكادير صباحًا</figcaption></figure>"
    ) in body
    gallery = f'<figure data-gallery="{third.pk},{first.pk},{second.pk}">'
    assert f"{gallery}<figcaption>جولة في أكادير</figcaption></figure>" in body
    # Reopened, the editor reads its own markup back unchanged.
    open_article(admin_page, article)
    assert admin_page.input_value("#id_body_ar") == body
    assert admin_page.problems == []

    # The reader's page: a <picture> with its caption and credit, then the gallery in its order.
    with reader_context(admin_page, viewport={"width": 1366, "height": 768}) as context:
        requests = []
        context.on("request", lambda request: requests.append(request.url))
        reader = watch(context.new_page())
        reader.goto(f"{live_server.url}{article.get_absolute_url()}", wait_until="networkidle")
        photo = reader.locator(".article__body figure.figure--wide.figure--start")
        assert "ميناء أكادير صباحًا" in photo.locator("figcaption").inner_text()
        assert "م. الإدريسي" in photo.locator("figcaption").inner_text()
        img = photo.locator("picture img")
        img.scroll_into_view_if_needed()
        reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
        assert img.get_attribute("width") and img.get_attribute("height")
        gallery = reader.locator(".article__body figure.gallery")
        sources = gallery.locator("li img").evaluate_all("images => images.map(image => image.src)")

        def largest(image):
            return Image.objects.get(pk=image.pk).renditions["jpeg"][-1]["url"]

        assert [urlsplit(src).path for src in sources] == [largest(third), largest(first), largest(second)]
        assert "جولة في أكادير" in gallery.locator("figcaption").inner_text()
        assert {urlsplit(url).netloc for url in requests} == {urlsplit(live_server.url).netloc}
        assert reader.problems == []


def test_an_image_uploaded_in_place_joins_the_library_and_the_body(admin_page):
    from tests.images import image_bytes

    article = make_article(body_ar="<p>صورة جديدة.</p>")
    open_article(admin_page, article)
    menu_button(admin_page, "صورة من المكتبة").click()
    admin_page.set_input_files(
        ".media-dialog input[type=file]",
        files=[{"name": "souk.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(size=(640, 480))}],
    )
    admin_page.fill(".media-dialog input[name=upload_credit]", "ع. بنعلي")
    admin_page.click(".media-dialog__upload")
    admin_page.locator('.media-dialog__chosen:has-text("souk")').wait_for()
    admin_page.click(".media-dialog button[type=submit]")
    admin_page.wait_for_selector(f"{ARABIC_EDITOR} .media-node--image img")
    save(admin_page)
    image = Image.objects.get()
    assert image.credit == "ع. بنعلي"
    body = Article.objects.get(pk=article.pk).body_ar
    assert f'<figure data-image="{image.pk}" data-size="medium" data-align="center"></figure>' in body
    assert admin_page.problems == []


def test_a_file_that_is_no_image_gets_the_librarys_arabic_error_in_the_dialog(admin_page):
    article = make_article(body_ar="<p>نص.</p>")
    open_article(admin_page, article)
    menu_button(admin_page, "صورة من المكتبة").click()
    admin_page.set_input_files(
        ".media-dialog input[type=file]",
        files=[{"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"not an image at all"}],
    )
    admin_page.click(".media-dialog__upload")
    error = admin_page.locator(".media-dialog__error")
    error.wait_for()
    assert "ليس صورة" in error.inner_text()
    assert not Image.objects.exists()
