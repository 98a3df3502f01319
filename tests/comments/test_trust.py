"""COMMENTS_AUTO_APPROVE trusts a browser that already had comments approved, not an e-mail address.

The address alone is no proof: anyone can type a known reader's. The proof is a signed cookie the
site set in the reader's browser when that browser posted the comments an editor later approved.
"""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from comments import workflow
from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

COOKIE = "newsroom_commenter"
PUBLISHED_NOTICE = "نُشر تعليقك"


@pytest.fixture(autouse=True)
def auto_approve(settings):
    settings.COMMENTS_AUTO_APPROVE = True
    settings.COMMENTS_TRUSTED_AFTER = 1


@pytest.fixture
def editor():
    return make_user("editor", groups=["Editor"], is_staff=True)


def post(client, article, ip="203.0.113.7", **overrides):
    data = {"name": "فاطمة", "email": "fatima@example.com", "body": "رأيي في الموضوع.", "website": ""}
    return client.post(reverse("comments:post", args=[article.pk]), {**data, **overrides}, REMOTE_ADDR=ip)


def key_in(cookie_value):
    """The browser key a cookie value carries, read as Django reads signed cookies."""
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE] = cookie_value
    return request.get_signed_cookie(COOKIE, salt="comments.trust")


@pytest.fixture
def known_reader(editor):
    """A browser whose first comment, posted with fatima@example.com, an editor approved later."""
    client, article = Client(), make_article()
    post(client, article, body="تعليقي الأول")
    workflow.approve_comment(Comment.objects.get(body="تعليقي الأول"), by=editor)
    return client


def test_the_same_browser_and_address_are_published_at_once(known_reader):
    response = post(known_reader, make_article(), ip="198.51.100.9", body="تعليق ثانٍ")  # another network
    assert response.status_code == 302
    comment = Comment.objects.latest("id")
    assert comment.status == Comment.Status.APPROVED and comment.flag_reason.startswith("قبول تلقائي")


def test_a_known_readers_address_from_another_browser_is_held(known_reader):
    impostor = Client()
    post(impostor, make_article(), body="أنا فاطمة، صدقوني")  # same address, same network even
    comment = Comment.objects.latest("id")
    assert comment.status == Comment.Status.PENDING
    assert comment.flag_reason == "بريد معروف من متصفح آخر"


def test_the_known_browser_with_another_address_is_held(known_reader):
    post(known_reader, make_article(), email="someone.else@example.com", body="باسم آخر")
    assert Comment.objects.latest("id").status == Comment.Status.PENDING


def test_a_forged_or_copied_key_without_the_signature_is_no_proof(known_reader):
    key = key_in(known_reader.cookies[COOKIE].value)
    for attempt, forged in enumerate((key, f"{key}:forged", "garbage")):
        impostor = Client()
        impostor.cookies[COOKIE] = forged
        post(impostor, make_article(), body=f"محاولة رقم {attempt}")
        assert Comment.objects.latest("id").status == Comment.Status.PENDING, forged


def test_a_browser_is_trusted_only_after_enough_of_its_comments_are_approved(settings, editor):
    settings.COMMENTS_TRUSTED_AFTER = 2
    client, article = Client(), make_article()
    post(client, article, body="الأول")
    workflow.approve_comment(Comment.objects.latest("id"), by=editor)
    post(client, article, body="الثاني")
    held = Comment.objects.latest("id")
    assert held.status == Comment.Status.PENDING and "1 من 2" in held.flag_reason
    workflow.approve_comment(held, by=editor)
    post(client, article, body="الثالث")
    assert Comment.objects.latest("id").status == Comment.Status.APPROVED


def test_approvals_from_before_the_cookie_existed_are_no_proof(client):
    make_comment(make_article(), email="fatima@example.com", status="approved")  # no browser on record
    post(client, make_article())
    assert Comment.objects.latest("id").status == Comment.Status.PENDING


def test_the_cookie_is_signed_http_only_same_site_and_kept_a_year(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    post(client, make_article())
    cookie = client.cookies[COOKIE]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 24 * 3600
    key = key_in(cookie.value)
    assert Comment.objects.get().browser_key == key and len(key) >= 20
    post(client, make_article(), body="ثانٍ")
    assert Comment.objects.latest("id").browser_key == key  # one browser, one key


def test_no_cookie_while_auto_approval_is_off(client, settings):
    settings.COMMENTS_AUTO_APPROVE = False
    post(client, make_article())
    assert COOKIE not in client.cookies
    assert Comment.objects.get().browser_key == ""


def test_anonymising_old_comments_forgets_their_browser(known_reader):
    from django.core.management import call_command

    call_command("anonymize_comments", "--older-than", "0", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Comment.objects.get().browser_key == ""
    post(known_reader, make_article(), body="بعد المسح")
    assert Comment.objects.latest("id").status == Comment.Status.PENDING


# --- In a real browser -----------------------------------------------------------------------


def post_in(page, url, body):
    page.goto(url)
    page.fill("#id_name", "فاطمة")
    page.fill("#id_email", "fatima@example.com")
    page.fill("#id_body", body)
    page.click("button[type=submit]")
    return page.locator("#comments [role=status]").inner_text()


@pytest.mark.browser
def test_in_chromium_the_readers_own_browser_is_trusted_and_another_is_not(
    browser_context, live_server, editor
):
    url = live_server.url + make_article().get_absolute_url()
    with browser_context() as context:
        first = post_in(context.new_page(), url, "تعليقي الأول من متصفحي")
        state = context.storage_state()
        script_sees = context.pages[0].evaluate("document.cookie")
    workflow.approve_comment(Comment.objects.get(), by=editor)  # later, the reader long gone
    with browser_context(storage_state=state) as context:
        again = post_in(context.new_page(), url, "تعليقي الثاني من متصفحي")
    with browser_context() as context:
        impostor = post_in(context.new_page(), url, "تعليق باسم فاطمة من متصفح آخر")
    assert "في انتظار المراجعة" in first and COOKIE not in script_sees
    assert PUBLISHED_NOTICE in again and "في انتظار المراجعة" in impostor
    statuses = dict(Comment.objects.values_list("body", "status"))
    assert statuses == {
        "تعليقي الأول من متصفحي": "approved",
        "تعليقي الثاني من متصفحي": "approved",
        "تعليق باسم فاطمة من متصفح آخر": "pending",
    }
