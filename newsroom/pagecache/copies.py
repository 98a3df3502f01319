"""Copies of remembered values in this process, so that a page reads its fragments from the shared
cache once per request instead of once per fragment.

A page draws its parts from several remembered values, each asked for where it is drawn: a list's
count and ids, its cards, the filter fields, the navigation. Each was a round trip to Redis, about
0.2 ms here, a fifth of an uncached /articles/. A copy held here is used only in a request that has
already read the shared purge counter (`request_scope`, which the page cache middleware opens) and
found it at the value the copy was computed or read under: then no purge has happened anywhere
since, which is the rule the shared entries follow (`fragments.remembered_many`), so every process
still sees every purge at once. A purge this request makes forgets the counter it read.

Every reader is handed a value of its own, as from the shared cache: a copy is kept pickled unless
nothing in it can be changed (drawn HTML, a sitemap page's bytes), which every reader can share.
The least recently used go first once the copies hold more than FRAGMENT_LOCAL_BYTES.
"""

import pickle
import sys
import threading
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.utils.safestring import SafeString

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


def in_request():
    return _request_counter.get() is not None


def counter_read():
    """The purge counter this request read from the shared cache; None before that, or outside a request."""
    scope = _request_counter.get()
    return scope[0] if scope else None


def note_counter(counter):
    """Remember, for the rest of this request, the purge counter just read (None: could not be read)."""
    scope = _request_counter.get()
    if scope is not None:
        scope[0] = int(counter) if counter is not None else None
        if counter is not None:
            copies.saw(int(counter))


def forget_counter():
    """After this request purged: its copies are checked against the shared cache again."""
    note_counter(None)


UNCHANGEABLE = (str, SafeString, bytes, int, float, bool, type(None))


def shareable(value):
    """Whether every reader may be handed this very object: nothing in it can be changed."""
    if type(value) is tuple:
        return all(shareable(item) for item in value)
    return type(value) in UNCHANGEABLE


def size_of(value):
    """About the bytes `value` takes in memory (a tuple counted with its items)."""
    if type(value) is tuple:
        return sys.getsizeof(value) + sum(size_of(item) for item in value)
    return sys.getsizeof(value)


@dataclass(frozen=True)
class Copy:
    held: object  # the value itself when shareable, else its pickle
    pickled: bool
    size: int  # bytes
    tags: dict  # tag → version, as in the shared entry
    until: float  # epoch seconds
    generation: int  # the purge counter it was computed under

    def value(self):
        return pickle.loads(self.held) if self.pickled else self.held


ENTRY_OVERHEAD = 200  # bytes of a Copy and its slot in the ordered dict, beyond what size_of counts


class Copies:
    def __init__(self):
        self._copies = OrderedDict()
        self._bytes = 0
        self._highest_counter = 0
        self._lock = threading.Lock()

    def saw(self, counter):
        """A purge counter read from the shared cache. One lower than this process read before means
        the shared cache lost its latest writes (a failover, a restore): the purges counted again
        from there would reach the numbers of copies made before them, so every copy goes."""
        if counter < self._highest_counter:
            self.clear()
        self._highest_counter = counter

    def current(self, key, counter, now):
        """(value, tags) held for `key`, if it was computed under `counter` and is not past its time."""
        with self._lock:
            copy = self._copies.get(key)
            if copy is None:
                return None
            if copy.generation != counter or now >= copy.until:
                self._drop(key)  # a purge since (or a counter gone back): the shared cache decides
                return None
            self._copies.move_to_end(key)
        return copy.value(), list(copy.tags)

    def keep(self, key, value, tags, until, generation):
        """Hold `value` for the requests of this process, while the counter stays at `generation`."""
        limit = settings.FRAGMENT_LOCAL_BYTES
        if limit <= 0 or not generation or _request_counter.get() is None:
            return  # outside a request (a command, a task) nothing would read it
        if self._holds(key, generation):
            return  # read from the shared cache while held: the request's first fragments
        pickled = not shareable(value)
        held = pickle.dumps(value, pickle.HIGHEST_PROTOCOL) if pickled else value
        size = (len(held) if pickled else size_of(value)) + size_of(key) + ENTRY_OVERHEAD
        size += sys.getsizeof(tags) + sum(size_of(tag) for tag in tags)
        if size > limit // 8:  # one value may not push out everything else
            return
        with self._lock:
            if self._holds(key, generation):
                return
            self._drop(key)
            self._copies[key] = Copy(held, pickled, size, dict(tags), until, generation)
            self._bytes += size
            while self._bytes > limit:
                self._drop(next(iter(self._copies)))

    def _holds(self, key, generation):
        copy = self._copies.get(key)
        return copy is not None and copy.generation == generation

    def clear(self):
        with self._lock:
            self._copies.clear()
            self._bytes = 0
            self._highest_counter = 0

    def _drop(self, key):
        copy = self._copies.pop(key, None)
        if copy is not None:
            self._bytes -= copy.size

    def __len__(self):
        return len(self._copies)

    @property
    def size(self):
        """The bytes the copies hold."""
        return self._bytes

    def __contains__(self, key):
        return key in self._copies


copies = Copies()
