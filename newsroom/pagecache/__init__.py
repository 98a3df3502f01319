"""Whole public pages for anonymous readers, served before the view runs (docs/performance.md).

A view opts in by tagging its page with what it shows (`tag_page(request, "front", "article:12")`);
only tagged pages are ever stored. The write paths purge tags (`purge("article:12")`, after the
transaction commits), which invalidates at once every page that showed them, in every process
sharing the cache, and calls the CDN hook (PAGE_CACHE_PURGE_HOOK) with the same tags. Anything
personal (a session with data: a signed-in user, a pending message) is never stored nor served.

A view names the query parameters it reads (`reads_query("page")`); every other parameter is taken
off the request before it runs, so `?fbclid=…` or `?x=<random>` is the same page, under the same key.
"""

import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from . import copies, schedule, store

logger = logging.getLogger(__name__)


def tag_page(request, *tags, cacheable=True):
    """Mark the page being rendered as cacheable for anonymous readers, showing `tags`;
    `cacheable=False` only adds the tags (a card on whatever page shows it)."""
    if request is None:
        return
    if not hasattr(request, "page_tags"):
        request.page_tags = set()
    request.page_tags.update(tag for tag in tags if tag)
    if cacheable:
        request.page_cacheable = True


def reads_query(*names):
    """Mark a view (function, class or callable) as reading only the query parameters `names`.
    The page cache keys its pages on those alone and drops the rest before the view runs, so a
    link shared with a tracking parameter, or a flood of made-up ones, does not store a copy of
    the page per URL. A view left unmarked is keyed on its whole query string."""

    def mark(view):
        view.page_query = frozenset(names)
        return view

    return mark


def tagged(view, *tags, query=()):
    """`view` with its pages tagged `tags`, reading the query parameters `query` (for views the
    project does not own: sitemaps)."""

    @reads_query(*query)
    def tagged_view(request, *args, **kwargs):
        tag_page(request, *tags)
        return view(request, *args, **kwargs)

    return tagged_view


_held = threading.local()


def purge(*tags, schedule_changed=False):
    """Invalidate every cached page showing one of `tags` once the current transaction commits
    (at once outside one); `schedule_changed` when an article's publication time moved. Inside
    `held()`, the purge waits for the end of the block."""
    tags = sorted({tag for tag in tags if tag})
    if getattr(_held, "tags", None) is not None:
        _held.tags.update(tags)
        _held.schedule_changed = _held.schedule_changed or schedule_changed
        return
    transaction.on_commit(lambda: purge_now(tags, schedule_changed=schedule_changed))


@contextmanager
def held():
    """Collect the purges of a long run of writes (an import of thousands of articles) and make
    them once, together, when the block ends — however it ends, since a purge too many costs a
    page rebuild and a purge too few shows stale pages. Pages cached during the block may show
    its earlier items late, never after it. Nested blocks join the outermost."""
    if getattr(_held, "tags", None) is not None:
        yield
        return
    _held.tags, _held.schedule_changed = set(), False
    try:
        yield
    finally:
        tags, schedule_changed = _held.tags, _held.schedule_changed
        _held.tags = None
        if tags or schedule_changed:
            purge(*tags, schedule_changed=schedule_changed)


def take_held():
    """(tags, schedule_changed): the purges held so far by `held()` in this thread, taken out of
    it — for a worker process to hand them to the process whose block will make them."""
    tags = getattr(_held, "tags", None)
    if tags is None:
        return set(), False
    taken = (tags, _held.schedule_changed)
    _held.tags, _held.schedule_changed = set(), False
    return taken


def purge_now(tags, *, schedule_changed=False):
    store.purge_tags(tags)
    copies.forget_counter()  # what this request draws next must see the purge
    if schedule_changed:
        schedule.forget()
    hook = settings.PAGE_CACHE_PURGE_HOOK
    if hook and tags:
        try:
            import_string(hook)(tags)
        except Exception:  # a CDN that fails to purge must not undo a publication
            logger.exception("PAGE_CACHE_PURGE_HOOK %s failed for %s", hook, tags)
