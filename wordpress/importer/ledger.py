"""The import's memory (`wordpress.ImportedItem`): what each WordPress id became, and a digest of
its source, so a second run skips what is unchanged without converting it."""

import hashlib
from dataclasses import fields, is_dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

from django.utils import timezone

from ..models import ImportedItem

# Moves when the importer writes differently, so that a re-run rewrites everything once.
IMPORTER_VERSION = "1"
_SKIPPED_FIELDS = {"line", "comments"}


def source_of(site):
    """The exported site as a key: host and path, without scheme or www."""
    url = site.base_site_url or site.base_blog_url or site.link
    parts = urlsplit(url.strip().lower())
    return (parts.netloc.removeprefix("www.") + parts.path.rstrip("/")) or "unknown"


def digest(record, *extra):
    """A short stable digest of a reader record (line numbers and comments left out) and `extra`."""
    values = [(f.name, getattr(record, f.name)) for f in fields(record) if f.name not in _SKIPPED_FIELDS]
    text = repr((IMPORTER_VERSION, values, extra))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def digest_all(records):
    return hashlib.blake2b(
        repr([digest(r) if is_dataclass(r) else r for r in records]).encode(), digest_size=16
    ).hexdigest()


class Entry(NamedTuple):
    pk: int
    object_id: int | None
    digest: str


class Ledger:
    def __init__(self, source):
        self.source = source
        self._cache = {}  # kind → {key: Entry}; tuples, so 50,000 posts stay a few megabytes

    def _kind(self, kind):
        if kind not in self._cache:
            rows = ImportedItem.objects.filter(source=self.source, kind=kind).values_list(
                "key", "pk", "object_id", "digest"
            )
            self._cache[kind] = {key: Entry(*rest) for key, *rest in rows.iterator(chunk_size=5000)}
        return self._cache[kind]

    def get(self, kind, key):
        return self._kind(kind).get(str(key))

    def record(self, kind, key, *, object_id, digest, parent_key="", comments=()):
        """Remember (or update) what `key` became, and the new `comments` of a post, (key, pk,
        digest) each; call inside the item's transaction. A new item and its comments are one
        insert."""
        now, key = timezone.now(), str(key)
        known = self._kind(kind).get(key)
        values = {"object_id": object_id, "digest": digest, "parent_key": parent_key, "updated_at": now}
        rows = self._comment_rows(key, comments, now)
        if known:
            ImportedItem.objects.filter(pk=known.pk).update(**values)
            ImportedItem.objects.bulk_create(rows)
            pk = known.pk
        else:
            row = ImportedItem(source=self.source, kind=kind, key=key, imported_at=now, **values)
            ImportedItem.objects.bulk_create([row, *rows])
            pk = row.pk
        self._kind(kind)[key] = Entry(pk, object_id, digest)

    def record_new(self, kind, items):
        """`record` for many new items at once, from `(key, object_id, digest, comments)`: one
        insert for them and all their comments."""
        now, rows, entries = timezone.now(), [], []
        for key, object_id, value, comments in items:
            key = str(key)
            row = ImportedItem(
                source=self.source, kind=kind, key=key, object_id=object_id, digest=value,
                imported_at=now, updated_at=now,
            )  # fmt: skip
            rows += [row, *self._comment_rows(key, comments, now)]
            entries.append((key, row, object_id, value))
        ImportedItem.objects.bulk_create(rows)
        cache = self._kind(kind)
        for key, row, object_id, value in entries:
            cache[key] = Entry(row.pk, object_id, value)

    def forget(self, kind, key, entry):
        """Put the cache back as it was before a failed item's transaction rolled back."""
        cache = self._kind(kind)
        if entry is None:
            cache.pop(str(key), None)
        else:
            cache[str(key)] = entry

    def comments_of(self, post_key):
        """{comment key: Entry} of one post, in one query (never the whole site's)."""
        rows = ImportedItem.objects.filter(
            source=self.source, kind=ImportedItem.Kind.COMMENT, parent_key=str(post_key)
        ).values_list("key", "pk", "object_id", "digest")
        return {key: Entry(*rest) for key, *rest in rows}

    def _comment_rows(self, post_key, entries, now):
        return [
            ImportedItem(
                source=self.source,
                kind=ImportedItem.Kind.COMMENT,
                key=str(key),
                object_id=object_id,
                digest=value,
                parent_key=str(post_key),
                imported_at=now,
                updated_at=now,
            )
            for key, object_id, value in entries
        ]
