"""The one place where rich text is cleaned: whatever the browser sends, this is what is stored."""

import re

import nh3
from django.urls import reverse_lazy

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "figure",
    "figcaption",
    "hr",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "*": {"dir", "lang"},
    "a": {"href", "title"},
    "ol": {"start", "type", "data-type"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Body media refer to the library (and the embeds app) by id; the picture is made at display time
# (images/html.py), so no <img>, <iframe> or foreign src is ever stored.
FIGURE_ATTRIBUTES = {
    "data-image": re.compile(r"\d{1,12}"),
    "data-gallery": re.compile(r"\d{1,12}(,\d{1,12}){0,99}"),
    "data-embed": re.compile(r"\d{1,12}"),
    "data-size": re.compile(r"small|medium|wide|full"),
    "data-align": re.compile(r"start|center|end"),
    "data-credit": re.compile(r"[^<>]{1,150}"),
}
ALLOWED_ATTRIBUTES["figure"] = set(FIGURE_ATTRIBUTES)
# Dropped with everything inside them, not just their tags.
DROPPED_WITH_CONTENT = {
    *("script", "style", "iframe", "object", "embed", "video", "audio", "picture", "svg", "math"),
}
FOREIGN_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)

# What the admin's rich-text editor (django-prose-editor) offers. Everything it can produce is in
# the allowlist above (tests/articles/test_sanitize.py holds the two together), so cleaning never
# takes away formatting a journalist applied; the allowlist may keep a little more (dir, lang,
# pasted <b>/<i>), never less.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HTML": True,
    # Media nodes of our own (articles/static/articles/admin/media_nodes.js, registered in
    # DJANGO_PROSE_EDITOR_EXTENSIONS with the figure attributes above as their allowlist).
    "NewsImage": {
        "imageChooserUrl": reverse_lazy("admin:images_image_chooser"),
        "imageUploadUrl": reverse_lazy("admin:images_image_chooser_upload"),
    },
    "NewsGallery": {
        "imageChooserUrl": reverse_lazy("admin:images_image_chooser"),
        "imageUploadUrl": reverse_lazy("admin:images_image_chooser_upload"),
    },
    "NewsEmbed": {"embedChooserUrl": reverse_lazy("admin:embeds_embed_chooser")},
    "PasteCleanup": True,  # articles/static/articles/admin/paste.js
}


def _figure_attribute(tag, attribute, value):
    if tag == "figure" and attribute in FIGURE_ATTRIBUTES:
        value = value.strip()
        return value if FIGURE_ATTRIBUTES[attribute].fullmatch(value) else None
    return value


def sanitize_html(html):
    """Return `html` with only the allowlisted tags, attributes and URL schemes left."""
    if not html:
        return html or ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_figure_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def foreign_images(html):
    """The addresses of the pictures `sanitize_html` will drop from `html` (pasted from another
    site, or embedded as data): the admin names them, so nobody wonders where a photo went."""
    return [src[:80] for src in FOREIGN_IMAGE.findall(html or "")]
