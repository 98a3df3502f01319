"""One Content-Security-Policy for the public site, another for the admin.

django-csp builds both headers from CONTENT_SECURITY_POLICY(_REPORT_ONLY); under /admin/ the
directives are CSP_ADMIN_DIRECTIVES instead, in whichever of the two headers is switched on.
"""

from functools import cache

from csp.constants import NONE
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string
from js_asset import Media


@cache
def _admin_prefix():
    return reverse("admin:index")


def frame_sources():
    """The public pages' frame-src: what FRAME_SRC_ORIGINS names (the embed providers' iframe origins,
    read at each response so it follows their settings) and CSP_EMBED_ORIGINS."""
    origins = [*import_string(settings.FRAME_SRC_ORIGINS)(), *settings.CSP_EMBED_ORIGINS]
    return sorted(set(origins)) or [NONE]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        if not getattr(settings, name) or parts.config is not None:
            return parts
        if request.path_info.startswith(_admin_prefix()):
            parts.config = default_config(settings.CSP_ADMIN_DIRECTIVES)
        elif parts.replace is None:
            parts.replace = {"frame-src": frame_sources()}
        return parts

    def process_template_response(self, request, response):
        """Give form media the request's nonce: the rich-text editor's import map is an inline
        <script type="importmap">, which a policy without 'unsafe-inline' runs only with it."""
        media = (response.context_data or {}).get("media")
        if isinstance(media, Media):
            response.context_data["media"] = media.with_nonce(request.csp_nonce)
        return response
