"""Staff login throttling: lockout after repeated failures, per account and per address, a wait
that ends and grows, an administrator's unlock, and the log of it all (clock frozen, no sleeping)."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "pass-1234-word"
ATTACKER = "203.0.113.7"


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def editor(db):
    return make_user("editor", is_staff=True)


def attempt(client, username, password="wrong-guess", ip=ATTACKER, **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip, **headers
    )


def fail(client, times, username="editor", **options):
    for _ in range(times):
        response = attempt(client, username, **options)
    return response


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_five_failures_lock_the_account_even_against_the_right_password(client, clock, editor):
    assert fail(client, 4).status_code == 200  # the form again, with Django's error
    locked = fail(client, 1)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert 'dir="rtl"' in page
    assert "محاولات دخول خاطئة كثيرة" in page
    assert "حاول من جديد بعد 15 دقيقة على الأكثر" in page
    refused = attempt(client, "editor", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_the_same_whether_the_account_exists_or_not(client, clock, editor):
    existing = fail(client, 5, "editor", ip="203.0.113.7").content
    missing = fail(client, 5, "no-such-user", ip="203.0.113.8").content
    assert existing == missing


def test_failures_from_one_address_lock_that_address_out_for_every_account(client, clock, editor):
    for n in range(5):
        attempt(client, f"guess-{n}")
    assert attempt(client, "editor", PASSWORD).status_code == 429
    assert logged_in(attempt(client, "editor", PASSWORD, ip="198.51.100.20"))


def test_failures_on_one_account_from_many_addresses_lock_the_account(client, clock, editor):
    for n in range(5):
        attempt(client, "editor", ip=f"198.51.100.{n}")
    assert attempt(client, "editor", PASSWORD, ip="192.0.2.50").status_code == 429


def test_behind_a_proxy_the_count_is_per_forwarded_client(client, clock, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for n in range(5):
        attempt(client, f"guess-{n}", ip=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert attempt(client, "editor", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    # Another reader behind the same proxy is not locked out with the attacker.
    assert logged_in(attempt(client, "editor", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9"))


def test_the_wait_ends_and_doubles_for_a_second_round_of_failures_the_same_day(client, clock, editor):
    fail(client, 5)
    clock.shift(timedelta(minutes=14, seconds=59))
    assert attempt(client, "editor", PASSWORD).status_code == 429
    clock.shift(timedelta(seconds=2))
    assert logged_in(attempt(client, "editor", PASSWORD))
    client.logout()

    second_round = fail(client, 5)
    assert "حاول من جديد بعد 30 دقيقة على الأكثر" in second_round.content.decode()
    clock.shift(timedelta(minutes=16))
    assert attempt(client, "editor", PASSWORD).status_code == 429  # 15 minutes are no longer enough
    clock.shift(timedelta(minutes=15))
    assert logged_in(attempt(client, "editor", PASSWORD))


def test_tries_while_locked_out_do_not_extend_the_wait(client, clock, editor):
    fail(client, 5)
    for _ in range(10):
        clock.shift(timedelta(minutes=1))
        assert attempt(client, "editor").status_code == 429
    clock.shift(timedelta(minutes=5, seconds=1))
    assert logged_in(attempt(client, "editor", PASSWORD))


def test_an_administrator_unlocks_in_the_admin(client, admin_client, clock, editor):
    fail(client, 5)
    locked = list(AccessAttempt.objects.values_list("pk", flat=True))
    assert admin_client.get("/admin/axes/accessattempt/?locked_out=yes").status_code == 200
    response = admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": locked, "post": "yes"},
    )
    assert response.status_code == 302
    assert logged_in(attempt(client, "editor", PASSWORD))


def test_an_administrator_unlocks_an_account_or_an_address_with_a_command(client, clock, editor):
    quiet = open("/dev/null", "w")  # noqa: SIM115
    fail(client, 5)
    assert attempt(client, "editor", PASSWORD, ip="192.0.2.60").status_code == 429
    call_command("axes_reset_username", "editor", stdout=quiet)
    assert logged_in(attempt(client, "editor", PASSWORD, ip="192.0.2.60"))

    for n in range(5):
        attempt(client, f"guess-{n}", ip="198.51.100.1")
    assert attempt(client, "editor", PASSWORD, ip="198.51.100.1").status_code == 429
    call_command("axes_reset_ip", "198.51.100.1", stdout=quiet)
    assert logged_in(attempt(client, "editor", PASSWORD, ip="198.51.100.1"))


def test_failures_and_lockouts_are_logged_with_the_address(client, clock, editor, caplog):
    with caplog.at_level(logging.WARNING):
        fail(client, 6)
    failures = [record.getMessage() for record in caplog.records if "login failure by" in record.getMessage()]
    assert len(failures) == 5
    assert all(ATTACKER in line and '"editor"' in line for line in failures)
    assert all("wrong-guess" not in record.getMessage() for record in caplog.records)
    lockouts = [record.getMessage() for record in caplog.records if "locked out" in record.getMessage()]
    assert lockouts and all(ATTACKER in line for line in lockouts)
