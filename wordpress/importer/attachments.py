"""Attachments → library images, read from the copied uploads folder (`--media-dir`) through the
library's own upload path (`images.workflow.upload_image`: content-checked, metadata stripped,
renditions queued). Each is remembered by id and upload path, so posts find their inline images,
galleries and featured image, attachment pages redirect to their post, and the old
/wp-content/uploads/… files to the library image.

A file that is missing, or is not a picture the library accepts, is reported with its URL and
recorded without an image; a later run with the file in place imports it.
"""

from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from images.models import Image
from images.workflow import save_image, upload_image

from ..content import plain_text
from ..media import UploadIndex, upload_key
from ..models import ImportedItem
from .ledger import digest

KIND = ImportedItem.Kind.ATTACHMENT
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
DRY_RUN_IMAGE = 0  # what a dry run indexes instead of an image it did not store


class Attachments:
    def __init__(self, context):
        self.context = context
        self.index = UploadIndex()
        self.media_dir = Path(context.options.media_dir) if context.options.media_dir else None
        self._children = defaultdict(list)  # post id → attachment ids
        self._pages = defaultdict(list)  # post id → attachment page paths

    def attachment(self, item):
        """Bring in one attachment (inside the caller's transaction)."""
        self.remember(item)
        if not self.unchanged(item):
            self.index_stored(item, self.store(item))

    def remember(self, item):
        """What posts will ask of the attachment that needs no database: the post it belongs to
        and its attachment page."""
        if item.parent:
            self._children[item.parent].append(item.id)
            self._pages[item.parent].extend(
                p for p in self.context.old_paths.item_paths(item) if "/wp-content/uploads/" not in p
            )

    def unchanged(self, item):
        """Imported before as it is now (and indexed): nothing to write."""
        known = self.context.ledger.get(KIND, item.id)
        if known and known.digest == digest(item) and (known.object_id or not self.media_dir):
            self.context.report.count("attachments", "unchanged")
            self.index_stored(item, known.object_id)
            return True
        return False

    def store(self, item):
        """Write the attachment's library image, ledger row and old addresses; returns what the
        index is to hold for it (`index_stored`). May run in a worker process: it changes
        nothing this object's posts will ask."""
        context, value = self.context, digest(item)
        known = context.ledger.get(KIND, item.id)
        image = self._image(item, known)
        image_id = image.pk if image is not None else None
        if image is not None or not context.options.dry_run:
            context.ledger.record(KIND, item.id, object_id=image_id, digest=value)
        if image is not None and image.pk:
            paths = context.old_paths.upload_paths(item)
            context.addresses.point(paths, new_path=image.original_url())
        state = "updated" if known else "imported"
        context.report.count("attachments", state if image is not None else "skipped")
        return DRY_RUN_IMAGE if image is not None and image.pk is None else image_id

    def _image(self, item, known):
        """The library image of the attachment: updated, stored anew, or None (reported)."""
        fields = {
            "title_ar": (plain_text(item.title) or Path(item.attached_file).stem)[:255],
            "alt_ar": item.image_alt[:300],
            "caption_ar": plain_text(item.excerpt)[:300],
        }
        existing = Image.objects.filter(pk=known.object_id).first() if known and known.object_id else None
        if existing is not None:
            for name, field_value in fields.items():
                setattr(existing, name, field_value)
            return save_image(existing)
        path = self._file(item)
        if path is None:
            return None
        if self.context.options.dry_run:
            return Image()  # would be stored: nothing written, not even the file
        try:
            with path.open("rb") as handle:
                return upload_image(File(handle, name=path.name), by=None, **fields)
        except ValidationError as error:
            self._problem(
                item, _("ليست صورة تقبلها المكتبة: %(error)s") % {"error": " ".join(error.messages)}
            )
        except OSError as error:
            self._problem(item, _("تعذرت قراءة الملف: %(error)s") % {"error": error})
        return None

    def _file(self, item):
        relative = item.attached_file or upload_key(item.attachment_url) or ""
        if Path(relative).suffix.lower() not in IMAGE_SUFFIXES:
            self._problem(item, _("مرفق ليس صورة: لم يُستورد."))
            return None
        if self.media_dir is None:
            self._problem(item, _("لم يُحدَّد مجلد الوسائط (--media-dir): الصورة لم تُستورد."))
            return None
        path = (self.media_dir / relative).resolve()
        if not path.is_relative_to(self.media_dir.resolve()) or not path.is_file():
            self._problem(item, _("الملف غير موجود في مجلد الوسائط: %(file)s") % {"file": relative})
            return None
        return path

    def _problem(self, item, reason):
        ref = item.attachment_url or item.attached_file or f"attachment {item.id}"
        self.context.report.problem(f"attachment {item.id} ({ref})", reason)

    def index_stored(self, item, image_id):
        if image_id is not None:
            self.index.add_attachment(item, image_id)

    def flush(self):
        """Nothing is held back: each attachment is written in its own transaction."""

    # --- What posts ask -------------------------------------------------------------------------

    def resolve(self, *, url=None, attachment_id=None):
        return self.index.resolve(url=url, attachment_id=attachment_id)

    def children_of(self, post_id):
        return tuple(self._children.get(post_id, ()))

    def lead_image_fields(self, item):
        """The article's lead image: the post's featured image (`_thumbnail_id`)."""
        if not item.thumbnail_id:
            return {"lead_image_id": None}
        image_id = self.resolve(attachment_id=item.thumbnail_id)
        if image_id is None:
            self.context.report.problem(
                f"{item.post_type} {item.id}",
                _("الصورة البارزة (المرفق %(id)s) ليست في المكتبة.") % {"id": item.thumbnail_id},
            )
        return {"lead_image_id": image_id or None}

    def page_paths(self, item):
        """The attachment pages of the post's images, which lead to the post."""
        return self._pages.get(item.id, [])
