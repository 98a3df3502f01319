"""Who is asking: the client's address behind the configured number of reverse proxies."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address; X-Forwarded-For is believed only for TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy appends the address it received the request from, so the client is the
    entry that many places from the end; anything further left was written by the client itself.
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
