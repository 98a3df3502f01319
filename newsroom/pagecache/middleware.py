"""The page cache in the request cycle, and the HTTP caching headers of every page.

Placed after the session and locale middleware (a page's key holds its language) and inside the
conditional-GET middleware (which answers 304 from the ETag and Last-Modified set here).
"""

import time

import xxhash
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode

from . import copies, schedule, store

CACHEABLE_METHODS = ("GET", "HEAD")
# Headers of the stored response worth replaying; the outer middleware add their own again.
DROPPED_HEADERS = {"set-cookie", "cache-control", "expires", "etag", "last-modified", "date"}
WAIT_STEP_SECONDS = 0.05


def content_etag(content):
    """A strong ETag of `content`: xxh3-128, about 60 times faster than md5."""
    return f'"{xxhash.xxh3_128_hexdigest(content)}"'


def is_personal(request):
    """A request whose pages may differ from an anonymous reader's: a session holding anything (a
    signed-in user, messages), or messages in their cookie."""
    if request.COOKIES.get(CookieStorage.cookie_name):
        return True
    if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    return bool(list(request.session.keys()))


def page_query(request):
    """The query parameters the requested view reads (`reads_query`), or None when it has not said."""
    try:
        view = resolve(request.path_info, getattr(request, "urlconf", None)).func
    except Resolver404:
        return None
    names = getattr(view, "page_query", None)
    return names if names is not None else getattr(getattr(view, "view_class", None), "page_query", None)


def keep_read_query(request):
    """Leave on the request only the parameters its view reads, in one order (each name's values in
    theirs), so every URL naming the same page gives the view the same query, and the same key."""
    if not request.META.get("QUERY_STRING"):
        return  # nothing to drop: most requests never pay for resolving their path twice
    names = page_query(request)
    if names is None:
        return
    read = sorted(names.intersection(request.GET))
    kept = urlencode([(name, request.GET.getlist(name)) for name in read], doseq=True)
    if kept != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = kept
        request.GET = QueryDict(kept)


def cache_key(request):
    return f"{translation.get_language()}|{request.get_host()}|{request.get_full_path()}"


class PageCacheMiddleware:
    """Serve a fresh stored copy; otherwise let one request render and store the page while the
    others get the stale copy (or wait for a purged one); a stale copy answers a database outage."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in CACHEABLE_METHODS:
            return self.private(self.get_response(request), request)
        keep_read_query(request)  # for every reader: one URL's page is the same page signed in or not
        if is_personal(request):
            return self.private(self.get_response(request), request)
        if not settings.PAGE_CACHE_SECONDS:
            return self.render(request, key=None, stale=None)
        key = cache_key(request)
        entry = store.read(key)
        if entry is not None and not entry.stale:
            return self.replay(entry, "HIT")
        if store.lock(key):
            try:
                return self.render(request, key=key, stale=entry)
            finally:
                store.unlock(key)
        if entry is not None and not entry.purged:
            return self.replay(entry, "STALE")  # someone is rebuilding it: no stampede
        waited = self.wait(key)
        if waited is not None:
            return self.replay(waited, "HIT")
        return self.render(request, key=None, stale=entry)

    def wait(self, key):
        """The page another request is rebuilding, if it comes within PAGE_CACHE_WAIT_SECONDS."""
        deadline = time.monotonic() + settings.PAGE_CACHE_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP_SECONDS)
            entry = store.read(key)
            if entry is not None and not entry.stale:
                return entry
        return None

    def render(self, request, *, key, stale):
        with copies.request_scope():
            started, started_at = time.time(), store.generation() if key else 0
            if key:
                copies.note_counter(started_at)  # the page's fragments may use this process's copies
            response = self.get_response(request)
        if getattr(response, "database_unavailable", False) and stale is not None:
            return self.replay(stale, "STALE-IF-ERROR")  # a page cached before the outage
        tags = getattr(request, "page_tags", set())
        if not getattr(request, "page_cacheable", False) or not self.storable(request, response):
            return self.private(response, request)
        entry = store.Entry(
            content=response.content,
            status=response.status_code,
            headers=[(k, v) for k, v in response.items() if k.lower() not in DROPPED_HEADERS],
            tags={tag: None for tag in tags | {"all"}},
            created=started,
            fresh_until=self.fresh_until(started),
            etag=response.get("ETag") or content_etag(response.content),  # a kept page may bring its own
        )
        if key is not None:
            store.write(key, entry, started_at=started_at)
        return self.public(response, entry, "MISS" if key else "BYPASS")

    def fresh_until(self, now):
        lifetime = settings.PAGE_CACHE_SECONDS or settings.HTTP_CACHE_SECONDS
        until = now + lifetime
        if not settings.PAGE_CACHE_SECONDS:
            return until  # no lookup when off: a shared cache keeps a page HTTP_CACHE_SECONDS at most
        try:
            due = schedule.next_change()
        except Exception:  # a database that cannot say: the short lifetime still holds
            due = None
        return min(until, due) if due else until

    @staticmethod
    def storable(request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Cache-Control")
            and not getattr(getattr(request, "user", None), "is_authenticated", False)
        )

    def replay(self, entry, state):
        response = HttpResponse(entry.content, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        return self.public(response, entry, state)

    @staticmethod
    def public(response, entry, state):
        """Headers for shared caches: a short max-age, the ETag, Last-Modified and the tags."""
        now = time.time()
        max_age = max(0, min(settings.HTTP_CACHE_SECONDS, int(entry.fresh_until - now)))
        if state.startswith("STALE"):
            max_age = 0
        if settings.HTTP_CACHE_SECONDS:
            directives = {
                "public": True,
                "max_age": max_age,
                "stale_while_revalidate": settings.HTTP_CACHE_STALE_WHILE_REVALIDATE,
                "stale_if_error": settings.HTTP_CACHE_STALE_IF_ERROR,
            }
            if settings.PAGE_CACHE_PURGE_HOOK:  # a CDN told of every purge may keep pages longer
                directives["s_maxage"] = max(0, int(entry.fresh_until - now))
            patch_cache_control(response, **directives)
        else:
            patch_cache_control(response, no_cache=True)
        response["ETag"] = entry.etag
        response["Last-Modified"] = http_date(entry.created)
        response["Cache-Tag"] = ",".join(sorted(entry.tags))
        response["X-Page-Cache"] = state
        patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def private(response, request):
        """Whatever is not a shared page is kept out of every cache between here and the reader."""
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
