"""A Redis cache that a Redis outage cannot break.

Django's `RedisCache` raises when Redis is gone, and every page that touches the cache would then
fail. `FailSafeRedisCache` logs the error and answers from a fallback instead, for
`RETRY_SECONDS` (so a dead server costs each process one timeout every few seconds, not one per
call), then tries Redis again:

- `FALLBACK: "local"`: this process's memory, each entry kept at most `FALLBACK_TIMEOUT` seconds.
  Counters (rate limits, lockouts) then count per process: a safe local limit, never no limit.
- `FALLBACK: "none"`: every read is a miss and writes are dropped, for data whose truth lives
  elsewhere (sessions: their rows are in the database, and a per-process copy could outlive a logout).

Keys written or deleted while Redis was unreachable are deleted from Redis as soon as it answers
again, so an invalidation lost during the outage cannot leave a stale entry behind.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Past this many keys lost in one outage, the whole cache is cleared when Redis returns instead.
MAX_LOST_KEYS = 10_000
ALL = object()  # the keys a failed clear() leaves to redo


class Outage:
    """Whether one Redis server is being skipped, and what was written while it was; shared by the
    threads of a process."""

    def __init__(self, name, retry_seconds):
        self.name = name
        self.retry_seconds = retry_seconds
        self.skip_until = 0.0
        self.down = False
        self.lost_keys = set()
        self.lost_everything = False
        self.lock = threading.Lock()

    def skipping(self):
        return time.monotonic() < self.skip_until

    def begin(self, error):
        with self.lock:
            self.skip_until = time.monotonic() + self.retry_seconds
            self.down = True
        logger.warning(
            "Cache %s unreachable (%s: %s); using the fallback for %s s",
            self.name,
            type(error).__name__,
            error,
            self.retry_seconds,
        )

    def lose(self, keys):
        with self.lock:
            self.lost_keys.update(keys)
            if len(self.lost_keys) > MAX_LOST_KEYS:
                self.lost_everything = True
                self.lost_keys.clear()

    def lose_everything(self):
        with self.lock:
            self.lost_everything = True
            self.lost_keys.clear()

    def recover(self, client):
        """Undo in Redis what the outage hid from it; raises RedisError if Redis is still gone."""
        with self.lock:
            keys, everything = list(self.lost_keys), self.lost_everything
            self.lost_keys.clear()
            self.lost_everything = False
        try:
            if everything:
                RedisCacheClient.clear(client)
            elif keys:
                RedisCacheClient.delete_many(client, keys)
        except RedisError:
            if everything:
                self.lose_everything()
            self.lose(keys)
            raise
        self.down = False
        logger.warning(
            "Cache %s reachable again; %s written during the outage removed",
            self.name,
            "everything" if everything else f"{len(keys)} keys",
        )


_outages = {}
_outages_lock = threading.Lock()


def outage_for(name, retry_seconds):
    with _outages_lock:
        return _outages.setdefault(name, Outage(name, retry_seconds))


class LocalFallback:
    """The cache client's interface (keys already made, timeouts in seconds) over process memory."""

    def __init__(self, name, max_timeout):
        self.memory = LocMemCache(name, {"OPTIONS": {"MAX_ENTRIES": 1000}})
        self.max_timeout = max_timeout

    def _timeout(self, timeout):
        return self.max_timeout if timeout is None else min(timeout, self.max_timeout)

    def add(self, key, value, timeout):
        return self.memory.add(key, value, self._timeout(timeout))

    def get(self, key, default):
        return self.memory.get(key, default)

    def set(self, key, value, timeout):
        self.memory.set(key, value, self._timeout(timeout))

    def touch(self, key, timeout):
        return self.memory.touch(key, self._timeout(timeout))

    def delete(self, key):
        return self.memory.delete(key)

    def get_many(self, keys):
        return self.memory.get_many(keys)

    def has_key(self, key):
        return self.memory.has_key(key)

    def incr(self, key, delta):
        return self.memory.incr(key, delta)

    def set_many(self, data, timeout):
        self.memory.set_many(data, self._timeout(timeout))

    def delete_many(self, keys):
        self.memory.delete_many(keys)

    def clear(self):
        self.memory.clear()


