"""Where a new comment starts: the editors' rules, duplicates, links, trust, and the rate limit.

What these checks catch is kept (as spam or held for review), never deleted here.
"""

import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Comment, ModerationRule
from .text import count_links, fingerprint


@dataclass(frozen=True)
class Verdict:
    """Where a comment starts, why (shown to everyone who may read the comment in the admin) and
    what it matched (a rule's e-mail, address or word: for editors only)."""

    status: str
    reason: str = ""
    detail: str = ""


def is_duplicate(*, email, body, ip_address, now=None):
    """The same text (after normalisation) already came from this e-mail or this IP recently."""
    since = (now or timezone.now()) - timedelta(days=settings.COMMENTS_DUPLICATE_WINDOW_DAYS)
    same_sender = Q(email__iexact=email)
    if ip_address:
        same_sender |= Q(ip_address=ip_address)
    return Comment.objects.filter(same_sender, fingerprint=fingerprint(body), created_at__gte=since).exists()


def screen(*, name, email, body, ip_address, browser_key=""):
    """Decide where a new comment starts: spam, held (pending with a reason), pending or approved."""
    rules = list(ModerationRule.objects.all())
    fields = {"name": name, "email": email, "body": body, "ip_address": ip_address}
    for rule in rules:
        if rule.action == ModerationRule.Action.BLOCK and rule.matches(**fields):
            return Verdict(Comment.Status.SPAM, _("قاعدة حظر"), str(rule))
    if is_duplicate(email=email, body=body, ip_address=ip_address):
        return Verdict(Comment.Status.SPAM, _("تعليق مكرر"))
    links = count_links(body)
    if links > settings.COMMENTS_HOLD_LINKS:
        return Verdict(Comment.Status.PENDING, _("روابط كثيرة (%(n)s)") % {"n": links})
    for rule in rules:
        if rule.action == ModerationRule.Action.HOLD and rule.matches(**fields):
            return Verdict(Comment.Status.PENDING, _("قاعدة حجز"), str(rule))
    if settings.COMMENTS_AUTO_APPROVE:
        return trust_verdict(email=email, browser_key=browser_key)
    return Verdict(Comment.Status.PENDING)


def trust_verdict(*, email, browser_key):
    """Approved when COMMENTS_TRUSTED_AFTER comments with this address, posted from this browser,
    were approved; held otherwise, saying why."""
    approved = Comment.objects.approved().filter(email__iexact=email)
    trusted = approved.filter(browser_key=browser_key).count() if browser_key else 0
    needed = max(settings.COMMENTS_TRUSTED_AFTER, 1)
    if trusted >= needed:
        return Verdict(Comment.Status.APPROVED, _("قبول تلقائي: معلّق سبق قبول تعليقاته من المتصفح نفسه"))
    if not trusted and approved.exists():
        return Verdict(Comment.Status.PENDING, _("بريد معروف من متصفح آخر"))
    return Verdict(
        Comment.Status.PENDING,
        _("معلّق جديد (%(approved)s من %(needed)s تعليقات مقبولة)") % {"approved": trusted, "needed": needed},
    )


# One IPv6 client usually holds a whole /64 (SLAAC, privacy addresses), so it is counted as one.
IPV6_CLIENT_PREFIX = 64


def rate_limit_key(ip_address):
    """The network a comment attempt is counted against: the IPv4 address itself (/32, however
    it is written, IPv4-mapped IPv6 included), or the IPv6 /64 around the address."""
    try:
        address = ipaddress.ip_address(ip_address)
    except (TypeError, ValueError):
        return "unknown"
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 32 if address.version == 4 else IPV6_CLIENT_PREFIX
    return ipaddress.ip_network((address, prefix), strict=False).with_prefixlen


def rate_limited(ip_address):
    """Count one comment attempt for this client's network; True once it exceeds
    COMMENTS_RATE_LIMIT per window.

    `add` then `incr` are atomic in Redis (and in the local-memory cache), so the limit holds
    across app servers sharing the cache.
    """
    limit, window = settings.COMMENTS_RATE_LIMIT
    key = f"comments:rate:{rate_limit_key(ip_address)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit
