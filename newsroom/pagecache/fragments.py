"""Values that many pages compute alike and that change only when the articles do (the home page's
region blocks, an article's related articles, the filters' choices, a list's count), kept in the
cache under the same tags as pages.

`remembered(key, tags, compute)` gives `compute()`'s value, kept until one of `tags` is purged or
the next scheduled article falls due — the rules a cached page follows, so a value is never older
than a page would be. Unlike a page it is public to everyone and works with the page cache off
(FRAGMENT_CACHE_SECONDS; 0 turns it off). Keep values plain (ids, counts, or drawn HTML with the
tags of everything it shows, through `remembered_with_tags`), never model instances.
"""

import time
from dataclasses import dataclass

from django.conf import settings

from . import schedule, store


@dataclass
class Remembered:
    value: object
    tags: dict  # tag → the version the value was computed under
    until: float  # epoch seconds


def remembered(key, tags, compute):
    """`compute()`, or its value kept from an earlier call while `tags` were not purged."""
    return remembered_with_tags(key, lambda: (compute(), tags))[0]


def remembered_with_tags(key, compute):
    """(value, tags) as `compute()` returns them, or as an earlier call did while none of those
    tags was purged: for a value that learns what it shows while it is computed (drawn HTML)."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    cache_key = store.page_key("fragment", key)
    entry = store.cache().get(cache_key)
    now = time.time()
    if entry is not None and now < entry.until and store.tag_versions(entry.tags) == entry.tags:
        return entry.value, list(entry.tags)
    started_at = store.generation()
    value, tags = compute()
    versions = store.tag_versions(tags)
    # Not kept when a tag was purged while computing: the value may predate that change.
    if all(v is not None and store.version_generation(v) <= started_at for v in versions.values()):
        until = now + seconds
        due = schedule.next_change()
        if due is not None:
            until = min(until, due)
        if until > now:
            entry = Remembered(value=value, tags=versions, until=until)
            store.cache().set(cache_key, entry, timeout=max(1, int(until - now)))
    return value, tags
