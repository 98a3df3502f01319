"""A WordPress post's content → the article body's HTML (docs: notes/body-markup.md).

    result = convert_content(item.content, resolve_image=index.resolve, resolve_embed=embeds.resolve,
                             site_urls=(site.base_site_url, site.base_blog_url))
    result.html       # sanitised, ready to store
    result.raw_html   # what the converter wrote, before sanitising
    result.problems   # images dropped, embeds kept as links, shortcodes removed …

Classic-editor text is paragraphed like WordPress does (`autop`); block-editor content keeps its
blocks' HTML (`blocks`); shortcodes are expanded (`shortcodes`); every image of the old site's
uploads becomes `<figure data-image>` through `resolve_image(url=…, attachment_id=…)`, galleries
`<figure data-gallery>`, embeds `<figure data-embed>` through `resolve_embed(url)`. Images from
elsewhere, images the resolver does not know, iframes of unknown providers, scripts, comments
(<!--more-->, <!--nextpage-->) are dropped, and all but comments are reported.
"""

import html as html_module
import re
from collections import Counter
from dataclasses import dataclass, field

from articles.sanitize import sanitize_html

from . import blocks, shortcodes
from .autop import PHRASING, PHRASING_BLOCKS, autop, has_content, lift_blocks
from .hints import Hints
from .html import Element, parse, serialize
from .media import (
    OldSite,
    attachment_id_from_classes,
    contract_size,
    embed_provider,
    embed_url_from_iframe,
    logical_align,
)
from .problems import Problem

INLINE = PHRASING - PHRASING_BLOCKS
HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}  # the body has h2–h4
DROPPED_MEDIA = {"video", "audio", "object", "embed", "applet", "canvas"}
EMBED_BLOCKQUOTES = {"twitter-tweet", "instagram-media", "tiktok-embed"}
_BARE_URL_LINE = re.compile(r"(?m)^[ \t]*(https?://[^\s<>\"']+)[ \t]*$")
# Presentation and plugin hooks: WordPress's classes and inline styles mean nothing in the body.
DROPPED_ATTRIBUTES = {"class", "style", "id"}
_WHITESPACE = re.compile(r"\s+")
# The loaders that pasted embed codes bring along: removed without a report, the embed is kept.
EMBED_LOADERS = re.compile(
    r"//(?:platform\.twitter\.com|www\.instagram\.com|www\.tiktok\.com|connect\.facebook\.net)/"
)
_LAZY_SOURCES = ("src", "data-src", "data-lazy-src", "data-orig-file", "data-large-file")


@dataclass
class Conversion:
    html: str
    raw_html: str
    problems: list = field(default_factory=list)


def convert_content(
    content,
    *,
    resolve_image,
    resolve_embed,
    site_urls=(),
    old_hosts=(),
    direction="rtl",
    attached_ids=(),
):
    """Convert one post's `content:encoded`. `site_urls` (base_site_url, base_blog_url) and
    `old_hosts` say which hosts are the old site's; `direction` ("rtl"/"ltr") turns WordPress's
    left/right alignments into start/end; `attached_ids` are the post's attachments, for a
    `[gallery]` without ids."""
    converter = _Converter(resolve_image, resolve_embed, OldSite(site_urls, extra_hosts=old_hosts), direction)
    converter.attached_ids = tuple(attached_ids)
    raw = converter.convert(content or "")
    return Conversion(html=sanitize_body(raw), raw_html=raw, problems=converter.finish())


def sanitize_body(value):
    """The project's body sanitiser: the only place this package cleans HTML."""
    return sanitize_html(value)


def plain_text(value):
    """Text of a title or excerpt: tags removed, entities decoded, spaces collapsed."""
    return " ".join(parse(value or "").text().split())


