"""Body figures, from the stored markup to what readers get.

Stored (sanitised by articles/sanitize.py), referring to the library by id:
    <figure data-image="42" data-size="medium" data-align="center"><figcaption>…</figcaption></figure>
    <figure data-gallery="4,7,9"><figcaption>…</figcaption></figure>
    <figure data-embed="17"></figure>
Displayed as <figure><picture>… with srcset, sizes, width and height, the first figure eager and
the others lazy, caption and credit. All images of a body come in one query, however many there
are. Embeds belong to another app: the callable named by settings.BODY_EMBED_RENDERER gets every
embed id of the body at once and returns {id: html}; without it, embed figures are left out.
"""

import re

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import renditions
from .models import Image

FIGURE = re.compile(r"<figure\b([^>]*)>(.*?)</figure>", re.S)
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
SIZES = {
    "small": "(min-width: 50em) 18rem, 50vw",
    "medium": "(min-width: 50em) 30rem, 100vw",
    "wide": "(min-width: 50em) 46rem, 100vw",
    "full": "100vw",
}
DEFAULT_SIZE = "wide"
ALIGNS = {"start", "center", "end"}
GALLERY_SIZES = "(min-width: 50em) 15rem, 50vw"


def ids(value):
    """The ids of `data-image="4"` or `data-gallery="4,7,9"`, in order; junk is ignored."""
    return [int(part) for part in value.split(",") if part.strip().isdigit()]


def figures(html):
    """[(match, attributes)] of every figure in `html`."""
    return [(match, dict(ATTRIBUTE.findall(match.group(1)))) for match in FIGURE.finditer(html or "")]


def image_ids(html):
    """Every library image id the body refers to (images and galleries), in order, once each."""
    found = []
    for _match, attributes in figures(html):
        for key in ("data-image", "data-gallery"):
            found += [pk for pk in ids(attributes.get(key, "")) if pk not in found]
    return found


def render_body(html, *, eager_first=True):
    """(the body as readers get it, the library images it shows in order). The first figure loads
    at once (`eager_first`: nothing above it, such as a lead photo, is in view first); the others
    when the reader scrolls to them."""
    found = figures(html)
    if not found:
        return mark_safe(html or ""), []
    wanted = image_ids(html)
    library = Image.objects.in_bulk(wanted) if wanted else {}
    embeds = _render_embeds([pk for _m, a in found for pk in ids(a.get("data-embed", ""))])
    output, position, shown = [], 0, []
    for match, attributes in found:
        output.append(html[position : match.start()])
        position = match.end()
        loading = "eager" if eager_first and not shown else "lazy"
        output.append(_figure(attributes, match.group(2), library, embeds, shown, loading))
    output.append(html[position:])
    return mark_safe("".join(output)), shown


def _render_embeds(embed_ids):
    if not embed_ids or not settings.BODY_EMBED_RENDERER:
        return {}
    return import_string(settings.BODY_EMBED_RENDERER)(embed_ids)


def _figure(attributes, inner, library, embeds, shown, loading):
    caption_match = CAPTION.search(inner)
    caption = mark_safe(caption_match.group(1).strip()) if caption_match else ""
    if "data-image" in attributes:
        image = next((library[pk] for pk in ids(attributes["data-image"]) if pk in library), None)
        if image is None:
            return ""
        shown.append(image)
        return _image_figure(image, attributes, caption, loading)
    if "data-gallery" in attributes:
        images = [library[pk] for pk in ids(attributes["data-gallery"]) if pk in library]
        if not images:
            return ""
        shown.extend(image for image in images if image not in shown)
        return _gallery_figure(images, caption, loading)
    if "data-embed" in attributes:
        return "".join(embeds.get(pk, "") for pk in ids(attributes["data-embed"]))
    return ""


def _image_figure(image, attributes, caption, loading):
    size = attributes.get("data-size") if attributes.get("data-size") in SIZES else DEFAULT_SIZE
    align = attributes.get("data-align") if attributes.get("data-align") in ALIGNS else "center"
    credit = attributes.get("data-credit") or image.credit
    picture = picture_html(renditions.picture(image, sizes=SIZES[size], loading=loading))
    return format_html(
        '<figure class="figure figure--{} figure--{}">{}{}</figure>',
        size,
        align,
        picture,
        _caption(caption or image.caption, credit),
    )


def _gallery_figure(images, caption, loading):
    items = format_html_join(
        "",
        "<li>{}{}</li>",
        (
            (
                picture_html(renditions.picture(image, sizes=GALLERY_SIZES, loading=loading)),
                format_html('<small class="credit"><bdi>{}</bdi></small>', image.credit)
                if image.credit
                else "",
            )
            for image in images
        ),
    )
    label = _("معرض صور (%(count)s)") % {"count": len(images)}
    return format_html(
        '<figure class="gallery" role="group" aria-label="{}"><ul class="gallery__items">{}</ul>{}</figure>',
        label,
        items,
        _caption(caption, ""),
    )


def _caption(caption, credit):
    if not caption and not credit:
        return ""
    credit_html = (
        format_html(' <small class="credit">{} <bdi>{}</bdi></small>', _("تصوير:"), credit) if credit else ""
    )
    return format_html('<figcaption><span dir="auto">{}</span>{}</figcaption>', caption, credit_html)


def picture_html(data, css_class=""):
    """<picture> with a <source> per modern format and the JPEG <img>; "" without an image."""
    if not data:
        return ""
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((source["type"], source["srcset"], data["sizes"]) for source in data["sources"]),
    )
    srcset = format_html(' srcset="{}" sizes="{}"', data["srcset"], data["sizes"]) if data["srcset"] else ""
    dimensions = (
        format_html(' width="{}" height="{}"', data["width"], data["height"]) if data["width"] else ""
    )
    return format_html(
        '<picture{}>{}<img src="{}"{}{} alt="{}" loading="{}" decoding="async"></picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        sources,
        data["src"],
        srcset,
        dimensions,
        data["alt"],
        data["loading"],
    )
