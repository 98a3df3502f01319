"""Two app servers sharing one Redis and one PostgreSQL, as behind a load balancer: a publication
made through one is on the other's pages at once, and a login lockout holds on both. Ports 8150 and
8151 (two more, 8152 and 8153, with the page cache off), Redis on 6391, the database
newsroom_cache_servers on the main cluster (made afresh)."""

import re
import uuid

import pytest
import requests

from tests.admin_forms import form_data
from tests.servers import AppServer, RedisServer, create_draft, create_editor, prepare_site, site_environment

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_cache_servers"
PASSWORD = "two-servers-password"


@pytest.fixture(scope="module")
def servers():
    redis = RedisServer(6391).start()
    redis.cli("flushall")
    environment = site_environment(DATABASE_URL, redis_url=redis.url, LOGIN_FAILURE_LIMIT="3")
    prepare_site(environment)
    create_editor(environment, PASSWORD)
    started = [AppServer(8150, environment).start(), AppServer(8151, environment).start()]
    yield environment, started
    for server in started:
        server.stop()
    redis.cli("flushall")


@pytest.fixture(scope="module")
def uncached(servers):
    """Two more servers on the same database and Redis with the page cache off: their pages are
    drawn from the fragments each worker holds copies of."""
    environment, _ = servers
    started = [AppServer(port, {**environment, "PAGE_CACHE_SECONDS": "0"}).start() for port in (8152, 8153)]
    yield started
    for server in started:
        server.stop()


def publish(server, article_id):
    editor = signed_in(server)
    change_url = f"{server.url}/admin/articles/article/{article_id}/change/"
    change = editor.get(change_url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', change.text)
    assert token, (change.status_code, change.url, change.text[:300])
    published = editor.post(
        f"{server.url}/admin/articles/article/{article_id}/workflow/publish/",
        data={"csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": change_url},
        timeout=10,
    )
    assert published.ok
    return editor


def get(server, path, **kwargs):
    response = requests.get(f"{server.url}{path}", timeout=10, **kwargs)
    assert response.status_code == 200, (path, response.status_code)
    return response


def signed_in(server):
    editor = requests.Session()
    login = editor.get(f"{server.url}/admin/login/", timeout=10)
    credentials = {**form_data(login, "login-form"), "username": "editor", "password": PASSWORD}
    assert editor.post(login.url, data=credentials, headers={"Referer": login.url}, timeout=10).ok
    return editor


def test_a_publication_through_one_server_is_seen_at_once_through_the_other(servers):
    environment, (first, second) = servers
    headline = f"خبر عبر خادمين {uuid.uuid4().hex[:6]}"
    article_id = create_draft(environment, headline)
    for server in (first, second):  # both servers' workers have the home page cached
        get(server, "/")
        assert get(server, "/").headers["X-Page-Cache"] == "HIT"
        assert headline not in get(server, "/feed/").text
    editor = publish(first, article_id)
    for path in ("/", "/feed/", "/articles/"):
        for _ in range(4):  # every worker of the other server
            assert headline in get(second, path).text, path
    home = get(second, "/")
    assert home.headers["X-Page-Cache"] == "HIT"  # cached again, with the new article
    assert "public" in home.headers["Cache-Control"]
    assert "no-store" in editor.get(f"{second.url}/", timeout=10).headers["Cache-Control"]


def test_a_publication_is_seen_at_once_on_pages_drawn_from_each_workers_copies(servers, uncached):
    environment, (first, _second) = servers
    headline = f"خبر في نسخ العمال {uuid.uuid4().hex[:6]}"
    article_id = create_draft(environment, headline)
    paths = ("/", "/articles/", "/feed/")
    for server in uncached:
        for path in paths:
            for _ in range(4):  # every worker draws the page, then holds its fragments
                response = get(server, path)
                assert headline not in response.text and response.headers["X-Page-Cache"] == "BYPASS"
    publish(first, article_id)
    for server in uncached:
        for path in paths:
            for _ in range(4):
                assert headline in get(server, path).text, (server.port, path)


def test_static_files_are_hashed_compressed_and_immutable(servers):
    _environment, (first, _second) = servers
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', get(first, "/").text).group(1)
    response = get(first, stylesheet, headers={"Accept-Encoding": "gzip, br"})
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Content-Encoding"] in {"gzip", "br"}


def test_a_login_lockout_holds_across_both_servers(servers):
    _environment, (first, second) = servers
    for _ in range(3):
        browser = requests.Session()
        login = browser.get(f"{first.url}/admin/login/", timeout=10)
        wrong = {**form_data(login, "login-form"), "username": "editor", "password": "wrong"}
        browser.post(login.url, data=wrong, headers={"Referer": login.url}, timeout=10)
    browser = requests.Session()
    login = browser.get(f"{second.url}/admin/login/", timeout=10)
    right = {**form_data(login, "login-form"), "username": "editor", "password": PASSWORD}
    locked = browser.post(login.url, data=right, headers={"Referer": login.url}, timeout=10)
    assert locked.status_code == 429
    assert "sessionid" not in browser.cookies
