"""Answer 301 for a known old address: on a 404, and for `/?p=ID`-style queries on the home page
(which would otherwise answer 200 with the home page). It runs outside the page cache, before any
page is looked up, and reads the primary database (it is outside the replica routing too)."""

import logging

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control
from django.utils.encoding import iri_to_uri

from .models import Redirect
from .paths import has_key_parameters

logger = logging.getLogger(__name__)


class RedirectFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if request.path == "/" and query and has_key_parameters(query):
            request.get_host()  # a host not allowed is refused here as on every page, not redirected
            redirect = self._redirect(request, f"/?{query}")
            if redirect:
                return redirect
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        path = f"{request.path}?{query}" if query else request.path
        return self._redirect(request, path) or response

    @staticmethod
    def _redirect(request, path):
        try:
            found = Redirect.objects.for_path(path)
            destination = found.destination() if found else None
            if not destination or destination == request.path:
                return None
            found.count_hit()
        except DatabaseError:  # an outage: the page, from the page cache's stale copy if it has one
            logger.warning("Redirect lookup for %r failed: the database is unavailable", path)
            return None
        response = HttpResponsePermanentRedirect(iri_to_uri(destination))
        # Kept by no cache, so an editor's change to where an old address leads holds at once.
        patch_cache_control(response, private=True, no_store=True)
        return response
