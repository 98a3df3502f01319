"""Asking a provider about a URL, once, when a journalist adds it: never while a reader waits.

Only http(s), a timeout on every request, a cap on the bytes read, and redirects followed only
within the host first asked. Every failure is a FetchError, which the caller treats as "the
provider could not be reached": the embed is kept with its name and no thumbnail.
"""

import io
import ipaddress
import json
import secrets
import socket
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

USER_AGENT = "Newsroom-embeds/1"
THUMBNAIL_MAX_WIDTH = 1280


class FetchError(Exception):
    pass


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).netloc.lower() != urlsplit(req.full_url).netloc.lower():
            raise FetchError(f"redirect to another host: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# No proxies from the environment: the address asked is the address reached.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _SameHostRedirects)


def _refuse_private(host):
    """A provider's answer names the thumbnail's address: never one inside our own network
    (loopback, private, link-local such as cloud metadata), unless EMBED_FETCH_ALLOW_PRIVATE."""
    if settings.EMBED_FETCH_ALLOW_PRIVATE:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError) as error:
        raise FetchError(f"{host}: {error}") from error
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FetchError(f"{host} is a private address: {address}")


def get(url, *, accept="*/*"):
    """The body of `url`, at most EMBED_FETCH_MAX_BYTES, or FetchError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not http(s): {url}")
    _refuse_private(parts.hostname)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    limit = settings.EMBED_FETCH_MAX_BYTES
    try:
        with _opener.open(request, timeout=settings.EMBED_FETCH_TIMEOUT) as response:
            body = response.read(limit + 1)
    except (OSError, ValueError, urllib.error.HTTPError) as error:
        raise FetchError(str(error)) from error
    if len(body) > limit:
        raise FetchError(f"more than {limit} bytes: {url}")
    return body


def oembed(endpoint, url):
    """The provider's oEmbed answer (a dict) for `url`."""
    separator = "&" if "?" in endpoint else "?"
    body = get(f"{endpoint}{separator}{urlencode({'url': url, 'format': 'json'})}", accept="application/json")
    try:
        data = json.loads(body)
    except ValueError as error:
        raise FetchError("not JSON") from error
    if not isinstance(data, dict):
        raise FetchError("not an oEmbed object")
    return data


def thumbnail(url):
    """A re-encoded JPEG of the image at `url` (no metadata, at most THUMBNAIL_MAX_WIDTH wide), as
    a file under an unguessable name, with its width and height."""
    try:
        image = Image.open(io.BytesIO(get(url, accept="image/*")))
        if (
            image.format not in ("JPEG", "PNG", "WEBP", "GIF")
            or image.width * image.height > settings.IMAGE_MAX_PIXELS
        ):
            raise FetchError(f"not a usable image: {image.format}")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise FetchError(str(error)) from error
    image = image.convert("RGB")
    image.thumbnail((THUMBNAIL_MAX_WIDTH, THUMBNAIL_MAX_WIDTH * 4))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_urlsafe(18)}.jpg"), image.width, image.height
