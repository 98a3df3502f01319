"""A small oEmbed provider of the tests' own on 127.0.0.1, allowlisted for the test."""

import io
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image


def _png(width=480, height=270):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


class Provider(BaseHTTPRequestHandler):
    """/oembed?url=… answers JSON about …/video/<id> (title «فيديو <id>», a thumbnail here);
    /player/<id> is the iframe; a few paths misbehave on purpose."""

    requests = []

    def log_message(self, *args):
        pass

    def _send(self, status, body, content_type, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        Provider.requests.append(self.path)
        parts = urlsplit(self.path)
        base = f"http://{self.headers['Host']}"
        if parts.path == "/oembed":
            url = parse_qs(parts.query).get("url", [""])[0]
            video = url.rstrip("/").rsplit("/", 1)[-1].split("=")[-1]
            if "no-thumbnail" in url:
                data = {"type": "video", "title": f"فيديو {video}"}
            elif "bad-thumbnail" in url:
                data = {"type": "video", "title": f"فيديو {video}", "thumbnail_url": f"{base}/not-an-image"}
            elif "away" in url:
                data = {"type": "video", "title": "x", "thumbnail_url": f"{base}/redirect-away"}
            else:
                data = {
                    "type": "video",
                    "title": f"فيديو {video}",
                    "author_name": "قناة الجهة",
                    "thumbnail_url": f"{base}/thumb.png",
                }
            self._send(200, json.dumps(data).encode(), "application/json")
        elif parts.path == "/thumb.png":
            self._send(200, _png(), "image/png")
        elif parts.path == "/not-an-image":
            self._send(200, b"<html>no</html>", "text/html")
        elif parts.path == "/huge":
            self._send(200, b"x" * (3 * 1024 * 1024), "application/json")
        elif parts.path == "/redirect-away":
            self._send(302, b"", "text/plain", [("Location", "http://localhost:9/thumb.png")])
        elif parts.path.startswith("/player/"):
            body = f"<!doctype html><title>player</title><p id=player>{parts.path}</p>".encode()
            self._send(200, body, "text/html; charset=utf-8")
        else:
            self._send(404, b"", "text/plain")


@pytest.fixture(autouse=True)
def _providers_on_this_machine(settings):
    """No test asks a real provider: every built-in oEmbed endpoint is a closed local port."""
    from embeds.providers import BUILTIN

    settings.EMBED_OEMBED_ENDPOINTS = {provider.name: "http://127.0.0.1:9/oembed" for provider in BUILTIN}
    settings.EMBED_FETCH_ALLOW_PRIVATE = True  # the test provider is on 127.0.0.1


@pytest.fixture
def oembed_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Provider.requests = []
    server.origin = f"http://127.0.0.1:{server.server_port}"
    server.requests = Provider.requests
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def local_provider(settings, oembed_server):
    """The server as an allowlisted oEmbed provider, and YouTube's oEmbed questions sent to it."""
    origin = oembed_server.origin
    settings.EMBED_OEMBED_PROVIDERS = [
        {
            "name": "فيديو الجهة",
            "pattern": re.escape(origin) + r"/video/(?P<id>[A-Za-z0-9_-]+)",
            "endpoint": f"{origin}/oembed",
            "frame": f"{origin}/player/{{id}}",
        }
    ]
    settings.EMBED_OEMBED_ENDPOINTS = {**settings.EMBED_OEMBED_ENDPOINTS, "YouTube": f"{origin}/oembed"}
    return oembed_server
