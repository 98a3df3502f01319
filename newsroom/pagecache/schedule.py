"""When public pages change by themselves: the next scheduled article falling due.

No cron publishes a scheduled article: `published()` shows it once its time has come. So no cached
page may outlive that time. PAGE_CACHE_SCHEDULE names a callable that answers it from the database
(the next due time, or None); its answer is kept in the cache until it is due, and forgotten by the
write paths that schedule or unschedule (`forget`).
"""

import time

from django.conf import settings
from django.utils.module_loading import import_string

from .store import PREFIX, cache

KEY = f"{PREFIX}:next-change"
NOTHING = "none"


def next_change():
    """The next time (epoch seconds) a page may change by itself, or None."""
    cached = cache().get(KEY)
    now = time.time()
    if cached == NOTHING:
        return None
    if cached is not None and cached > now:
        return cached
    if not settings.PAGE_CACHE_SCHEDULE:
        return None
    due = import_string(settings.PAGE_CACHE_SCHEDULE)()
    if due is None:
        cache().set(KEY, NOTHING, timeout=settings.PAGE_CACHE_SECONDS or None)
        return None
    at = due.timestamp()
    cache().set(KEY, at, timeout=max(1, int(at - now)))
    return at


def forget():
    cache().delete(KEY)
