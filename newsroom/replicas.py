"""Read replicas: public reads go to a replica, everything else to the primary.

A request reads from a replica only when `ReplicaRoutingMiddleware` says so: a GET or HEAD on a
public page, outside the admin and the views named in `DATABASE_PRIMARY_URL_NAMES` (staff
previews), from a client that has not written anything in the last `REPLICA_PIN_SECONDS` (a
request that writes leaves a short-lived cookie that pins the client's reads to the primary, so
a journalist who just saved, or a reader who just commented, reads their own writes).
Everything else — writes, the admin, management commands, the task worker, the shell — reads the
primary, and so do the apps in `DATABASE_PRIMARY_APPS` (sessions, users, permissions).

A replica is used only while it answers and its replay is at most `REPLICA_MAX_LAG_SECONDS`
behind, checked at most every `REPLICA_CHECK_SECONDS` per process. If a replica fails in the
middle of a request, the request is run again on the primary and the replica is skipped until
its next check.
"""

import contextlib
import logging
import random
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

PIN_COOKIE = "newsroom_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass
class Reads:
    """Where this request's reads may go; the replica is chosen once, at the first read."""

    replica_allowed: bool
    alias: str | None = None


_reads: ContextVar[Reads | None] = ContextVar("newsroom_reads", default=None)  # None: the primary


@contextlib.contextmanager
def use_primary():
    """Read from the primary inside this block, whatever the request."""
    token = _reads.set(Reads(replica_allowed=False))
    try:
        yield
    finally:
        _reads.reset(token)


# --- Replica health ----------------------------------------------------------------------------

# Seconds the replica's replay is behind what it has received (0 when it has replayed everything),
# or NULL when it is not streaming from the primary at all, so its data may be arbitrarily old.
LAG_QUERY = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
END
"""


class ReplicaHealth:
    """Per process: which replicas may serve reads now, checked at most every REPLICA_CHECK_SECONDS."""

    def __init__(self):
        self._checked = {}  # alias -> (usable, monotonic time of the check)
        self._lock = threading.Lock()

    def usable(self, alias):
        with self._lock:
            usable, checked_at = self._checked.get(alias, (False, None))
        if checked_at is not None and time.monotonic() - checked_at < settings.REPLICA_CHECK_SECONDS:
            return usable
        usable = self._check(alias)
        with self._lock:
            self._checked[alias] = (usable, time.monotonic())
        return usable

    def mark_down(self, alias):
        with self._lock:
            self._checked[alias] = (False, time.monotonic())

    def forget(self):
        with self._lock:
            self._checked.clear()

    def _check(self, alias):
        connection = connections[alias]
        try:
            with connection.cursor() as cursor:
                if connection.vendor != "postgresql":
                    cursor.execute("SELECT 1")
                    return True
                cursor.execute(LAG_QUERY)
                (lag,) = cursor.fetchone()
        except DatabaseError as error:
            logger.warning("Replica %s unusable (%s); reading from the primary", alias, error)
            connection.close()
            return False
        if lag is None or lag > settings.REPLICA_MAX_LAG_SECONDS:
            logger.warning("Replica %s is behind (lag %s s); reading from the primary", alias, lag)
            return False
        return True


health = ReplicaHealth()


def pick_replica():
    """A usable replica's alias, or the primary's when none is."""
    replicas = list(settings.DATABASE_REPLICAS)
    random.shuffle(replicas)
    return next((alias for alias in replicas if health.usable(alias)), DEFAULT_DB_ALIAS)


# --- Router ------------------------------------------------------------------------------------


class PrimaryReplicaRouter:
    """Writes and migrations to the primary; reads to a replica when the request allows it."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # related rows come from where their parent came from
        reads = _reads.get()
        if reads is None or not reads.replica_allowed:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in settings.DATABASE_PRIMARY_APPS:
            return DEFAULT_DB_ALIAS
        if reads.alias is None:
            reads.alias = pick_replica()
        return reads.alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


# --- Middleware --------------------------------------------------------------------------------


def pinned_to_primary(request):
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def may_read_replica(request):
    match = request.resolver_match
    return not (
        request.method not in SAFE_METHODS
        or "admin" in match.namespaces
        or match.view_name in settings.DATABASE_PRIMARY_URL_NAMES
        or pinned_to_primary(request)
    )


class ReplicaRoutingMiddleware:
    """Lets public reads use a replica (see the module); pins a client that wrote to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads.set(Reads(replica_allowed=False))
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 500 and settings.DATABASE_REPLICAS:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if settings.DATABASE_REPLICAS and may_read_replica(request):
            _reads.get().replica_allowed = True
            request.replica_view = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        """A replica that fails mid-request: skip it, and run the (read-only) view on the primary."""
        reads = _reads.get()
        if reads is None or reads.alias in (None, DEFAULT_DB_ALIAS):
            return None
        if not (
            isinstance(exception, OperationalError | InterfaceError)
            and connections[reads.alias].errors_occurred
        ):
            return None
        logger.warning("Replica %s failed during %s; reading from the primary", reads.alias, request.path)
        health.mark_down(reads.alias)
        connections[reads.alias].close()
        reads.alias = DEFAULT_DB_ALIAS
        view_func, view_args, view_kwargs = request.replica_view
        response = view_func(request, *view_args, **view_kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response
