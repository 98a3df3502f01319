"""An item's WordPress comments → comments of its article, threaded; pingbacks and trackbacks are
counted and left out."""

import html
import ipaddress
import re

from django.utils import timezone
from django.utils.html import strip_tags

from comments.models import Comment
from comments.workflow import import_comments

from ..models import ImportedItem
from .ledger import digest

STATUSES = {
    "approved": Comment.Status.APPROVED,
    "pending": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REJECTED,
}
_BREAKS = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
FIELDS = ("name", "email", "url", "body", "status", "ip_address", "created_at")


def comment_text(content):
    """A comment's HTML as the plain text the comments app stores (line breaks kept)."""
    text = _BREAKS.sub("\n\n", content.replace("\r\n", "\n"))
    return html.unescape(strip_tags(text)).strip()


def _ip(value):
    try:
        return str(ipaddress.ip_address(value.strip())) if value.strip() else None
    except ValueError:
        return None


def _row(record, fallback_date):
    return Comment(
        name=(record.author or "—")[:100],
        email=record.author_email[:254],
        url=record.author_url[:300] if record.author_url.startswith(("http://", "https://")) else "",
        body=comment_text(record.content),
        status=STATUSES[record.state],
        ip_address=_ip(record.author_ip),
        created_at=record.date or fallback_date,
        user_agent="",
    )


def write_comments(context, article, item, *, existing=None):
    """Bring in `item`'s comments on `article`; `existing` is the ledger of the post's comments
    (None for a new article: no query). Returns the ledger entries of the new comments,
    (key, comment pk, digest), for the caller to record with the post's own."""
    new, changed = read_comments(context, article, item, existing=existing)
    save_comments(context, new)
    if changed:
        _update(context, changed, _fallback_date(article))
    return ledger_entries(new)


def read_comments(context, article, item, *, existing=None):
    """(the new comments of `item` on `article`, unsaved and threaded; the changed ones, as
    (record, ledger entry, digest)); pingbacks and trackbacks are counted and left out."""
    report, existing = context.report, existing or {}
    fallback = _fallback_date(article)
    by_wp_id, new, changed = {}, [], []
    for record in item.comments:
        if record.is_ping:
            report.count("pings", "skipped")
            continue
        key, value = str(record.id), digest(record)
        known = existing.get(key)
        if known and known.object_id:
            by_wp_id[record.id] = known.object_id
            if known.digest == value:
                report.count("comments", "unchanged")
            else:
                changed.append((record, known, value))
            continue
        row = _row(record, fallback)
        row.article = article
        row._wp = (key, value, record.parent)
        by_wp_id[record.id] = row
        new.append(row)
    for row in new:
        parent = by_wp_id.get(row._wp[2]) if row._wp[2] else None
        if isinstance(parent, Comment):
            row.parent = parent
        elif parent:
            row.parent_id = parent
    return new, changed


def save_comments(context, new):
    """Write new comments from `read_comments` (of one post or of many) in one go."""
    if new:
        import_comments(new)
        context.report.count("comments", "imported", len(new))


def ledger_entries(new):
    """The ledger's (key, comment pk, digest) of saved comments from `read_comments`."""
    return [(row._wp[0], row.pk, row._wp[1]) for row in new]


def _fallback_date(article):
    return article.published_at or article.created_at


def _update(context, changed, fallback):
    rows = []
    for record, known, _value in changed:
        row = _row(record, fallback)
        row.pk = known.object_id
        rows.append(row)
    Comment.objects.bulk_update(rows, FIELDS)
    for _record, known, value in changed:
        ImportedItem.objects.filter(pk=known.pk).update(digest=value, updated_at=timezone.now())
    context.report.count("comments", "updated", len(changed))
