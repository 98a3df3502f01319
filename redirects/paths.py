"""One lookup key per old address: `%D8%A7`, `%d8%a7` and «ا», with or without the trailing slash,
are the same path. Only the query parameters that name content (WordPress's `?p=`, `?page_id=` …)
are kept in the key; tracking noise (`utm_source`, `fbclid`) is not."""

import re
import unicodedata
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

KEY_PARAMETERS = ("p", "page_id", "attachment_id", "cat", "tag", "author", "feed")


def normalize_path(value):
    """The lookup key of a path or URL: decoded, NFC, lower-case, no trailing slash, no
    `index.php`, repeated slashes collapsed, only `KEY_PARAMETERS` kept (sorted)."""
    parts = urlsplit((value or "").strip())
    path = unquote_to_bytes(parts.path).decode("utf-8", errors="replace")
    path = unicodedata.normalize("NFC", path).lower()
    path = re.sub(r"/{2,}", "/", path)
    if path.endswith("/index.php"):
        path = path.removesuffix("index.php")
    path = "/" + path.strip("/") if path.strip("/") else "/"
    params = sorted(
        (key, unicodedata.normalize("NFC", val).lower())
        for key, val in parse_qsl(parts.query, keep_blank_values=True)
        if key in KEY_PARAMETERS
    )
    if not params:
        return path
    query = "&".join(f"{key}={val}" for key, val in params)
    return f"{path}?{query}" if path != "/" else f"/?{query}"


def has_key_parameters(query_string):
    return any(key in KEY_PARAMETERS for key, _value in parse_qsl(query_string, keep_blank_values=True))
