"""Faults, as an operator meets them: two gunicorn servers on a throw-away PostgreSQL cluster (:5434)
and a throw-away Redis (:6380), which these tests stop and start. The main cluster is never touched."""

import re
import subprocess
import time
import uuid

import pytest
import requests

from tests.admin_forms import form_data
from tests.servers import (
    SCRATCH_URL,
    AppServer,
    RedisServer,
    clusters,
    create_editor,
    prepare_site,
    psql,
    site_environment,
    wait_until,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

RATE_LIMIT = 3
PAGE_CACHE_SECONDS = 1  # cached pages go stale within the tests: the outage copies are served stale


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer(6380).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site(redis_server):
    clusters("scratch")
    environment = site_environment(
        SCRATCH_URL,
        redis_url=redis_server.url,
        CACHE_RETRY_SECONDS="1",
        # A stopped Redis refuses at once; a busy machine's slow answer must not count as a loss
        # (the rate limit would fall back to one worker's memory).
        CACHE_SOCKET_TIMEOUT="3",
        COMMENTS_RATE_LIMIT_COUNT=str(RATE_LIMIT),
        PAGE_CACHE_SECONDS=str(PAGE_CACHE_SECONDS),
    )
    prepare_site(environment)
    create_editor(environment, "fault-test-password")
    servers = [AppServer(8140, environment).start(), AppServer(8141, environment).start()]
    yield servers
    for server in servers:
        server.stop()
    clusters("start", "scratch")


@pytest.fixture(autouse=True)
def _fresh_counters(redis_server):
    if not redis_server.ping():
        redis_server.start()
    subprocess.run(["redis-cli", "-p", str(redis_server.port), "flushall"], capture_output=True, check=True)


def article_path(server):
    """The canonical path of a published demo article that takes comments."""
    article_id = psql(
        SCRATCH_URL,
        "SELECT id FROM articles_article WHERE status = 'published' AND comments_enabled ORDER BY id LIMIT 1",
    )
    return requests.get(f"{server.url}/a/{article_id}/", timeout=10).url.removeprefix(server.url)


def comment_action(html):
    return re.search(r'action="([^"#]*/comment/)', html).group(1)


def comment_fields(browser, server, page):
    """The comment form's fields with a CSRF token, fetched as the form's script does (the page
    may come from the page cache, which holds none)."""
    token = browser.get(f"{server.url}/csrf/", timeout=10).json()["token"]
    return {**form_data(page, "comment-form"), "csrfmiddlewaretoken": token}


def uncached(path):
    """A search of `path` no one made yet: never in the page cache, and it must ask PostgreSQL. (A
    made-up parameter would not do: a page is kept under the parameters it reads alone.)"""
    return f"{path}?q={uuid.uuid4().hex}"


def database_down_page(response):
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "no-store" in response.headers["Cache-Control"]
    assert "الموقع غير متاح مؤقتًا" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def test_postgresql_restarted_readers_get_503_then_the_site_recovers_by_itself(site):
    server = site[0]
    assert requests.get(f"{server.url}/", timeout=10).status_code == 200  # workers hold connections
    clusters("stop", "scratch")
    try:
        for path in (uncached("/articles/"), "/corrections/"):  # pages that must ask PostgreSQL
            database_down_page(requests.get(f"{server.url}{path}", timeout=10))
        assert requests.get(f"{server.url}/healthz", timeout=10).status_code == 200
        ready = requests.get(f"{server.url}/readyz", timeout=10)
        assert (ready.status_code, ready.text) == (503, "unavailable\n")
    finally:
        clusters("start", "scratch")
    wait_until(
        lambda: requests.get(f"{server.url}/", timeout=10).status_code == 200,
        timeout=30,
        message="the site did not recover after PostgreSQL came back",
    )
    statuses = {
        requests.get(f"{server.url}{path}", timeout=10).status_code for path in ("/", "/articles/") * 5
    }
    assert statuses == {200}
    assert server.process.poll() is None  # the same gunicorn, never restarted
    assert requests.get(f"{server.url}/readyz", timeout=10).status_code == 200


def test_in_an_outage_a_cached_page_is_served_stale_a_remembered_list_drawn_again_and_others_give_503(site):
    server = site[0]
    path = article_path(server)
    for page in (path, "/articles/", "/"):
        requests.get(f"{server.url}{page}", timeout=10)
        assert requests.get(f"{server.url}{page}", timeout=10).headers["X-Page-Cache"] == "HIT"
    time.sleep(PAGE_CACHE_SECONDS + 0.5)  # past their fresh time: only the stale copies are left
    clusters("stop", "scratch")
    try:
        stale = requests.get(f"{server.url}{path}", timeout=10)  # its row must come from PostgreSQL
        assert stale.status_code == 200
        assert stale.headers["X-Page-Cache"] == "STALE-IF-ERROR"
        assert "max-age=0" in stale.headers["Cache-Control"]
        # /articles/ and the home page are drawn again from what they remembered (a list's count
        # and ids, the cards, the region blocks, the filters' choices, the navigation): no query
        # at all, so a fresh page.
        for page in ("/articles/", "/"):
            drawn = requests.get(f"{server.url}{page}", timeout=10)
            assert (drawn.status_code, drawn.headers["X-Page-Cache"]) == (200, "MISS"), page
        # An old WordPress address is looked up before the page cache: unanswerable, it is the home page.
        old_address = requests.get(f"{server.url}/?p=999", timeout=10, allow_redirects=False)
        assert (old_address.status_code, old_address.headers["X-Page-Cache"]) == (200, "HIT")
        database_down_page(requests.get(f"{server.url}{uncached('/articles/')}", timeout=10))
    finally:
        clusters("start", "scratch")
    wait_until(lambda: requests.get(f"{server.url}/readyz", timeout=10).status_code == 200, timeout=30,
               message="PostgreSQL did not come back")  # fmt: skip


def test_a_comment_sent_while_the_database_is_down_comes_back_and_is_saved_once_when_resent(site):
    server = site[0]
    browser = requests.Session()
    path = article_path(server)
    page = browser.get(f"{server.url}{path}", timeout=10)
    fields = comment_fields(browser, server, page)
    comment_url = server.url + comment_action(page.text)
    body = "تعليق كُتب والخادم متوقف: لا يضيع منه حرف."
    fields.update(name="قارئة", email="reader@example.com", body=body)
    clusters("stop", "scratch")
    try:
        failed = browser.post(comment_url, data=fields, headers={"Referer": page.url}, timeout=10)
    finally:
        clusters("start", "scratch")
    database_down_page(failed)
    assert body in failed.text  # the reader's text, given back
    resent = form_data(failed, "resend-form")
    assert resent["body"] == body and resent["email"] == "reader@example.com"
    wait_until(lambda: requests.get(f"{server.url}/readyz", timeout=10).status_code == 200, timeout=30,
               message="PostgreSQL did not come back")  # fmt: skip
    done = browser.post(
        comment_url, data=resent, headers={"Referer": page.url}, allow_redirects=False, timeout=10
    )
    assert done.status_code == 302
    assert psql(SCRATCH_URL, f"SELECT count(*) FROM articles_comment WHERE body = '{body}'") == "1"


def test_an_article_save_cut_off_midway_writes_nothing_and_gives_the_text_back(site):
    server = site[1]
    editor = requests.Session()
    login = editor.get(f"{server.url}/admin/login/", timeout=10)
    credentials = {**form_data(login, "login-form"), "username": "editor", "password": "fault-test-password"}
    assert editor.post(login.url, data=credentials, headers={"Referer": login.url}, timeout=10).ok
    article_id = psql(SCRATCH_URL, "SELECT max(id) FROM articles_article")
    before = psql(SCRATCH_URL, f"SELECT headline_ar, version FROM articles_article WHERE id = {article_id}")
    events = psql(SCRATCH_URL, f"SELECT count(*) FROM articles_articleevent WHERE article_id = {article_id}")
    change_url = f"{server.url}/admin/articles/article/{article_id}/change/"
    form = editor.get(change_url, timeout=10)
    headline = f"عنوان جديد لم يُحفظ بعد {uuid.uuid4().hex[:6]}"  # new on every run
    fields = {**form_data(form), "headline_ar": headline}
    # The database drops this very connection when the revision is written: after the article row
    # was updated, before the transaction commits.
    psql(SCRATCH_URL, """
        CREATE OR REPLACE FUNCTION fault_cut_connection() RETURNS trigger AS $$
        BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER fault_cut_connection BEFORE INSERT ON articles_revision
        FOR EACH ROW EXECUTE FUNCTION fault_cut_connection();
    """)  # fmt: skip
    try:
        failed = editor.post(change_url, data=fields, headers={"Referer": change_url}, timeout=30)
    finally:
        psql(SCRATCH_URL, "DROP TRIGGER fault_cut_connection ON articles_revision")
    database_down_page(failed)
    assert headline in failed.text
    assert (
        psql(SCRATCH_URL, f"SELECT headline_ar, version FROM articles_article WHERE id = {article_id}")
        == before
    )
    assert (
        psql(SCRATCH_URL, f"SELECT count(*) FROM articles_articleevent WHERE article_id = {article_id}")
        == events
    )
    resent = form_data(failed, "resend-form")
    saved = editor.post(
        change_url, data=resent, headers={"Referer": change_url}, allow_redirects=False, timeout=30
    )
    assert saved.status_code == 302
    assert psql(SCRATCH_URL, f"SELECT headline_ar FROM articles_article WHERE id = {article_id}") == headline


# Before the Redis outage: a worker coming back from it deletes in Redis the keys it wrote to its
# fallback meanwhile (the rate-limit counter among them), so the count would restart as each one returns.
def test_the_comment_rate_limit_holds_across_two_app_servers(site):
    path = article_path(site[0])
    statuses = [post_comment(site[number % 2], path, f"تعليق رقم {number} عبر خادمين") for number in range(5)]
    assert statuses == [302] * RATE_LIMIT + [429] * (5 - RATE_LIMIT)


def test_redis_stopped_pages_still_serve_and_redis_is_used_again_when_it_returns(site, redis_server):
    redis_server.stop()
    try:
        for server in site:
            for path in ("/", "/articles/", "/search/?q=مراكش"):
                assert requests.get(f"{server.url}{path}", timeout=10).status_code == 200
        assert requests.get(f"{site[0].url}/readyz", timeout=10).status_code == 503
        assert "unreachable" in site[0].error_log()
    finally:
        redis_server.start()
    # Each worker tries Redis again a second after its last failure (CACHE_RETRY_SECONDS=1).
    wait_until(lambda: requests.get(f"{site[0].url}/readyz", timeout=10).status_code == 200, timeout=30,
               message="readiness did not come back with Redis")  # fmt: skip
    path = article_path(site[0])
    # A comment's rate-limit counter lands in Redis again once the worker's retry time has passed.
    wait_until(
        lambda: (
            post_comment(site[0], path, "تعليق بعد عودة Redis") in {302, 429} and redis_keys(redis_server)
        ),
        timeout=15,
        message="the site did not use Redis again",
    )


def redis_keys(redis_server):
    result = subprocess.run(
        ["redis-cli", "-p", str(redis_server.port), "dbsize"], capture_output=True, text=True
    )
    return int(result.stdout.strip() or 0)


def post_comment(server, path, text):
    browser = requests.Session()
    page = browser.get(f"{server.url}{path}", timeout=10)
    fields = {
        **comment_fields(browser, server, page),
        "name": "قارئ",
        "email": "r@example.com",
        "body": text,
    }
    response = browser.post(
        server.url + comment_action(page.text),
        data=fields,
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=10,
    )
    return response.status_code
