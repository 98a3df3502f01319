"""Attachments: remembered by id and upload path, so posts can find their images, featured image
and gallery members, and so attachment pages redirect to the post they belong to.

The media library (`images` app) is not part of this branch yet: attachments are recorded in the
ledger without an object, `resolve()` finds no library image, and the content converter drops
their <img> with a report naming each URL.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from ..media import UploadIndex
from ..models import ImportedItem
from .ledger import digest

KIND = ImportedItem.Kind.ATTACHMENT


class Attachments:
    def __init__(self, context):
        self.context = context
        self.index = UploadIndex()
        self._children = defaultdict(list)  # post id → attachment ids
        self._pages = defaultdict(list)  # post id → attachment page paths
        self._queue = []  # (id, None, digest): attachments without a library image, recorded in bulk

    def attachment(self, item):
        context, value = self.context, digest(item)
        if item.parent:
            self._children[item.parent].append(item.id)
            self._pages[item.parent].extend(
                p for p in context.old_paths.item_paths(item) if "/wp-content/uploads/" not in p
            )
        known = context.ledger.get(KIND, item.id)
        if known and known.digest == value:
            context.report.count("attachments", "unchanged")
            self._index(item, known.object_id)
            return
        image_id = self._store(item)
        self._queue.append((item.id, image_id, value))
        if len(self._queue) >= 500:
            self.flush()
        context.report.count("attachments", "updated" if known else "imported")
        self._index(item, image_id)

    def flush(self):
        if self._queue:
            self.context.ledger.record_many(KIND, self._queue)
            self._queue = []

    def _store(self, item):
        """The library image the attachment became; None while there is no library."""
        if not getattr(self, "_reported", False):
            self._reported = True
            self.context.report.problem(
                "", _("لا توجد مكتبة صور بعد: سُجلت المرفقات دون صور، والصور في النصوص حُذفت مع بيان روابطها.")
            )
        return None

    def _index(self, item, image_id):
        if image_id is not None:
            self.index.add_attachment(item, image_id)

    # --- What posts ask -------------------------------------------------------------------------

    def resolve(self, *, url=None, attachment_id=None):
        return self.index.resolve(url=url, attachment_id=attachment_id)

    def children_of(self, post_id):
        return tuple(self._children.get(post_id, ()))

    def lead_image_fields(self, item):
        """The article fields of the post's featured image (`_thumbnail_id`)."""
        if item.thumbnail_id and self.resolve(attachment_id=item.thumbnail_id) is None:
            self.context.report.problem(
                f"{item.post_type} {item.id}",
                _("الصورة البارزة (المرفق %(id)s) ليست في المكتبة.") % {"id": item.thumbnail_id},
            )
        return {}

    def point_pages(self, item, article):
        """Attachment pages of the post's images lead to the post."""
        paths = self._pages.pop(item.id, None)
        if paths:
            self.context.addresses.point(paths, article)
