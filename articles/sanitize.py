"""The one place where rich text is cleaned: whatever the browser sends, this is what is stored."""

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
    # The body's media, by id (docs/architecture.md, "Body media markup"); drawn at display time.
    "figure": {"data-image", "data-size", "data-align", "data-credit", "data-gallery", "data-embed"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

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
}


def sanitize_html(html):
    """Return `html` with only the allowlisted tags, attributes and URL schemes left."""
    if not html:
        return html or ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
