"""`/healthz` (the process answers) and `/readyz` (the database and the cache answer too).

Answered before every other middleware: a load balancer asks by IP address (no allowed host), over
plain HTTP (no HTTPS redirect), with no cookies, and must never get a cached or personal answer.
The body says "ok" or "unavailable" and nothing else: no versions, hosts or errors.
"""

import logging

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


def database_reachable():
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Readiness: database unreachable (%s)", error)
        return False
    return True


def cache_reachable():
    cache = caches["default"]
    if hasattr(cache, "reachable"):  # FailSafeRedisCache: ask Redis itself, not its fallback
        return cache.reachable()
    return True  # local memory


def answer(ready):
    response = HttpResponse(
        "ok\n" if ready else "unavailable\n", status=200 if ready else 503, content_type="text/plain"
    )
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return answer(True)
        if request.path == "/readyz":
            # Both checked every time, so the log names every service that is down.
            database, cache = database_reachable(), cache_reachable()
            return answer(database and cache)
        return self.get_response(request)
