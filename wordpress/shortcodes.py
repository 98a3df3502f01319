"""WordPress shortcodes: `[caption]`, `[gallery]`, `[embed]` and the embed shortcodes of Jetpack
become media markers; any other shortcode goes, and the text it wrapped stays.

Grammar as WordPress reads it: `[name attrs]`, `[name attrs /]`, `[name attrs]content[/name]`, and
`[[name]]` for a literal `[name]`. A bare `[word]` with no attributes and no closing tag is left as
text: Arabic and French news copy uses brackets for «[فيديو]» or «[sic]», and WordPress itself only
treats registered names as shortcodes. Names are ASCII, so a bracketed Arabic word is never one.
"""

import re

from .hints import caption_markup
from .media import embed_provider

_SHORTCODE_RE = re.compile(r"\[(\[?)(/?)([A-Za-z][\w-]*)(?![\w-])((?:[^\[\]/]|/(?!\]))*)(/?)\](\]?)")
_ATTR_RE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
_IMAGE_PART = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)", re.I)
_FANCY_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2033": '"', "\u2018": "'", "\u2019": "'",
                               "\u00a0": " ", "\u200b": " "})  # fmt: skip
EMBED_SHORTCODES = {"youtube", "tweet", "twitter", "instagram", "facebook", "soundcloud", "tiktok"}
MEDIA_SHORTCODES = {"video", "audio", "playlist", "wp_video", "wp_audio", "wpvideo"}
# Plugin shortcodes that are often written bare, without attributes or content.
BARE_PLUGIN_SHORTCODES = {
    "toc", "ad", "ads", "adsense", "related", "related_posts", "share", "social", "newsletter", "divider",
    "clear", "clearfix", "gap", "spacer", "br", "pagebreak",
}  # fmt: skip


class Shortcode:
    __slots__ = ("attrs", "enclosing", "name", "parts", "positional", "raw")

    def __init__(self, name, attr_text, raw):
        self.name, self.raw = name.lower(), raw
        self.attrs, self.positional = parse_attrs(attr_text)
        self.parts, self.enclosing = [], False

    def content(self, render):
        return "".join(part if isinstance(part, str) else render(part) for part in self.parts)


def parse_attrs(text):
    """`id="attachment_5" align=alignright "positional"` → ({"id": …, "align": …}, ["positional"])."""
    text = (text or "").translate(_FANCY_QUOTES).strip()
    if text.startswith("="):  # [youtube=https://…]
        return {}, [text[1:].strip()]
    attrs, positional = {}, []
    for match in _ATTR_RE.finditer(text):
        groups = match.groups()
        for index in (0, 2, 4):
            if groups[index] is not None:
                attrs[groups[index].lower()] = groups[index + 1]
                break
        else:
            positional.append(next(g for g in groups[6:] if g is not None))
    return attrs, positional


def parse(text):
    """`text` as a list of strings and `Shortcode`s (enclosing ones hold their `parts`)."""
    matches = list(_SHORTCODE_RE.finditer(text))
    last_closer = {}
    for match in matches:
        if match.group(2):
            last_closer[match.group(3).lower()] = match.start()
    root = Shortcode("", "", "")
    stack, pos = [root], 0
    for match in matches:
        stack[-1].parts.append(text[pos : match.start()])
        pos = match.end()
        escaped, closing, name = match.group(1), match.group(2), match.group(3).lower()
        if escaped and match.group(6):
            stack[-1].parts.append(match.group(0)[1:-1])
            continue
        if escaped:
            stack[-1].parts.append("[")
        if closing:
            _close(stack, name, match.group(0))
            continue
        shortcode = Shortcode(name, match.group(4), match.group(0))
        stack[-1].parts.append(shortcode)
        if not match.group(5) and last_closer.get(name, -1) > match.start():
            shortcode.enclosing = True
            stack.append(shortcode)
        if match.group(6):
            stack[-1].parts.append("]")
    stack[-1].parts.append(text[pos:])
    while len(stack) > 1:
        _unwind(stack)
    return root.parts


def _close(stack, name, raw):
    if not any(s.name == name for s in stack[1:]):
        stack[-1].parts.append(Shortcode(name, "", raw))  # an orphan [/name]: removed when rendered
        return
    while stack[-1].name != name:
        _unwind(stack)
    stack.pop()


def _unwind(stack):
    """An opening tag whose closing tag never came: it was self-closing, its "content" is text."""
    shortcode = stack.pop()
    shortcode.enclosing = False
    stack[-1].parts.extend(shortcode.parts)
    shortcode.parts = []


def expand(text, converter):
    """`text` with every shortcode rendered through `converter` (hints, report, attached_ids)."""
    if "[" not in text:
        return text

    def render(shortcode):
        content = shortcode.content(render) if shortcode.enclosing else ""
        if shortcode.raw.startswith("[/"):
            converter.count_removed(shortcode.name)
            return ""
        handler = HANDLERS.get(shortcode.name)
        if handler:
            return handler(shortcode, content, converter)
        if shortcode.name in EMBED_SHORTCODES:
            return _embed_from_attrs(shortcode, converter)
        if shortcode.name in MEDIA_SHORTCODES:
            return _media(shortcode, converter)
        if (
            shortcode.enclosing
            or shortcode.attrs
            or shortcode.positional
            or shortcode.name in BARE_PLUGIN_SHORTCODES
        ):
            converter.count_removed(shortcode.name)
            return content
        return shortcode.raw

    return "".join(part if isinstance(part, str) else render(part) for part in parse(text))


def _caption(shortcode, content, converter):
    match = _IMAGE_PART.match(content)
    if not match:
        converter.count_removed(shortcode.name)
        return content
    caption = shortcode.attrs.get("caption") or content[match.end() :]
    attachment = shortcode.attrs.get("id", "").removeprefix("attachment_")
    return converter.hints.figure(
        "image",
        match.group(1) + caption_markup(" ".join(caption.split())),
        id=attachment if attachment.isdigit() else None,
        align=shortcode.attrs.get("align"),
    )


def _gallery(shortcode, content, converter):
    ids_text = shortcode.attrs.get("ids") or shortcode.attrs.get("include") or ""
    ids = [int(i) for i in re.findall(r"\d+", ids_text)] or list(converter.attached_ids)
    if not ids:
        converter.report(
            "gallery-empty", "A [gallery] without ids and no attachments of the post was dropped."
        )
        return ""
    images = "".join(converter.hints.image(attachment_id=i) for i in ids)
    return converter.hints.figure("gallery", images)


def _embed(shortcode, content, converter):
    url = content.strip() or shortcode.attrs.get("url", "")
    if not url:
        return ""
    return converter.hints.figure("embed", url=url)


def _embed_from_attrs(shortcode, converter):
    url = shortcode.attrs.get("url") or next(iter(shortcode.positional), "")
    if shortcode.name == "youtube" and url and "://" not in url:
        url = f"https://www.youtube.com/watch?v={url}"
    if not url:
        converter.count_removed(shortcode.name)
        return ""
    return converter.hints.figure("embed", url=url)


def _media(shortcode, converter):
    sources = [
        v
        for k, v in shortcode.attrs.items()
        if k in ("src", "mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav")
    ]
    source = next(iter(sources), "")
    if source and embed_provider(source):
        return converter.hints.figure("embed", url=source)
    converter.report(
        "media-dropped", f"A [{shortcode.name}] was dropped: the body holds no audio or video files.", source
    )
    return ""


HANDLERS = {"caption": _caption, "wp_caption": _caption, "gallery": _gallery, "embed": _embed}
