"""Values that many pages compute alike and that change only when the articles do (article cards,
the article page's drawn parts, the home page's region blocks, feed items, the navigation, related
articles, search matches, the filters' choices and fields, a region's, tag's or author's shown
values, a list's count and its pages' ids), kept in the cache under the same tags as pages.

`remembered(key, tags, compute)` gives `compute()`'s value, kept until one of `tags` is purged or
the next scheduled article falls due — the rules a cached page follows, so a value is never older
than a page would be. Unlike a page it is public to everyone and works with the page cache off
(FRAGMENT_CACHE_SECONDS; 0 turns it off). Keep values plain (ids, counts, or drawn HTML with the
tags of everything it shows, through `remembered_with_tags`), never model instances.
"""

import time
from dataclasses import dataclass

from django.conf import settings

from . import copies as local
from . import schedule, store


@dataclass
class Remembered:
    value: object
    tags: dict  # tag → the version the value was computed under
    until: float  # epoch seconds
    generation: int | None = None  # the purge counter when computing began (None: unknown)


def remembered(key, tags, compute):
    """`compute()`, or its value kept from an earlier call while `tags` were not purged."""
    return remembered_with_tags(key, lambda: (compute(), tags))[0]


def remembered_with_tags(key, compute):
    """(value, tags) as `compute()` returns them, or as an earlier call did while none of those
    tags was purged: for a value that learns what it shows while it is computed (drawn HTML)."""
    return remembered_many({key: key}, lambda names: {key: compute()})[key]


def remembered_many(keys, compute):
    """{name: (value, tags)} for every name of `keys` ({name: key}), like `remembered_with_tags`
    for each: `compute(names)` gives {name: (value, tags)} for the names found missing or
    outdated (many cards of one list). However many names: one cache round trip when nothing was
    purged since they were computed (none for those this process holds copies of, once the request
    has read the purge counter: `copies`), a second to check their tags otherwise, two more to keep
    what had to be computed."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return compute(list(keys))
    cache_keys = {name: store.page_key("fragment", key) for name, key in keys.items()}
    now = time.time()
    here, found, counter = read_entries(cache_keys, now)
    kept = {name: found[k] for name, k in cache_keys.items() if k in found and now < found[k].until}
    # As for pages (`store.read`): a value computed since the last purge needs no check of its tags.
    unmoved = {
        name for name, entry in kept.items() if counter is not None and entry.generation == int(counter)
    }
    checked = [entry for name, entry in kept.items() if name not in unmoved]
    current = store.tag_versions({tag for entry in checked for tag in entry.tags}) if checked else {}
    results = {
        name: (entry.value, list(entry.tags))
        for name, entry in kept.items()
        if name in unmoved or all(current.get(tag) == version for tag, version in entry.tags.items())
    }
    for name in unmoved:
        entry = kept[name]
        local.copies.keep(cache_keys[name], entry.value, entry.tags, entry.until, entry.generation)
    results.update(here)
    missing = [name for name in keys if name not in results]
    if not missing:
        return results
    # The counter read above, before computing: every purge it counts had committed already.
    started_at = int(counter) if counter is not None else store.generation()
    computed = compute(missing)
    results.update(computed)
    versions = store.tag_versions({tag for _value, tags in computed.values() for tag in tags})
    until = now + seconds
    due = schedule.next_change()
    if due is not None:
        until = min(until, due)
    if until <= now:
        return results
    keep = {}
    for name, (value, tags) in computed.items():
        mine = {tag: versions[tag] for tag in tags}
        # Not kept when a tag was purged while computing: the value may predate that change.
        if all(v is not None and store.version_generation(v) <= started_at for v in mine.values()):
            keep[cache_keys[name]] = Remembered(
                value=value, tags=mine, until=until, generation=started_at or None
            )
    if keep:
        store.cache().set_many(keep, timeout=max(1, int(until - now)))
        for key, entry in keep.items():
            local.copies.keep(key, entry.value, entry.tags, entry.until, entry.generation)
    return results


def read_entries(cache_keys, now):
    """({name: (value, tags)} held as copies in this process, {key: Remembered} read from the
    shared cache, the purge counter read with them). Copies serve once this request has read the
    counter (`copies`); its first read asks for the counter with what no copy holds."""
    counter, asked, found = local.counter_read(), set(), {}
    if counter is None and local.in_request():
        asked = {key for key in cache_keys.values() if key not in local.copies}
        found = store.cache().get_many([*asked, store.GENERATION_KEY])
        counter = found.pop(store.GENERATION_KEY, None)
        local.note_counter(counter)
    here = {}
    if counter is not None:
        here = {
            name: held
            for name, key in cache_keys.items()
            if key not in asked and (held := local.copies.current(key, counter, now))
        }
    unread = [key for name, key in cache_keys.items() if name not in here and key not in asked]
    if unread:  # no copy, or one from before a purge (read once more, then held again or not at all)
        found.update(store.cache().get_many([*unread, store.GENERATION_KEY]))
        counter = found.pop(store.GENERATION_KEY, None)
        local.note_counter(counter)
    return here, found, counter
