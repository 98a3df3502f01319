"""Defences for reader comments: rule matching, link counting, duplicates and the per-IP rate limit.

What these filters catch is kept (as spam or held for review), never deleted here.
"""

import hashlib
import ipaddress
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.http import client_ip  # noqa: F401  (views call spam.client_ip)

from .models import Comment, ModerationRule
from .search import normalize

# --- Arabic-aware normalisation ----------------------------------------------------------------

_LETTER_RUN = re.compile(r"(\w)\1+")


def _normalize(text):
    """Fold what spammers vary and readers do not see: search's rules (tashkeel, tatweel, alef and
    hamza forms, presentation forms, invisible characters, case), then repeated letters."""
    return _LETTER_RUN.sub(r"\1", normalize(text))


@lru_cache(maxsize=512)
def _word_pattern(phrase):
    """A whole word or phrase, never a piece of a longer word."""
    words = [re.escape(word) for word in _normalize(phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def contains_phrase(text, phrase):
    return bool(phrase.strip()) and _word_pattern(phrase).search(_normalize(text)) is not None


def fingerprint(text):
    """Equal for two texts that differ only in what `_normalize` folds; used to spot duplicates."""
    return hashlib.sha256(_normalize(text).encode()).hexdigest()


# --- Links -------------------------------------------------------------------------------------

_LINK = re.compile(r"(?i)(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+")


def count_links(text):
    return len(_LINK.findall(text))


# --- Rules -------------------------------------------------------------------------------------


def clean_rule_value(kind, value):
    """The canonical form of a rule's value, or a ValidationError saying what is wrong."""
    value = (value or "").strip()
    if kind == ModerationRule.Kind.WORD:
        if not _normalize(value):
            raise ValidationError({"value": _("اكتب كلمة أو عبارة.")})
        return value
    if kind == ModerationRule.Kind.EMAIL:
        value = value.lower()
        try:
            validate_email(value if not value.startswith("@") else f"x{value}")
        except ValidationError:
            raise ValidationError(
                {"value": _("اكتب بريدًا كاملًا (name@example.com) أو نطاقًا يبدأ بـ @ (‎@example.com).")}
            ) from None
        return value
    if kind == ModerationRule.Kind.IP:
        try:
            return str(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValidationError(
                {"value": _("اكتب عنوان IP (‎196.200.1.2) أو نطاقًا (‎196.200.0.0/16).")}
            ) from None
    return value


def _rule_matches(rule, *, name, email, body, ip_address):
    if rule.kind == ModerationRule.Kind.WORD:
        return contains_phrase(body, rule.value) or contains_phrase(name, rule.value)
    if rule.kind == ModerationRule.Kind.EMAIL:
        email = (email or "").lower()
        return email == rule.value or (rule.value.startswith("@") and email.endswith(rule.value))
    if rule.kind == ModerationRule.Kind.IP and ip_address:
        try:
            return ipaddress.ip_address(ip_address) in ipaddress.ip_network(rule.value, strict=False)
        except ValueError:
            return False
    return False


# --- Screening a new comment -------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""


def is_duplicate(*, email, body, ip_address, now=None):
    """The same text (after normalisation) already came from this e-mail or this IP recently."""
    since = (now or timezone.now()) - timedelta(days=settings.COMMENTS_DUPLICATE_WINDOW_DAYS)
    same_sender = Q(email__iexact=email)
    if ip_address:
        same_sender |= Q(ip_address=ip_address)
    return Comment.objects.filter(same_sender, fingerprint=fingerprint(body), created_at__gte=since).exists()


def screen(*, name, email, body, ip_address):
    """Decide where a new comment starts: spam, held (pending with a reason), pending or approved."""
    rules = list(ModerationRule.objects.all())
    fields = {"name": name, "email": email, "body": body, "ip_address": ip_address}
    for rule in rules:
        if rule.action == ModerationRule.Action.BLOCK and _rule_matches(rule, **fields):
            return Verdict(Comment.Status.SPAM, _("قاعدة حظر: %(rule)s") % {"rule": rule})
    if is_duplicate(email=email, body=body, ip_address=ip_address):
        return Verdict(Comment.Status.SPAM, _("تعليق مكرر"))
    links = count_links(body)
    if links > settings.COMMENTS_HOLD_LINKS:
        return Verdict(Comment.Status.PENDING, _("روابط كثيرة (%(n)s)") % {"n": links})
    for rule in rules:
        if rule.action == ModerationRule.Action.HOLD and _rule_matches(rule, **fields):
            return Verdict(Comment.Status.PENDING, _("قاعدة حجز: %(rule)s") % {"rule": rule})
    if settings.COMMENTS_AUTO_APPROVE:
        approved = Comment.objects.approved().filter(email__iexact=email).count()
        needed = max(settings.COMMENTS_TRUSTED_AFTER, 1)
        if approved >= needed:
            return Verdict(Comment.Status.APPROVED, _("قبول تلقائي: معلّق سبق قبول تعليقاته"))
        return Verdict(
            Comment.Status.PENDING,
            _("معلّق جديد (%(approved)s من %(needed)s تعليقات مقبولة)")
            % {"approved": approved, "needed": needed},
        )
    return Verdict(Comment.Status.PENDING)


# --- Rate limit --------------------------------------------------------------------------------


def rate_limited(ip_address):
    """Count one comment attempt for this IP; True once it exceeds COMMENTS_RATE_LIMIT per window.

    `add` then `incr` are atomic in Redis (and in the local-memory cache), so the limit holds
    across app servers sharing the cache.
    """
    limit, window = settings.COMMENTS_RATE_LIMIT
    key = f"comments:rate:{ip_address or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit
