import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

PENDING_NOTICE = "تعليقك في انتظار المراجعة"
CLOSED = "التعليقات مغلقة."


def post_comment(client, target, ip="203.0.113.7", **overrides):
    data = {"name": "فاطمة", "email": "fatima@example.com", "body": "مقال مفيد، شكرًا.", "website": ""}
    data.update(overrides)
    return client.post(reverse("comments:post", args=[target.pk]), data, REMOTE_ADDR=ip, follow=True)


def test_posting_opens_a_pending_comment_and_says_it_awaits_review(client):
    article = make_article()
    response = post_comment(client, article)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("#comments")
    assert PENDING_NOTICE in response.content.decode()
    comment = article.comments.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.ip_address == "203.0.113.7"
    assert "مقال مفيد" not in response.content.decode().split(PENDING_NOTICE)[1]  # not shown yet


def test_approved_comments_show_in_order_with_their_count_and_without_private_data(client):
    article = make_article()
    now = timezone.now()
    make_comment(article, name="الأول", body="أولًا", status="approved", created_at=now - timedelta(hours=2))
    make_comment(
        article,
        name="الثاني",
        body="ثانيًا",
        status="approved",
        created_at=now - timedelta(hours=1),
        email="second@example.com",
        ip_address="198.51.100.9",
    )
    make_comment(article, name="معلّق", body="ينتظر", status="pending")
    make_comment(article, name="مرفوض", body="مرفوض", status="rejected")
    make_comment(article, name="مزعج", body="مزعج", status="spam")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "(2)" in html
    assert html.index("أولًا") < html.index("ثانيًا")
    for hidden in ("ينتظر", "مرفوض", "مزعج", "second@example.com", "reader@example.com", "198.51.100.9"):
        assert hidden not in html


def test_comments_add_the_same_queries_to_the_page_whatever_their_number(client):
    article = make_article()
    make_comment(article, body="تعليق أول", status="approved")
    with CaptureQueriesContext(connection) as one:
        client.get(article.get_absolute_url())
    for n in range(20):
        make_comment(article, body=f"تعليق {n}", status="approved")
    with CaptureQueriesContext(connection) as many:
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="comment"') == 21
    assert len(many) == len(one)


def test_invalid_form_comes_back_with_the_readers_text_and_clear_errors(client):
    article = make_article()
    response = post_comment(client, article, email="not-an-email", body="نص أريد الاحتفاظ به")
    assert response.status_code == 400
    html = response.content.decode()
    assert "نص أريد الاحتفاظ به" in html
    assert "البريد الإلكتروني غير صحيح" in html
    assert not Comment.objects.exists()


def test_forged_status_and_article_in_the_post_are_ignored(client):
    article, other = make_article(), make_article()
    post_comment(client, article, status="approved", article=other.pk, moderated_by=1)
    comment = Comment.objects.get()
    assert (comment.status, comment.article, comment.moderated_by) == ("pending", article, None)
    assert "مقال مفيد" not in client.get(article.get_absolute_url()).content.decode()