class _Converter:
    def __init__(self, resolve_image, resolve_embed, site, direction):
        self.resolve_image, self.resolve_embed = resolve_image, resolve_embed
        self.site, self.direction = site, direction
        self.hints = Hints()
        self.attached_ids = ()
        self.problems = []
        self._removed = Counter()

    # --- What the shortcode and block passes call ----------------------------------------------

    def report(self, code, message, ref=""):
        self.problems.append(Problem(code, message, ref=ref))

    def count_removed(self, name):
        self._removed[name] += 1

    def shortcodes(self, text):
        return shortcodes.expand(text, self)

    def classic(self, text):
        """Freeform text inside block content: paragraphed once the tree is built."""
        if not text.strip():
            return ""
        return self.hints.figure("autop", self._bare_urls(self.shortcodes(text)))

    # --- The conversion ---------------------------------------------------------------------------

    def convert(self, content):
        content = content.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        content = content.replace("<!--nextpage-->", "\n\n")  # a page break ends a paragraph
        is_blocks = blocks.has_blocks(content)
        if is_blocks:
            text = blocks.render(blocks.parse(content), self)
        else:
            text = self._bare_urls(self.shortcodes(content))
        root = parse(text)
        self._transform_children(root)
        lift_blocks(root)
        autop(root, breaks=not is_blocks)
        root.children = [c for c in root.children if _visible(c)]
        return "\n".join(serialize(child) for child in root.children)

    def finish(self):
        for name, count in sorted(self._removed.items()):
            times = f" ({count}×)" if count > 1 else ""
            self.report("shortcode-removed", f"Shortcode [{name}] removed{times}, its text kept.", ref=name)
        return self.problems

    def _bare_urls(self, text):
        def replace(match):
            url = html_module.unescape(match.group(1))
            return self.hints.figure("embed", url=url) if embed_provider(url) else match.group(0)

        return _BARE_URL_LINE.sub(replace, text) if "http" in text else text

    # --- The tree pass ---------------------------------------------------------------------------

    def _transform_children(self, node):
        result = []
        for child in node.children:
            if isinstance(child, str):
                result.append(child)
            else:
                result.extend(self._element(child))
        node.children = result

    def _element(self, element):
        tag, kind = element.tag, self.hints.value(element, "kind")
        if kind == "autop":
            element.tag = "div"
            self._transform_children(element)
            lift_blocks(element)
            autop(element)
            return element.children
        if kind == "image":
            return self._captioned_image(element)
        if kind == "gallery":
            return self._gallery(element)
        if kind == "embed":
            return self._embed(self.hints.value(element, "url"), element.find("figcaption"))
        if tag == "img":
            return self._image(element)
        if tag == "figure" and element.find("img"):
            return self._captioned_image(element)
        if tag == "iframe":
            return self._iframe(element)
        if tag in ("script", "style", "noscript", "template"):
            if tag == "script" and not EMBED_LOADERS.search(element.get("src") or ""):
                self.report(
                    "script-removed", "A <script> was removed from the content.", element.get("src") or ""
                )
            return []
        if tag in DROPPED_MEDIA:
            source = element.get("src") or element.get("data") or ""
            self.report("media-dropped", f"A <{tag}> was dropped: the body holds no media files.", source)
            return []
        if tag == "blockquote" and EMBED_BLOCKQUOTES & set(element.classes):
            url = _embedded_post_url(element)
            if url:
                return self._embed(url, None)
        if tag == "figure":  # a table or a quote in a <figure>: the body's figures are media only
            self._transform_children(element)
            return [
                Element("p", children=c.children) if _is_element(c, "figcaption") else c
                for c in element.children
            ]
        element.tag = HEADINGS.get(tag, tag)
        element.attrs = {
            k: v
            for k, v in element.attrs.items()
            if k not in DROPPED_ATTRIBUTES and not k.startswith(("data-", "on"))
        }
        had_content = has_content(element.children)
        self._transform_children(element)
        if had_content and tag in INLINE and not has_content(element.children):
            return []  # a link or span around an image that was dropped
        return [element]

    # --- Images -----------------------------------------------------------------------------------

    def _captioned_image(self, figure):
        image = figure.find("img")
        if image is None:
            return []
        caption = figure.find("figcaption")
        return self._image(
            image,
            caption=caption,
            attachment_id=_int(self.hints.value(figure, "id")),
            size=self.hints.value(figure, "size"),
            align=self.hints.value(figure, "align"),
            outer_classes=figure.classes,
        )

    def _image(self, image, *, caption=None, attachment_id=None, size=None, align=None, outer_classes=()):
        image_id = self._resolve(image, attachment_id, outer_classes)
        if image_id is None:
            return []
        classes = [*image.classes, *outer_classes]
        align = align or next((c for c in classes if c.startswith("align")), "")
        size = size or next((c for c in classes if c.startswith("size-")), "")
        attrs = {
            "data-image": str(image_id),
            "data-size": contract_size(size, align),
            "data-align": logical_align(align, self.direction),
        }
        return [Element("figure", attrs, self._caption(caption))]

    def _resolve(self, image, attachment_id=None, outer_classes=()):
        """The library image id for an <img>, or None (reported)."""
        url = next(
            (v for k in _LAZY_SOURCES if (v := (image.get(k) or "").strip()) and not v.startswith("data:")),
            "",
        )
        attachment_id = (
            attachment_id
            or _int(self.hints.value(image, "id"))
            or attachment_id_from_classes([*image.classes, *outer_classes])
            or _int(image.get("data-id"))
        )
        if not url and not attachment_id:
            self.report("image-unresolved", "An image without a file was dropped.")
            return None
        if not attachment_id and not self.site.is_upload(url):
            self.report("image-external", "An image from another site was dropped.", url)
            return None
        absolute = self.site.absolute(url) if url else None
        image_id = self.resolve_image(url=absolute, attachment_id=attachment_id)
        if image_id is None:
            ref = absolute or f"attachment {attachment_id}"
            self.report("image-unresolved", "An image of the old site not in the library was dropped.", ref)
        return image_id

    def _gallery(self, figure):
        ids = []
        for image in [e for e in figure.iter() if e.tag == "img"]:
            image_id = self._resolve(image)
            if image_id is not None and image_id not in ids:
                ids.append(image_id)
        if not ids:
            self.report("gallery-empty", "A gallery none of whose images is in the library was dropped.")
            return []
        attrs = {"data-gallery": ",".join(map(str, ids))}
        return [Element("figure", attrs, self._caption(figure.find("figcaption")))]

    def _caption(self, caption):
        if caption is None:
            return []
        self._transform_children(caption)
        children = [
            _WHITESPACE.sub(" ", c) if isinstance(c, str) else c for c in _inline_only(caption.children)
        ]
        if children and isinstance(children[0], str):
            children[0] = children[0].lstrip()
        if children and isinstance(children[-1], str):
            children[-1] = children[-1].rstrip()
        return [Element("figcaption", children=children)] if has_content(children) else []

    # --- Embeds -----------------------------------------------------------------------------------

    def _embed(self, url, caption):
        url = (url or "").strip()
        stored = self.resolve_embed(url) if url else None
        if stored:
            return [Element("figure", {"data-embed": stored}, self._caption(caption))]
        self.report("embed-not-allowed", "An embed of a provider not allowed was kept as a link.", url)
        return [Element("p", children=[Element("a", {"href": url}, [url])])] if url else []

    def _iframe(self, iframe):
        src = iframe.get("src") or iframe.get("data-src") or ""
        url = embed_url_from_iframe(src)
        if url:
            return self._embed(url, None)
        self.report("iframe-dropped", "An <iframe> of an unknown provider was dropped.", src)
        return []


def _embedded_post_url(blockquote):
    if blockquote.get("data-instgrm-permalink"):
        return blockquote.get("data-instgrm-permalink")
    if blockquote.get("cite"):
        return blockquote.get("cite")
    links = [
        a.get("href", "") for a in blockquote.iter() if a.tag == "a" and embed_provider(a.get("href", ""))
    ]
    return links[-1] if links else None


def _inline_only(nodes):
    """A caption's content with any block markup unwrapped (a caption holds inline text)."""
    result = []
    for node in nodes:
        if isinstance(node, Element) and node.tag in (
            "p",
            "div",
            "figure",
            "h2",
            "h3",
            "h4",
            "ul",
            "ol",
            "li",
        ):
            result.extend([" ", *_inline_only(node.children), " "])
        else:
            result.append(node)
    return result


def _is_element(node, tag):
    return isinstance(node, Element) and node.tag == tag


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _visible(node):
    if isinstance(node, str):
        return bool(node.strip())
    if node.tag == "p":
        return has_content(node.children)
    return True