class NoFallback:
    """Every read a miss, every write dropped."""

    def add(self, key, value, timeout):
        return False

    def get(self, key, default):
        return default

    def set(self, key, value, timeout):
        return None

    def touch(self, key, timeout):
        return False

    def delete(self, key):
        return False

    def get_many(self, keys):
        return {}

    def has_key(self, key):
        return False

    def incr(self, key, delta):
        raise ValueError(f"Key '{key}' not found.")  # what Redis says of a missing counter

    def set_many(self, data, timeout):
        return None

    def delete_many(self, keys):
        return None

    def clear(self):
        return None


class FailSafeRedisClient(RedisCacheClient):
    def __init__(self, servers, *, outage, fallback, **options):
        super().__init__(servers, **options)
        self.outage = outage
        self.fallback = fallback
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        """One redis-py client per connection pool, kept. Django makes a new one for every call,
        and each builds its table of reply callbacks: about 0.15 ms, twice for a cached page,
        four times for an uncached article. A client is thread-safe: each command takes a
        connection from the pool, which also notices a fork."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client

    def _run(self, operation, written_keys, *args):
        if not self.outage.skipping():
            try:
                if self.outage.down:
                    self.outage.recover(self)
                return getattr(RedisCacheClient, operation)(self, *args)
            except RedisError as error:
                self.outage.begin(error)
        if written_keys is ALL:
            self.outage.lose_everything()
        else:
            self.outage.lose(written_keys)
        return getattr(self.fallback, operation)(*args)

    def reachable(self):
        try:
            self.get_client(write=True).ping()
        except RedisError:
            return False
        return True

    def add(self, key, value, timeout):
        return self._run("add", (key,), key, value, timeout)

    def get(self, key, default):
        return self._run("get", (), key, default)

    def set(self, key, value, timeout):
        return self._run("set", (key,), key, value, timeout)

    def touch(self, key, timeout):
        return self._run("touch", (key,), key, timeout)

    def delete(self, key):
        return self._run("delete", (key,), key)

    def get_many(self, keys):
        return self._run("get_many", (), keys)

    def has_key(self, key):
        return self._run("has_key", (), key)

    def incr(self, key, delta):
        return self._run("incr", (key,), key, delta)

    def set_many(self, data, timeout):
        return self._run("set_many", tuple(data), data, timeout)

    def delete_many(self, keys):
        return self._run("delete_many", tuple(keys), keys)

    def clear(self):
        return self._run("clear", ALL)


class FailSafeRedisCache(RedisCache):
    """Django's Redis cache backend, with a fallback while Redis is unreachable (see the module).

    OPTIONS beyond redis-py's: FALLBACK ("local" or "none"), FALLBACK_TIMEOUT (seconds, 60),
    RETRY_SECONDS (5). Socket timeouts default to half a second, so a lost server is noticed fast.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        fallback = options.pop("FALLBACK", "local")
        fallback_timeout = options.pop("FALLBACK_TIMEOUT", 60)
        retry_seconds = options.pop("RETRY_SECONDS", 5)
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        name = f"{server}#{self.key_prefix}"
        if fallback == "local":
            self._options["fallback"] = LocalFallback(f"fallback:{name}", fallback_timeout)
        elif fallback == "none":
            self._options["fallback"] = NoFallback()
        else:
            raise ValueError(f"FALLBACK must be 'local' or 'none', not {fallback!r}")
        self._options["outage"] = outage_for(name, retry_seconds)
        self._class = FailSafeRedisClient

    def validate_key(self, key):
        """Nothing to check: Redis takes any key. Django's check warns of keys memcached would
        refuse, looping over each key's characters, which is most of the cost of reading the
        hundred tag versions of a cached front page."""

    def reachable(self):
        """True if Redis answers now (asked directly, whatever the fallback is doing)."""
        return self._cache.reachable()
