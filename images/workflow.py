"""The library's write paths: uploads (admin, chooser, commands, imports), edits and deletions.

A photo's caption, alt text, credit, crop and renditions are drawn into every page and card of the
articles using it, so an edit or a deletion purges those articles' cached pages and fragments.
"""

from functools import partial
from pathlib import PurePath

from django.db import transaction

from newsroom.pagecache import purge
from newsroom.uploads import clean_image

from .models import Image
from .tasks import make_renditions


@transaction.atomic
def upload_image(upload, *, by, title="", **fields):
    """Check and clean `upload` (an uploaded file), store it as a new library image and queue its
    renditions; return the image. Raises ValidationError (Arabic) and stores nothing on bad input."""
    clean = clean_image(upload)
    original_name = PurePath(upload.name).name[:255]
    image = Image(
        file=clean,
        original_filename=original_name,
        uploaded_by=by if by is not None and by.is_authenticated else None,
        **fields,
    )
    if not (title or fields.get("title_ar")):
        title = PurePath(original_name).stem.replace("-", " ").replace("_", " ")[:255]
    if title:
        image.title = title
        if not image.title_ar:
            image.title_ar = title
    image.full_clean(exclude=["file"])
    image.save()
    queue_renditions(image)
    return image


def queue_renditions(image):
    """Renditions are made once the row is committed, by the task worker (or at once, per TASKS)."""
    transaction.on_commit(partial(make_renditions.enqueue, image.pk))


@transaction.atomic
def save_image(image):
    """Save metadata edits (title, alt, credit, focal point…); a replaced file gets new renditions."""
    replaced = image.pk is None or _file_changed(image)
    if replaced:
        image.renditions = {}
        image.file_size = 0
    image.save()
    if replaced:
        queue_renditions(image)
    purge_pages_showing([image.pk])
    return image


@transaction.atomic
def delete_images(images):
    """Delete library images; the articles using them lose those figures and their pages are
    purged. The files go once the deletion is committed (images.signals)."""
    images = list(images)
    purge_pages_showing([image.pk for image in images])
    for image in images:
        image.delete()


def record_renditions(image_id, info):
    """The renditions made (by the task): pages drawn until now show the original instead."""
    Image.objects.filter(pk=image_id).update(renditions=info)
    purge_pages_showing([image_id])


def purge_pages_showing(image_ids):
    """After the commit, purge every cached page and card of the articles showing these images."""
    if article_ids := Image.objects.filter(pk__in=image_ids).article_ids():
        purge(*(f"article:{pk}" for pk in sorted(article_ids)))


def _file_changed(image):
    stored = Image.objects.filter(pk=image.pk).values_list("file", flat=True).first()
    return (stored or "") != (image.file.name or "")
