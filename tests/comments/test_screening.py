import os
import uuid

import pytest
import redis
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from comments import screening
from comments.models import Comment, ModerationRule
from comments.text import contains_phrase
from newsroom.http import client_ip
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def post(client, article, ip="203.0.113.20", **overrides):
    data = {"name": "قارئ", "email": "reader@example.ma", "body": "رأيي في الموضوع.", "website": ""}
    return client.post(reverse("comments:post", args=[article.pk]), {**data, **overrides}, REMOTE_ADDR=ip)


def known_commenter(client, email="reader@example.ma"):
    """Make `client` a browser whose earlier comment with `email` an editor approved (auto-approval
    must be on, so that the browser gets its key)."""
    post(client, make_article(), email=email, body="تعليق سابق مقبول")
    Comment.objects.filter(body="تعليق سابق مقبول").update(status=Comment.Status.APPROVED)


def rule(kind, value, action=ModerationRule.Action.BLOCK):
    instance = ModerationRule(kind=kind, value=value, action=action)
    instance.full_clean()
    instance.save()
    return instance


@pytest.mark.parametrize("text", ["كلمة", "هذه كـــلمة سيئة", "كَلِمة", "كلممممة!", "«كلمه»", "ﻛﻠﻤﺔ"])
def test_block_word_matches_after_arabic_normalisation(text):
    assert contains_phrase(text, "كلمة")


@pytest.mark.parametrize("text", ["كلمات", "بكلمتين", "الكلمةالطويلة", "كلم"])
def test_block_word_never_matches_inside_a_longer_word(text):
    assert not contains_phrase(text, "كلمة")


def test_alef_forms_and_latin_case_are_unified():
    assert contains_phrase("إعلان مجاني", "اعلان")
    assert contains_phrase("Achetez VIAGRA maintenant", "viagra")
    assert contains_phrase("ربح   سريع جدا", "ربح سريع")
    assert not contains_phrase("ربح", "ربح سريع")


def test_block_word_sends_the_comment_to_spam_without_deleting_it(client):
    rule(ModerationRule.Kind.WORD, "كلمة")
    article = make_article()
    response = post(client, article, body="هذه كـــلمة ممنوعة")
    assert response.status_code == 302  # the poster is told the same as everyone
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert (comment.flag_reason, comment.flag_detail) == ("قاعدة حظر", "كلمة أو عبارة: كلمة")


def test_hold_word_keeps_the_comment_pending_with_a_reason(client, settings):
    settings.COMMENTS_AUTO_APPROVE = True
    known_commenter(client)
    rule(ModerationRule.Kind.WORD, "انتخابات", ModerationRule.Action.HOLD)
    post(client, make_article(), body="عن الانتخابات المقبلة")  # «ال» + word: a longer word, not held
    assert Comment.objects.latest("id").status == Comment.Status.APPROVED
    post(client, make_article(), body="رأيي في انتخابات الغد")
    held = Comment.objects.latest("id")
    assert held.status == Comment.Status.PENDING and held.flag_reason == "قاعدة حجز"
    assert "انتخابات" in held.flag_detail


def test_blocked_email_domain_and_ip_range(client):
    rule(ModerationRule.Kind.EMAIL, "@SPAM.example")
    rule(ModerationRule.Kind.IP, "198.51.100.0/24")
    article = make_article()
    post(client, article, email="bot@spam.example", body="أ")
    post(client, article, ip="198.51.100.77", email="x@ok.ma", body="ب")
    post(client, article, ip="198.51.101.1", email="y@ok.ma", body="ج")
    assert list(Comment.objects.values_list("body", "status")) == [
        ("أ", "spam"),
        ("ب", "spam"),
        ("ج", "pending"),
    ]


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("ip", "10.0.0.5/8", "10.0.0.0/8"),
        ("email", " Bad@Example.COM ", "bad@example.com"),
        ("ip", "2001:db8::1", "2001:db8::1/128"),
    ],
)
def test_rule_values_are_normalised(kind, value, stored):
    assert rule(kind, value).value == stored


@pytest.mark.parametrize(("kind", "value"), [("ip", "999.1.1.1"), ("email", "not an email"), ("word", "ـــ")])
def test_invalid_rule_values_are_refused_with_a_message(kind, value):
    with pytest.raises(ValidationError) as error:
        rule(kind, value)
    assert error.value.message_dict["value"]