def test_comment_form_is_protected_by_csrf():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("comments:post", args=[article.pk]), {"name": "x", "email": "a@b.ma", "body": "نص"}
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comment_form_has_labels_a_csrf_token_and_a_honeypot_hidden_from_people(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" in html
    for label in ("الاسم", "البريد الإلكتروني (لن يُنشر)", "تعليقك", "أرسل التعليق"):
        assert label in html
    honeypot = html[html.index('aria-hidden="true"') :]
    assert 'name="website"' in honeypot.split("</div>")[0]
    assert 'tabindex="-1"' in honeypot.split("</div>")[0]


def test_honeypot_refuses_with_a_clear_message_and_stores_nothing(client):
    article = make_article()
    response = post_comment(client, article, website="http://spam.example")
    assert response.status_code == 400
    assert "املأ الحقول الظاهرة فقط" in response.content.decode()
    assert not Comment.objects.exists()


def test_rate_limit_refuses_the_sixth_comment_in_ten_minutes_and_keeps_the_text(client):
    article = make_article()
    for n in range(5):
        assert post_comment(client, article, body=f"تعليق رقم {n}").status_code == 200
    response = post_comment(client, article, body="السادس")
    assert response.status_code == 429
    assert "أرسلت تعليقات كثيرة" in response.content.decode()
    assert "السادس" in response.content.decode()
    assert Comment.objects.count() == 5
    assert post_comment(client, article, ip="203.0.113.8", body="من عنوان آخر").status_code == 200


def test_post_to_an_article_with_comments_switched_off_is_refused_and_nothing_stored(client):
    article = make_article(comments_enabled=False)
    make_comment(article, body="تعليق قديم مقبول", status="approved")
    html = client.get(article.get_absolute_url()).content.decode()
    assert CLOSED in html and "تعليق قديم مقبول" in html and "<form" not in html
    response = post_comment(client, article, body="نصي الذي كتبته")
    assert response.status_code == 403
    assert CLOSED in response.content.decode()
    assert "نصي الذي كتبته" in response.content.decode()  # given back, not stored
    assert article.comments.count() == 1


def test_comments_close_automatically_after_the_configured_age(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = make_article(published_at=timezone.now() - timedelta(days=31))
    recent = make_article(published_at=timezone.now() - timedelta(days=29))
    assert CLOSED in client.get(old.get_absolute_url()).content.decode()
    assert post_comment(client, old).status_code == 403
    assert post_comment(client, recent).status_code == 200
    assert (old.comments.count(), recent.comments.count()) == (0, 1)


def test_comments_on_unpublished_articles_are_not_found(client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    assert post_comment(client, draft).status_code == 404
    open_article = make_article()
    response = client.get(reverse("comments:post", args=[open_article.pk]))
    assert response.status_code == 302 and response["Location"].endswith("#comments")


def test_hostile_markup_and_javascript_links_are_shown_as_text(client):
    article = make_article()
    body = '<script>alert(1)</script> <a href="javascript:alert(2)">x</a> javascript:alert(3) https://example.ma/x'
    post_comment(client, article, name="<b>قارئ</b>", body=body)
    comment = Comment.objects.get()
    comment.status = "approved"
    comment.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "<b>قارئ</b>" not in html and "<bdi>&lt;b&gt;قارئ&lt;/b&gt;</bdi>" in html
    assert '<a href="https://example.ma/x" rel="nofollow ugc">' in html


def test_very_long_comment_is_refused_with_its_length_and_nothing_stored(client):
    response = post_comment(client, make_article(), body="ب" * 50_000)
    assert response.status_code == 400
    assert "3000 حرف على الأكثر (الحالي 50000)" in response.content.decode()
    assert not Comment.objects.exists()


def test_too_many_links_are_refused(client, settings):
    settings.COMMENTS_MAX_LINKS = 2
    body = " ".join(f"https://example.com/{n}" for n in range(3))
    response = post_comment(client, make_article(), body=body)
    assert response.status_code == 400
    assert "3 روابط، والحد الأقصى 2" in response.content.decode()


def test_right_to_left_override_characters_are_removed_and_names_isolated(client):
    article = make_article()
    post_comment(client, article, name="\u202eأحمد\u202c", body="نص \u202etxt.exe\u2066 عادي")
    comment = Comment.objects.get()
    assert comment.name == "أحمد"
    assert "\u202e" not in comment.body and "\u2066" not in comment.body
    comment.status = "approved"
    comment.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<bdi>أحمد</bdi>" in html and 'dir="auto"' in html


def test_blank_body_after_cleaning_is_refused(client):
    response = post_comment(client, make_article(), body="\u202e \u202c")
    assert response.status_code == 400
    assert "اكتب تعليقك" in response.content.decode()


# Characters that draw nothing: zero-width spaces and joiners, word joiner, BOM, bidi marks,
# soft hyphen, Mongolian vowel separator, a tag character, Hangul fillers, the blank braille
# pattern, combining grapheme joiner, a variation selector, wide and line-separator spaces.
INVISIBLE = [
    "\u200b",
    "\u200c\u200d",
    "\u2060\ufeff",
    "\u200e\u200f\u061c",
    "\u00ad\u180e\U000e0020",
    "\u3164",
    "\u115f\u1160\uffa0",
    "\u2800",
    "\u034f\ufe0f",
    " \u3000\u2028 \u200b ",
]


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_a_name_made_only_of_invisible_characters_is_refused_and_kept(client, invisible):
    response = post_comment(client, make_article(), name=invisible)
    assert response.status_code == 400
    assert "الاسم لا يحتوي على أي حرف ظاهر" in response.content.decode()
    assert response.context["comment_form"]["name"].value() == invisible
    assert response.context["comment_form"]["body"].value() == "مقال مفيد، شكرًا."
    assert not Comment.objects.exists()


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_a_body_made_only_of_invisible_characters_is_refused(client, invisible):
    response = post_comment(client, make_article(), body=invisible)
    assert response.status_code == 400
    assert "التعليق لا يحتوي على أي حرف ظاهر" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_invisible_name_error_speaks_the_readers_language(client):
    article = make_article(headline_fr="Article")
    data = {"name": "\u200b\u200b", "email": "f@example.com", "body": "Bonjour", "website": ""}
    with translation.override("ar"):  # gives Arabic back to the tests after this French request
        response = client.post(f"/fr/articles/{article.pk}/comment/", data)
    assert response.status_code == 400
    assert "Ce nom ne contient aucun caractère visible" in response.content.decode()


@pytest.mark.parametrize("name", ["\u200bأحمد", "ـ", "A", "٣", "·", "ﷺ", "\U0001f600"])
def test_names_with_something_visible_are_accepted(client, name):
    assert post_comment(client, make_article(), name=name).status_code == 200
    assert Comment.objects.get().name == name


def test_auto_approve_is_off_by_default_and_on_for_known_commenters_when_enabled(client, settings):
    article = make_article()
    post_comment(client, article, body="تعليق أول")
    Comment.objects.update(status="approved")
    post_comment(client, article, body="تعليق ثانٍ")
    assert Comment.objects.latest("id").status == "pending"
    settings.COMMENTS_AUTO_APPROVE = True
    post_comment(client, article, body="تعليق ثالث يعطي المتصفح مفتاحه")
    Comment.objects.update(status="approved")
    response = post_comment(client, article, body="تعليق ثالث")
    assert Comment.objects.latest("id").status == "approved"
    assert "نُشر تعليقك" in response.content.decode() and "تعليق ثالث" in response.content.decode()
    post_comment(client, article, email="new@example.com", body="أنا جديد")
    assert Comment.objects.latest("id").status == "pending"


def test_listings_show_the_approved_comment_count(client):
    first, second = make_article(headline_ar="مقال فيه نقاش"), make_article(headline_ar="مقال بلا تعليقات")
    for status in ("approved", "approved", "pending", "spam"):
        make_comment(first, status=status, body=f"{status} {first.pk}")
    html = client.get(reverse("articles:list")).content.decode()
    assert f'{first.get_absolute_url()}#comments">التعليقات: 2</a>' in html
    assert f"{second.get_absolute_url()}#comments" not in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_comments_posted_at_the_same_time_are_both_stored():
    article = make_article()
    barrier = threading.Barrier(2)
    statuses = []

    def post(n):
        try:
            barrier.wait(timeout=10)
            statuses.append(
                post_comment(
                    Client(),
                    article,
                    ip=f"203.0.113.{n}",
                    email=f"r{n}@example.com",
                    body=f"تعليق متزامن {n}",
                ).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    assert sorted(article.comments.values_list("body", flat=True)) == ["تعليق متزامن 1", "تعليق متزامن 2"]


@pytest.mark.browser
def test_in_chromium_the_honeypot_is_unseen_and_an_error_keeps_the_text(browser_context, live_server):
    article = make_article()
    with browser_context() as context:
        page = context.new_page()
        page.goto(live_server.url + article.get_absolute_url())
        tree = page.locator("body").aria_snapshot()
        page.fill("#id_name", "قارئ")
        page.fill("#id_email", "ليس-بريدًا")
        page.fill("#id_body", "نص طويل كتبته بعناية")
        page.focus("#id_body")
        page.keyboard.press("Tab")
        focused_after_body = page.evaluate("document.activeElement.textContent")
        page.click("button[type=submit]")
        kept = page.input_value("#id_body")
        page.fill("#id_email", "qari@example.ma")
        page.click("button[type=submit]")
        notice = page.locator("#comments [role=status]").inner_text()
    assert 'textbox "تعليقك"' in tree and "لا تملأ" not in tree and "website" not in tree
    assert focused_after_body.strip() == "أرسل التعليق"  # Tab skips the honeypot
    assert kept == "نص طويل كتبته بعناية"
    assert "في انتظار المراجعة" in notice
    assert article.comments.get().body == "نص طويل كتبته بعناية"


def test_each_article_page_carries_its_own_comment_form(client):
    first, second = make_article(), make_article()
    for article in (first, second, first):  # the empty form is drawn once per article and kept
        html = client.get(article.get_absolute_url()).content.decode()
        assert f'action="{reverse("comments:post", args=[article.pk])}#comment-form"' in html
        assert html.count('id="comment-form"') == 1
