"""The second step of a staff login, through the test client: who must take it, that nothing of
the admin (or a staff preview) is reached without it, codes, backup codes and enrolment."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from articles.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"
VERIFY = "/admin/account/two-factor/verify/"
SETUP = "/admin/account/two-factor/"


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def required(settings):
    settings.STAFF_2FA_REQUIRED = True


def staff(username, *roles, **fields):
    return make_user(username, groups=roles, is_staff=True, **fields)


def password_login(client, user):
    response = client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302, "the password step itself must succeed"
    return response


def current_code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def enrol(user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return device, twofactor.replace_backup_codes(user)


def staff_urls():
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    return [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/comment/",
        "/admin/auth/user/",
        "/admin/axes/accessattempt/",
        "/admin/password_change/",
        "/admin/login/",
        f"/preview/{article.pk}/",
    ]


@pytest.mark.parametrize(
    "make_account",
    [lambda: staff("editor", "Editor"), lambda: staff("chief", is_superuser=True)],
    ids=["editor", "superuser"],
)
def test_required_staff_with_only_the_password_reach_no_admin_page(client, required, make_account):
    user = make_account()
    password_login(client, user)
    for url in staff_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP + "?next="), url
    response = client.get("/admin/articles/article/", follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
    assert "تفعيل التحقق بخطوتين" in response.content.decode()


def test_a_forged_post_without_the_second_step_changes_nothing(client, required):
    editor = staff("editor", "Editor")
    enrol(editor)
    article = make_article(headline_ar="العنوان الأصلي")
    password_login(client, editor)
    response = client.post(f"/admin/articles/article/{article.pk}/change/", {"headline_ar": "عنوان مزور"})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    article.refresh_from_db()
    assert article.headline_ar == "العنوان الأصلي"


def test_journalists_are_not_required_to_but_anyone_enrolled_must(client, required):
    journalist = staff("journalist", "Journalist")
    password_login(client, journalist)
    assert client.get("/admin/articles/article/").status_code == 200

    enrolled = staff("colleague", "Journalist")
    enrol(enrolled)
    other = Client()
    password_login(other, enrolled)
    assert other.get("/admin/articles/article/")["Location"].startswith(VERIFY)


def test_without_the_setting_an_editor_without_a_device_works_with_the_password(client):
    password_login(client, staff("editor", "Editor"))
    assert client.get("/admin/articles/article/").status_code == 200


def test_a_code_from_the_app_completes_the_login_under_a_new_session_key(client, required, clock):
    editor = staff("editor", "Editor")
    device, _codes = enrol(editor)
    password_login(client, editor)
    after_password = client.session.session_key
    response = client.post(VERIFY, {"code": current_code(device), "next": "/admin/articles/article/"})
    assert response.status_code == 302 and response["Location"] == "/admin/articles/article/"
    assert client.session.session_key != after_password
    assert client.get("/admin/articles/article/").status_code == 200


def test_wrong_codes_are_refused_then_throttled(client, required, clock):
    editor = staff("editor", "Editor")
    device, _codes = enrol(editor)
    password_login(client, editor)
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 200
    assert "الرمز غير صحيح" in response.content.decode()
    throttled = client.post(VERIFY, {"code": current_code(device)})
    assert "رموز خاطئة كثيرة متتالية" in throttled.content.decode()
    clock.shift(timedelta(seconds=5))
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302


def test_the_next_address_never_leads_off_site(client, required, clock):
    editor = staff("editor", "Editor")
    device, _codes = enrol(editor)
    password_login(client, editor)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_a_backup_code_works_once(client, required, clock):
    editor = staff("editor", "Editor")
    _device, codes = enrol(editor)
    password_login(client, editor)
    response = client.post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert response.status_code == 200
    assert "بقي لك 9 من الرموز" in response.content.decode()
    client.post("/admin/logout/")

    password_login(client, editor)
    assert "الرمز غير صحيح" in client.post(VERIFY, {"code": codes[0]}).content.decode()
    clock.shift(timedelta(seconds=5))
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_enrolment_from_the_admin_with_a_qr_code(client, required, clock):
    editor = staff("editor", "Editor")
    password_login(client, editor)
    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r"<figure class=\"qr-code\"[^>]*><svg ", html)  # inline, no image request
    assert "data:" not in html
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    device = TOTPDevice.objects.get(user=editor, confirmed=False)

    assert "لا يطابق المفتاح" in client.post(SETUP, {"code": "123456"}).content.decode()
    clock.shift(timedelta(seconds=30))
    done = client.post(SETUP, {"code": current_code(device)})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/articles/article/").status_code == 200


def test_a_new_phone_replaces_the_old_authenticator(client, required, clock):
    editor = staff("editor", "Editor")
    old, _codes = enrol(editor)
    password_login(client, editor)
    client.post(VERIFY, {"code": current_code(old)})
    assert "التحقق بخطوتين مفعّل" in client.get(SETUP).content.decode()
    client.get(SETUP + "?replace=1")
    new = TOTPDevice.objects.get(user=editor, confirmed=False)
    clock.shift(timedelta(seconds=30))
    client.post(SETUP, {"code": current_code(new)})
    assert list(TOTPDevice.objects.filter(user=editor).values_list("pk", flat=True)) == [new.pk]


def test_someone_with_only_the_password_cannot_enrol_a_second_device(client, clock):
    editor = staff("editor", "Editor")
    enrol(editor)
    password_login(client, editor)
    assert client.get(SETUP + "?replace=1")["Location"].startswith(VERIFY)
    assert client.post("/admin/account/two-factor/backup-codes/")["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_user_between_the_two_steps_can_log_out(client, required):
    editor = staff("editor", "Editor")
    enrol(editor)
    password_login(client, editor)
    assert client.post("/admin/logout/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_superuser_removes_a_lost_device_in_the_admin(client, admin_client):
    editor = staff("editor", "Editor")
    device, _codes = enrol(editor)
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 200
    admin_client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not TOTPDevice.objects.filter(user=editor).exists()
