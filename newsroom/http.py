"""What the project reads from a request, the same way everywhere."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address; X-Forwarded-For is believed only for the configured number of proxies.

    Comment rate limits and staff login throttling both count per this address.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    candidate = (
        forwarded[-proxies] if proxies and len(forwarded) >= proxies else request.META.get("REMOTE_ADDR")
    )
    try:
        return str(ipaddress.ip_address(candidate))
    except (TypeError, ValueError):
        return None
