"""The 404 page's links never take a host from the path it was asked for.

`//evil.example/` is a path to the server but a host to a browser: a link built from it by
string work (`translate_url`) points off the site. The test client normalises such paths, so the
raw request line is also sent to a real gunicorn.
"""

import re
import socket

import pytest

from tests.servers import AppServer, manage, site_environment

pytestmark = pytest.mark.django_db

PORTS = range(8160, 8170)
HOSTILE_PATHS = [
    "//evil.example/",
    "//evil.example/nope/",
    "///evil.example/",
    "/fr//evil.example/",
    "/\\evil.example/",
]


def switcher_links(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    return re.findall(r'href="([^"]*)"', nav.group(0)) if nav else []


def assert_links_stay_on_the_site(html):
    links = re.findall(r'href="([^"]*)"', html)
    assert links and not [link for link in links if "evil.example" in link], links
    off_site = [link for link in links if not link.startswith(("/", "#")) or link.startswith(("//", "/\\"))]
    assert off_site == []


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_not_found_page_links_stay_on_the_site(client, path):
    response = client.get("/", PATH_INFO=path)
    assert response.status_code == 404
    html = response.content.decode()
    assert_links_stay_on_the_site(html)
    assert switcher_links(html) in (["/fr/", "/en/"], ["/", "/en/"])


def test_language_links_of_a_missing_page_lead_to_each_language_home(client):
    assert switcher_links(client.get("/nope/").content.decode()) == ["/fr/", "/en/"]
    assert switcher_links(client.get("/en/nope/").content.decode()) == ["/", "/fr/"]


def test_language_links_of_a_found_page_are_the_same_page_in_each_language(client):
    assert switcher_links(client.get("/articles/").content.decode()) == ["/fr/articles/", "/en/articles/"]
    assert switcher_links(client.get("/fr/search/?q=x").content.decode()) == ["/search/", "/en/search/"]


# --- The same, under gunicorn ----------------------------------------------------------------


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip(f"no free port in {PORTS}")


def raw_get(port, path):
    """The response to a request line sent exactly as written (no client tidies the path)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        connection.sendall(request.encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), body.decode()


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn serving the project as in production (DEBUG off, collected static files) on a
    migrated throw-away SQLite database; yields its port."""
    environment = site_environment(
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    manage(environment, "migrate", "--noinput")
    manage(environment, "collectstatic", "--noinput")
    server = AppServer(free_port(), environment, workers=1).start()
    try:
        yield server.port
    finally:
        server.stop()


@pytest.mark.slow
def test_under_gunicorn_a_double_slash_path_keeps_its_host_out_of_every_link(gunicorn):
    for path in HOSTILE_PATHS:
        status, html = raw_get(gunicorn, path)
        assert status == "HTTP/1.1 404 Not Found", (path, status)
        assert '<p class="error-page__code" aria-hidden="true">404</p>' in html
        assert_links_stay_on_the_site(html)
