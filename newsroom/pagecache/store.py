"""Cached pages, their tags' versions and the rebuild locks, in the `default` cache.

A page is stored with the version of every tag it was tagged with; purging a tag gives it a new
version, so every page stored under the old one is invalid at once, in every process that shares
the cache. Every purge counts one more on a shared counter, the generation, and a version names
the generation of its purge: a page whose rendering began at an older generation than one of its
tags' versions is not stored, since it may show what that purge replaced. No clock is compared.

A version is an integer (the generation in its high bits, a random part in the low 32): Redis keeps
integers as they are, so checking the hundred tags of a front page reads plain numbers instead of
unpickling a hundred strings.

A page also keeps the generation its rendering began at. Reading it reads the counter in the same
round trip: while the counter has not moved, no purge has happened since, and every purge counted
before had committed what it purged before the page was drawn, so its tags need no check. A
counter that is lost (deleted after a Redis outage) starts again from the clock, in microseconds:
above every generation counted before (no site purges once a microsecond for long), so no older
page holds its value and no older tag version is newer than it.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches

PREFIX = "pagecache"
# Part of every page's and tag's key: a release that changes `Entry`, the shape of a remembered
# value or the versions moves it on, so no process reads what another release wrote (old entries
# expire by themselves). While two releases run side by side, one's purges do not reach the
# other's pages: those live at most PAGE_CACHE_SECONDS, and `pagecache.purge("all")` after the
# upgrade clears them at once.
ENTRY_FORMAT = 4
GENERATION_KEY = f"{PREFIX}:generation"


def cache():
    return caches["default"]


RANDOM_BITS = 32


def tag_key(tag):
    return f"{PREFIX}:tag:{ENTRY_FORMAT}:{tag}"


def new_version(generation):
    # The random part tells versions apart if the counter was lost (a Redis restart) and restarted.
    return generation << RANDOM_BITS | secrets.randbits(RANDOM_BITS)


def version_generation(version):
    return version >> RANDOM_BITS


def generation():
    """The number of purges so far; read before rendering a page. A missing counter (Redis just
    started, or the counter was deleted after an outage) starts again here."""
    current = cache().get(GENERATION_KEY)
    if current is None:
        start_counter()
        current = cache().get(GENERATION_KEY)
    return int(current or 0)


def start_counter():
    cache().add(GENERATION_KEY, time.time_ns() // 1_000, timeout=None)


def next_generation():
    try:
        return cache().incr(GENERATION_KEY)
    except ValueError:  # the first purge, or the counter was lost
        start_counter()
        return cache().incr(GENERATION_KEY)


@dataclass
class Entry:
    content: bytes
    status: int
    headers: list
    tags: dict  # tag → the version the page was stored under
    created: float
    fresh_until: float
    etag: str = ""
    generation: int | None = None  # when its rendering began (None: unknown, its tags are checked)
    # Set on reading: past its time, or a tag of it purged since (then never shown but in an outage).
    stale: bool = field(default=False, compare=False)
    purged: bool = field(default=False, compare=False)

    def is_fresh(self, now):
        return now < self.fresh_until


def page_key(kind, key):
    return f"{PREFIX}:{kind}:{ENTRY_FORMAT}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def read(key):
    """The entry stored under `key`, with `stale` set when it is past its time or a tag of it was
    purged since; None when there is none. One round trip (the entry and the purge counter) while
    nothing was purged since it was drawn; a second for its tags otherwise."""
    found = cache().get_many([page_key("page", key), GENERATION_KEY])
    entry = found.get(page_key("page", key))
    if entry is None:
        return None
    if entry.tags and (entry.generation is None or entry.generation != int(found.get(GENERATION_KEY) or 0)):
        current = cache().get_many([tag_key(tag) for tag in entry.tags])
        purged = any(current.get(tag_key(tag)) != version for tag, version in entry.tags.items())
    else:
        purged = False  # no purge at all since its rendering began
    entry.stale = purged or not entry.is_fresh(time.time())
    entry.purged = purged
    return entry


def tag_versions(tags):
    """{tag: current version}, giving tags never purged a first version."""
    keys = {tag: tag_key(tag) for tag in tags}
    current = cache().get_many(list(keys.values()))
    missing = [tag for tag, key in keys.items() if key not in current]
    for tag in missing:
        cache().add(keys[tag], new_version(0), timeout=None)
    if missing:
        current.update(cache().get_many([keys[tag] for tag in missing]))
    return {tag: current.get(key) for tag, key in keys.items()}


def write(key, entry, *, started_at):
    """Store `entry` unless a tag of it was purged after its rendering started, at generation
    `started_at`; True if stored."""
    versions = tag_versions(entry.tags)
    if any(v is None or version_generation(v) > started_at for v in versions.values()):
        return False
    # A counter that could not be read (a cache dropping every write) gives no generation: its tags
    # are then checked on every read.
    entry.tags, entry.generation = versions, started_at or None
    timeout = max(1, int(entry.fresh_until - time.time())) + settings.PAGE_CACHE_STALE_SECONDS
    cache().set(page_key("page", key), entry, timeout=timeout)
    return True


def purge_tags(tags):
    """Give each tag a new version: every page stored with one of them is invalid from now on."""
    if tags:
        version = new_version(next_generation())
        cache().set_many({tag_key(tag): version for tag in tags}, timeout=None)


def lock(key):
    """True for the one request that may rebuild the page under `key` for the next few seconds."""
    return cache().add(page_key("lock", key), 1, timeout=settings.PAGE_CACHE_LOCK_SECONDS)


def unlock(key):
    cache().delete(page_key("lock", key))
