"""Staff sessions: a new key at login, every other session ended by a password change, the idle
sign-out and the keep-alive that an open admin page sends (clock frozen, no sleeping)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"
KEEPALIVE = "/admin/account/keepalive/"


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def editor(db):
    return make_user("editor", groups=["Editor"], is_staff=True)


def test_login_gives_the_session_a_new_key(client, editor):
    planted = client.session  # a session the visitor had before logging in (or was handed)
    planted["planted"] = True
    planted.save()
    client.cookies["sessionid"] = planted.session_key
    client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(editor.pk)
    assert client.session.session_key != planted.session_key
    assert not SessionStore().exists(planted.session_key)


def test_the_session_cookie_is_http_only_and_secure_in_production(client, editor):
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["secure"]
    assert response.cookies["csrftoken"]["httponly"] and response.cookies["csrftoken"]["secure"]


def test_changing_the_password_ends_every_other_session(client, editor):
    laptop, phone = client, Client()
    laptop.force_login(editor)
    phone.force_login(editor)
    assert phone.get("/admin/").status_code == 200
    response = laptop.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/admin/").status_code == 200  # the session that changed it goes on
    assert phone.get("/admin/")["Location"].startswith("/admin/login/")


def test_password_validators_refuse_a_weak_password(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_staff_are_signed_out_after_the_idle_time_and_told_why(client, editor, clock, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    client.force_login(editor)
    for _ in range(3):  # an hour and a half of work, never 30 minutes without a request
        clock.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
    clock.shift(timedelta(minutes=31))
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/articles/article/"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert "انتهت جلستك بعد مدة دون نشاط" in login_page


def test_the_keepalive_of_an_open_admin_page_counts_as_activity(client, editor, clock, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    client.force_login(editor)
    page = client.get("/admin/articles/article/add/").content.decode()
    assert f'data-url="{KEEPALIVE}"' in page
    for _ in range(4):  # typing for two hours in one form: only keep-alives reach the server
        clock.shift(timedelta(minutes=25))
        assert client.get(KEEPALIVE).status_code == 204
    clock.shift(timedelta(minutes=31))
    assert client.get(KEEPALIVE).status_code == 302  # the page then warns before anything is lost
