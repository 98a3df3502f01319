"""Cached pages, their tags' versions and the rebuild locks, in the `default` cache.

A page is stored with the version of every tag it was tagged with; purging a tag gives it a new
version, so every page stored under the old one is invalid at once, in every process that shares
the cache. Every purge counts one more on a shared counter, the generation, and a version names
the generation of its purge: a page whose rendering began at an older generation than one of its
tags' versions is not stored, since it may show what that purge replaced. No clock is compared.

A version is an integer (the generation in its high bits, a random part in the low 32): Redis keeps
integers as they are, so checking the hundred tags of a front page reads plain numbers instead of
unpickling a hundred strings.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches

PREFIX = "pagecache"
# Part of every page's and tag's key: a release that changes `Entry` or the versions moves it on,
# so no process reads what another release wrote (old entries expire by themselves). While two
# releases run side by side, one's purges do not reach the other's pages: those live at most
# PAGE_CACHE_SECONDS, and `pagecache.purge("all")` after the upgrade clears them at once.
ENTRY_FORMAT = 2
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
    """The number of purges so far; read before rendering a page."""
    return int(cache().get(GENERATION_KEY) or 0)


def next_generation():
    try:
        return cache().incr(GENERATION_KEY)
    except ValueError:  # the first purge, or the counter was lost
        cache().add(GENERATION_KEY, 0, timeout=None)
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
    # Set on reading: past its time, or a tag of it purged since (then never shown but in an outage).
    stale: bool = field(default=False, compare=False)
    purged: bool = field(default=False, compare=False)

    def is_fresh(self, now):
        return now < self.fresh_until


def page_key(kind, key):
    return f"{PREFIX}:{kind}:{ENTRY_FORMAT}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def read(key):
    """The entry stored under `key`, with `stale` set when it is past its time or a tag of it was
    purged since; None when there is none. Two round trips: the entry, then its tags (get_many)."""
    entry = cache().get(page_key("page", key))
    if entry is None:
        return None
    if entry.tags:
        current = cache().get_many([tag_key(tag) for tag in entry.tags])
        purged = any(current.get(tag_key(tag)) != version for tag, version in entry.tags.items())
    else:
        purged = False
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
    entry.tags = versions
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
