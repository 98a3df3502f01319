"""Every article's lead image moves into the media library: the file (under a random name), its
caption, alt text and credit, and its renditions (copied to the library's names). Nothing is lost;
the old file and renditions, at guessable addresses, are deleted once the move is committed.

Backwards, each article gets a copy of its library image's file and texts in the old fields.
"""

import hashlib
import secrets
from pathlib import PurePosixPath

import django.db.models.deletion
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models, transaction

LANGUAGES = ("ar", "fr", "en")
# Copied from the code of this release (articles/renditions.py, images/renditions.py): a
# migration never imports live code.
OLD_FORMATS = (("webp", "webp"), ("jpg", "jpeg"))
WIDTHS = (360, 720, 1080, 1440)


def old_rendition_name(source_name, width, extension):
    stem = PurePosixPath(source_name).stem[:60]
    digest = hashlib.sha1(source_name.encode()).hexdigest()[:12]
    return f"renditions/{digest}/{stem}-{width}.{extension}"


def new_original_name(filename):
    token = secrets.token_urlsafe(18).replace("-", "x").replace("_", "y")
    extension = PurePosixPath(filename).suffix.lower() or ".jpg"
    return f"originals/{token[:2]}/{token}{extension}"


def image_size(name):
    from PIL import Image as PillowImage

    try:
        with default_storage.open(name) as handle, PillowImage.open(handle) as picture:
            width, height = picture.size
            if picture.getexif().get(0x0112, 1) in {5, 6, 7, 8}:
                width, height = height, width
            return width, height
    except Exception:  # an unreadable file still moves; it just has no size
        return 0, 0


def copy_renditions(old_name, new_name, width, height):
    """Copy the renditions the old name had to the library's names; {} when any is missing."""
    if not width:
        return {}
    token = PurePosixPath(new_name).stem
    info = {"width": width, "height": height, "webp": [], "jpeg": []}
    for w in sorted({min(w, width) for w in WIDTHS}):
        for extension, key in OLD_FORMATS:
            old = old_rendition_name(old_name, w, extension)
            if not default_storage.exists(old):
                return {}
            with default_storage.open(old) as handle:
                saved = default_storage.save(f"renditions/{token}/{w}.{extension}", ContentFile(handle.read()))
            info[key].append({"url": default_storage.url(saved), "width": w})
    return info


def move_lead_images_into_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("images", "Image")
    leftovers = []
    for article in Article.objects.exclude(lead_image_file="").exclude(lead_image_file__isnull=True).iterator():
        old_name = article.lead_image_file.name
        if not default_storage.exists(old_name):
            continue  # a file already gone: nothing to move, the article keeps no broken reference
        with default_storage.open(old_name) as handle:
            new_name = default_storage.save(new_original_name(old_name), ContentFile(handle.read()))
        width, height = image_size(new_name)
        texts = {}
        for language in LANGUAGES:
            texts[f"alt_{language}"] = getattr(article, f"image_alt_{language}") or ""
            texts[f"caption_{language}"] = getattr(article, f"image_caption_{language}") or ""
        image = Image.objects.create(
            file=new_name,
            original_filename=PurePosixPath(old_name).name,
            title=article.headline_ar[:255],
            title_ar=article.headline_ar[:255],
            alt=texts["alt_ar"],
            caption=texts["caption_ar"],
            credit=article.image_credit,
            width=width,
            height=height,
            file_size=default_storage.size(new_name),
            renditions=copy_renditions(old_name, new_name, width, height),
            **texts,
        )
        Article.objects.filter(pk=article.pk).update(lead_image=image)
        article.images.add(image)
        leftovers.append(old_name)
        widths = {min(w, width) for w in WIDTHS} | set(WIDTHS)
        leftovers += [old_rendition_name(old_name, w, ext) for w in widths for ext, _key in OLD_FORMATS]
    transaction.on_commit(lambda: delete_files(leftovers), using=schema_editor.connection.alias)


def delete_files(names):
    for name in names:
        if default_storage.exists(name):
            default_storage.delete(name)


def copy_lead_images_back(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(lead_image__isnull=False).select_related("lead_image"):
        image = article.lead_image
        if not image.file or not default_storage.exists(image.file.name):
            continue
        month = (article.created_at or image.uploaded_at).strftime("%Y/%m")
        filename = image.original_filename or PurePosixPath(image.file.name).name
        with default_storage.open(image.file.name) as handle:
            old_name = default_storage.save(f"articles/{month}/{filename}", ContentFile(handle.read()))
        fields = {"lead_image_file": old_name, "image_credit": image.credit}
        for language in LANGUAGES:
            fields[f"image_alt_{language}"] = getattr(image, f"alt_{language}") or ""
            fields[f"image_caption_{language}"] = getattr(image, f"caption_{language}") or ""
        fields["image_alt"] = fields["image_alt_ar"]
        fields["image_caption"] = fields["image_caption_ar"]
        Article.objects.filter(pk=article.pk).update(**fields)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_images"),
        ("images", "0002_image_roles"),
    ]

    operations = [
        migrations.RenameField("article", "lead_image", "lead_image_file"),
        migrations.AddField(
            model_name="article",
            name="lead_image",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="lead_articles",
                to="images.image",
                verbose_name="الصورة الرئيسية",
            ),
        ),
        migrations.RunPython(move_lead_images_into_library, copy_lead_images_back),
    ]