def test_comment_with_more_links_than_the_threshold_is_held(client, settings):
    settings.COMMENTS_AUTO_APPROVE = True
    settings.COMMENTS_HOLD_LINKS = 1
    known_commenter(client)
    post(client, make_article(), body="انظر https://a.example و www.b.example")
    comment = Comment.objects.latest("id")
    assert comment.status == Comment.Status.PENDING
    assert "روابط كثيرة (2)" in comment.flag_reason


def test_new_commenters_are_held_until_n_approved_comments(client, settings):
    settings.COMMENTS_AUTO_APPROVE = True
    settings.COMMENTS_TRUSTED_AFTER = 2
    article = make_article()
    known_commenter(client)
    post(client, article, body="الثاني")
    held = Comment.objects.latest("id")
    assert held.status == Comment.Status.PENDING and "1 من 2" in held.flag_reason
    held.status = Comment.Status.APPROVED
    held.save()
    post(client, article, email="READER@example.ma", body="الثالث")  # the address in any case
    assert Comment.objects.latest("id").status == Comment.Status.APPROVED


def test_duplicate_from_the_same_sender_goes_to_spam(client):
    article = make_article()
    post(client, article, body="نفس النص تمامًا")
    post(client, make_article(), body="نفسس  النص  تمامًا")  # differs only in what normalisation folds
    post(client, article, ip="192.0.2.1", email="other@example.ma", body="نفس النص تمامًا")
    assert list(Comment.objects.values_list("status", flat=True)) == ["pending", "spam", "pending"]
    assert Comment.objects.spam().get().flag_reason == "تعليق مكرر"


def test_client_ip_trusts_forwarded_for_only_behind_configured_proxies(settings):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
    assert client_ip(RequestFactory().post("/", REMOTE_ADDR="garbage")) is None


def test_rate_limit_is_per_ip_and_window(settings):
    settings.COMMENTS_RATE_LIMIT = (2, 600)
    assert [screening.rate_limited("192.0.2.5") for _ in range(3)] == [False, False, True]
    assert screening.rate_limited("192.0.2.6") is False


def test_rate_limit_counts_an_ipv6_slash_64_as_one_client(settings):
    settings.COMMENTS_RATE_LIMIT = (3, 600)
    rotating = [f"2001:db8:abcd:12::{n:x}" for n in range(1, 5)] + ["2001:db8:abcd:12:ffff:1:2:3"]
    assert [screening.rate_limited(ip) for ip in rotating] == [False, False, False, True, True]
    assert screening.rate_limited("2001:db8:abcd:13::1") is False  # the next /64 is someone else


def test_rate_limit_counts_ipv4_per_address_however_it_is_written(settings):
    settings.COMMENTS_RATE_LIMIT = (2, 600)
    written = ["192.0.2.5", "::ffff:192.0.2.5", "::ffff:c000:205"]
    assert [screening.rate_limited(ip) for ip in written] == [False, False, True]
    assert screening.rate_limited("192.0.2.6") is False


def test_rotating_ipv6_addresses_through_the_form_are_refused(client, settings):
    settings.COMMENTS_RATE_LIMIT = (2, 600)
    article = make_article()
    statuses = [
        post(client, article, ip=f"2001:db8:1:2:{n}::1", body=f"تعليق {n}").status_code for n in range(1, 4)
    ]
    assert statuses == [302, 302, 429]
    assert Comment.objects.count() == 2


@pytest.fixture
def redis_cache(settings):
    """The real Redis cache, under a key prefix of its own (skipped when Redis is not running)."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not running at {url}")
    prefix, previous = f"test-{uuid.uuid4().hex}", settings.CACHES
    settings.CACHES = {
        **previous,  # the sessions cache, when REDIS_URL made one
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        },
    }
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    settings.CACHES = previous


def test_rate_limit_holds_in_redis_shared_by_app_servers(client, redis_cache):
    redis_client, prefix = redis_cache
    article = make_article()
    statuses = [post(client, article, body=f"تعليق {n}").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert Comment.objects.count() == 5
    assert int(redis_client.get(f"{prefix}:1:comments:rate:203.0.113.20/32")) == 6
    assert 0 < redis_client.ttl(f"{prefix}:1:comments:rate:203.0.113.20/32") <= 600
