"""Block-editor (Gutenberg) content: the `<!-- wp:name {attrs} -->…<!-- /wp:name -->` comments
are read into a tree and removed; each block keeps the HTML it saved, except image, gallery and
embed blocks, which become media markers, and blocks with nothing to show (more, spacer, dynamic
blocks such as latest-posts), which go. An unknown block keeps its inner content.
"""

import json
import re

from .hints import caption_markup
from .html import escape_attr, parse_attrs
from .media import attachment_id_from_classes, embed_provider

# A block delimiter is an HTML comment, so it ends at the first "-->" (the editor escapes "--" in
# attributes); each comment is matched on its own, which keeps parsing linear.
_DELIMITER_START = re.compile(r"<!--\s+/?wp:")
_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?:(?P<attrs>\{.*\})\s+)?(?P<void>/)?-->",
    re.S,
)
_FIRST_FIGURE = re.compile(r"<figure\b", re.I)
_IMG = re.compile(r"<img\b([^>]*)>", re.I)
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.I | re.S)
_URL_PARAGRAPH = re.compile(r"^\s*<p[^>]*>\s*(https?://[^\s<>\"']+)\s*</p>\s*$", re.I)
_URL = re.compile(r"https?://[^\s<>\"']+")
MAX_DEPTH = 50  # deeper blocks are read as siblings: rendering recurses
NOTHING_TO_SHOW = {"core/more", "core/nextpage", "core/spacer"}


class Block:
    __slots__ = ("attrs", "name", "parts")

    def __init__(self, name, attrs):
        self.name = name if "/" in name else f"core/{name}"
        self.attrs = attrs
        self.parts = []  # strings of saved HTML and inner Blocks, in order

    @property
    def inner_blocks(self):
        return [p for p in self.parts if isinstance(p, Block)]

    def html(self):
        """The saved HTML of this block alone, inner blocks left out."""
        return "".join(p for p in self.parts if isinstance(p, str))


def has_blocks(content):
    return "<!-- wp:" in content


def parse(content):
    """`content` as a list of strings (freeform, classic-editor text) and `Block`s."""
    root = Block("#root", {})
    stack, pos = [root], 0
    for match in _delimiters(content):
        stack[-1].parts.append(content[pos : match.start()])
        pos = match.end()
        name = match.group("name")
        if match.group("closer"):
            full = name if "/" in name else f"core/{name}"
            if any(block.name == full for block in stack[1:]):
                while stack.pop().name != full:
                    pass
            continue
        try:
            attrs = json.loads(match.group("attrs")) if match.group("attrs") else {}
        except json.JSONDecodeError:
            attrs = {}
        block = Block(name, attrs if isinstance(attrs, dict) else {})
        stack[-1].parts.append(block)
        if not match.group("void") and len(stack) < MAX_DEPTH:
            stack.append(block)
    stack[-1].parts.append(content[pos:])
    return [p for p in root.parts if not (isinstance(p, str) and not p.strip())]


def _delimiters(content):
    pos = 0
    while start := _DELIMITER_START.search(content, pos):
        end = content.find("-->", start.end())
        if end < 0:
            return
        match = _DELIMITER.fullmatch(content, start.start(), end + 3)
        if match:
            yield match
        pos = end + 3


def render(parts, converter):
    """HTML of parsed block content; `converter` supplies hints, report() and the classic and
    shortcode passes for freeform text and HTML/shortcode blocks."""
    return "\n".join(
        converter.classic(part) if isinstance(part, str) else render_block(part, converter) for part in parts
    )


def render_block(block, converter):
    name = block.name
    if name in NOTHING_TO_SHOW:
        return ""
    if name == "core/image":
        return _image(block, converter)
    if name == "core/gallery":
        return _gallery(block, converter)
    if name == "core/embed" or name.startswith("core-embed/"):
        return _embed(block, converter)
    if name in ("core/html", "core/shortcode"):
        text = block.html()
        return converter.classic(text) if name == "core/shortcode" else converter.shortcodes(text)
    if name == "core/block" or not block.parts:
        converter.report("block-dropped", "A block with no saved content was dropped.", ref=_describe(block))
        return ""
    if name in ("core/video", "core/audio"):
        converter.report("media-dropped", "A video or audio block was dropped.", ref=_describe(block))
        return ""
    inner = "".join(p if isinstance(p, str) else render_block(p, converter) for p in block.parts)
    if name == "core/paragraph":
        match = _URL_PARAGRAPH.match(inner)
        if match and embed_provider(match.group(1)):
            return converter.hints.figure("embed", url=match.group(1))
    if name == "core/file":
        converter.report("file-linked", "A file block links to a file of the old site.", ref=_describe(block))
    return converter.shortcodes(inner)


def _describe(block):
    ref = block.attrs.get("ref")
    return f"{block.name} {ref}" if ref else block.name


def _image(block, converter):
    attrs = block.attrs
    values = {
        "id": attrs.get("id") if isinstance(attrs.get("id"), int) else None,
        "size": attrs.get("sizeSlug"),
        "align": attrs.get("align"),
    }
    saved = block.html()
    if not _IMG.search(saved):
        if attrs.get("url"):
            saved = f'<img src="{escape_attr(attrs["url"])}">'
        else:
            converter.report("image-unresolved", "An image block without an image was dropped.")
            return ""
    marker = converter.hints.figure("image", "", **values)
    opening = marker.removesuffix("</figure>")
    if _FIRST_FIGURE.search(saved):
        # The saved <figure> becomes the marker; its own attributes give way to the block's.
        return _FIRST_FIGURE.sub(lambda _: opening[:-1], saved, count=1)
    return opening + saved + "</figure>"


def _gallery(block, converter):
    ids = [i for i in block.attrs.get("ids", []) if isinstance(i, int)]
    images = []
    for inner in block.inner_blocks:  # WordPress 5.9+: a gallery holds image blocks
        if inner.name == "core/image":
            match = _IMG.search(inner.html())
            attrs = parse_attrs(match.group(1)) if match else {}
            attachment = inner.attrs.get("id")
            images.append((attrs.get("src"), attachment if isinstance(attachment, int) else None))
    if not images:  # older galleries: the images are in the gallery's own HTML
        for index, match in enumerate(_IMG.finditer(block.html())):
            attrs = parse_attrs(match.group(1))
            attachment = attachment_id_from_classes(attrs.get("class", "").split())
            if attachment is None and attrs.get("data-id", "").isdigit():
                attachment = int(attrs["data-id"])
            if attachment is None and index < len(ids):
                attachment = ids[index]
            images.append((attrs.get("src"), attachment))
    if not images:
        images = [(None, i) for i in ids]
    if not images:
        converter.report("gallery-empty", "A gallery block without images was dropped.")
        return ""
    captions = _FIGCAPTION.findall(block.html())
    markup = "".join(converter.hints.image(url=url, attachment_id=i) for url, i in images)
    return converter.hints.figure("gallery", markup + caption_markup(captions[-1] if captions else ""))


def _embed(block, converter):
    saved = block.html()
    url = block.attrs.get("url") or next(iter(_URL.findall(saved)), "")
    if not url:
        converter.report("block-dropped", "An embed block without a URL was dropped.", ref=block.name)
        return ""
    captions = _FIGCAPTION.findall(saved)
    return converter.hints.figure("embed", caption_markup(captions[0] if captions else ""), url=url)
