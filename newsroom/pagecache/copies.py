"""Copies of remembered values in this process, so that a page reads its fragments from the shared
cache once per request instead of once per fragment.

A page draws its parts from several remembered values, each asked for where it is drawn: a list's
count and ids, its cards, the filter fields, the navigation. Each was a round trip to Redis, about
0.2 ms here, a fifth of an uncached /articles/. A copy held here is used only in a request that has
already read the shared purge counter (`request_scope`, which the page cache middleware opens) and
found it at the value the copy was computed or read under: then no purge has happened anywhere
since, which is the rule the shared entries follow (`fragments.remembered_many`), so every process
still sees every purge at once. A purge this request makes forgets the counter it read.

Copies are kept pickled, as the shared cache keeps them, so no reader can change another's value,
and the least recently used go first once they hold more than FRAGMENT_LOCAL_BYTES.
"""

import pickle
import threading
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings

# While a request is open: a one-item list holding the purge counter it last read (None: not yet).
_request_counter = ContextVar("pagecache_request_counter", default=None)


@contextmanager
def request_scope():
    """Let the remembered values of one request use the copies held here."""
    token = _request_counter.set([None])
    try:
        yield
    finally:
        _request_counter.reset(token)


def counter_read():
    """The purge counter this request read from the shared cache; None before that, or outside a request."""
    scope = _request_counter.get()
    return scope[0] if scope else None


def note_counter(counter):
    """Remember, for the rest of this request, the purge counter just read (None: could not be read)."""
    scope = _request_counter.get()
    if scope is not None:
        scope[0] = int(counter) if counter is not None else None


def forget_counter():
    """After this request purged: its copies are checked against the shared cache again."""
    note_counter(None)


@dataclass(frozen=True)
class Copy:
    pickled: bytes
    tags: dict  # tag → version, as in the shared entry
    until: float  # epoch seconds
    generation: int  # the purge counter it was computed under


class Copies:
    def __init__(self):
        self._copies = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def current(self, key, counter, now):
        """(value, tags) held for `key`, if it was computed under `counter` and is not past its time."""
        with self._lock:
            copy = self._copies.get(key)
            if copy is None:
                return None
            if copy.generation != counter or now >= copy.until:
                if copy.generation < counter or now >= copy.until:  # the counter only grows: never again
                    self._drop(key)
                return None
            self._copies.move_to_end(key)
        return pickle.loads(copy.pickled), list(copy.tags)

    def keep(self, key, value, tags, until, generation):
        """Hold `value` for the requests of this process, while the counter stays at `generation`."""
        limit = settings.FRAGMENT_LOCAL_BYTES
        if limit <= 0 or not generation or _request_counter.get() is None:
            return  # outside a request (a command, a task) nothing would read it
        held = self._copies.get(key)
        if held is not None and held.generation == generation:
            return  # the first value a request reads comes from the shared cache: held already
        pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(pickled) > limit // 16:  # a sitemap page of 1.5 MB: read it from the shared cache
            return
        with self._lock:
            self._drop(key)
            self._copies[key] = Copy(pickled, dict(tags), until, generation)
            self._bytes += len(pickled)
            while self._bytes > limit:
                self._drop(next(iter(self._copies)))

    def clear(self):
        with self._lock:
            self._copies.clear()
            self._bytes = 0

    def _drop(self, key):
        copy = self._copies.pop(key, None)
        if copy is not None:
            self._bytes -= len(copy.pickled)

    def __len__(self):
        return len(self._copies)

    @property
    def size(self):
        """The bytes the copies hold."""
        return self._bytes

    def __contains__(self, key):
        return key in self._copies


copies = Copies()
