"""Paragraphs the way WordPress makes them from classic-editor text, on the `html` tree.

WordPress stores classic posts without <p>: a blank line separates paragraphs, a single newline is a
line break (its `wpautop`). The rules kept here:
- a blank line (or two <br> in a row) ends a paragraph; a single newline becomes <br>;
- block elements (lists, tables, headings, blockquotes, figures …) are never wrapped in <p>, and
  end the paragraph before them;
- text directly in a blockquote or div is paragraphed like top-level text; text in a list item or
  table cell only when it holds a blank line (otherwise it stays inline, with <br> for newlines);
- <pre>, <script>, <style> and the like are left exactly as written.
`lift_blocks` then moves any block that sits inside a paragraph or inline element (an image in the
middle of a sentence) out of it, splitting the paragraph around it.
"""

import re

from .html import Element

BLOCKS = {
    "address", "article", "aside", "blockquote", "caption", "col", "colgroup", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "math", "style", "script",
}  # fmt: skip
FLOW = {"#root", "blockquote", "div", "section", "article", "aside", "header", "footer", "nav", "main",
        "details", "form", "fieldset"}  # fmt: skip
LOOSE = {"li", "dd", "td", "th"}
PHRASING_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "figcaption", "summary",
                   "legend", "address"}  # fmt: skip
UNTOUCHED = {"pre", "script", "style", "textarea", "svg", "math", "iframe", "object", "video", "audio",
             "select", "xmp"}  # fmt: skip
# Elements a block must not stay inside: paragraphs, headings and inline markup.
PHRASING = PHRASING_BLOCKS - {"address", "figcaption", "caption"} | {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "em", "font", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "u", "var",
}  # fmt: skip

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")


def is_block(node):
    return isinstance(node, Element) and node.tag in BLOCKS


def autop(node, *, breaks=True):
    """Paragraph `node`'s content in place. With `breaks=False` (block-editor content, which has
    its paragraphs already) only stray top-level text is wrapped, nothing split or broken."""
    if node.tag in UNTOUCHED:
        return
    if node.tag in FLOW or node.tag in LOOSE:
        node.children = _paragraphs(node, breaks)
    elif node.tag in PHRASING_BLOCKS:
        if breaks:
            node.children = _with_breaks(node.children)
    else:
        node.children = [c for c in node.children if not _is_blank(c)]
        for child in node.children:
            if isinstance(child, Element):
                autop(child, breaks=breaks)


def _paragraphs(container, breaks):
    result, run = [], []
    for child in [*container.children, None]:
        if child is None or is_block(child):
            result.extend(_wrap_run(container, run, breaks))
            run = []
            if child is not None:
                if breaks and child.tag == "p":
                    result.extend(_split_paragraph(child))
                else:
                    autop(child, breaks=breaks)
                    result.append(child)
        else:
            run.append(child)
    return result


def _wrap_run(container, run, breaks):
    if all(_is_blank(node) for node in run):
        return []
    if not breaks:
        return [Element("p", children=_trim_breaks(run))] if container.tag in FLOW else run
    chunks = _split_at_blank_lines(run)
    if container.tag in LOOSE and len(chunks) == 1:
        return _with_breaks(chunks[0])
    return [Element("p", children=_with_breaks(chunk)) for chunk in chunks]


def _split_paragraph(paragraph):
    """A <p> typed with a blank line inside is two paragraphs."""
    chunks = _split_at_blank_lines(paragraph.children)
    return [paragraph.copy_shallow(_with_breaks(chunk)) for chunk in chunks] or []


def _split_at_blank_lines(nodes):
    chunks, current = [], []
    previous_br = None
    for node in nodes:
        if isinstance(node, Element) and node.tag == "br":
            if previous_br is not None:  # <br><br>: a paragraph break
                current.remove(previous_br)
                chunks.append(current)
                current, previous_br = [], None
                continue
            previous_br = node
            current.append(node)
            continue
        if isinstance(node, str):
            if previous_br is not None and not node.strip():
                current.append(node)
                continue
            pieces = _BLANK_LINE.split(node)
            for index, piece in enumerate(pieces):
                if index:
                    chunks.append(current)
                    current = []
                if piece:
                    current.append(piece)
        else:
            current.append(node)
        previous_br = None
    chunks.append(current)
    return [chunk for chunk in chunks if not all(_is_blank(n) for n in chunk)]


def _with_breaks(nodes):
    """`nodes` trimmed, with each remaining newline turned into <br> (also inside inline markup)."""
    nodes = list(nodes)
    while nodes and _is_blank(nodes[0]):
        nodes.pop(0)
    while nodes and _is_blank(nodes[-1]):
        nodes.pop()
    if nodes and isinstance(nodes[0], str):
        nodes[0] = nodes[0].lstrip()
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] = nodes[-1].rstrip()
    return _breaks(nodes)


def _breaks(nodes):
    result = []
    for node in nodes:
        if isinstance(node, Element):
            if is_block(node):
                autop(node)
            elif node.tag not in UNTOUCHED:
                node.children = _breaks(node.children)
            result.append(node)
            continue
        for index, line in enumerate(_NEWLINE.split(node)):
            last = result[-1] if result else None
            if index and not (isinstance(last, Element) and last.tag == "br"):
                result.append(Element("br"))
            if line:
                result.append(line)
    return result


def _is_blank(node):
    return isinstance(node, str) and not node.strip()


def has_content(nodes):
    """Whether `nodes` hold anything a reader would see (text other than spaces, or an element
    other than <br>)."""
    for node in nodes:
        if isinstance(node, str):
            if node.strip():
                return True
        elif node.tag != "br":
            return True
    return False


def lift_blocks(node):
    """Move blocks out of paragraphs, headings and inline elements, splitting those around them:
    `<p>a<figure/>b</p>` → `<p>a</p><figure/><p>b</p>`."""
    result = []
    for child in node.children:
        if isinstance(child, Element):
            lift_blocks(child)
            if child.tag in PHRASING and any(is_block(c) for c in child.children):
                result.extend(_split_around_blocks(child))
                continue
        result.append(child)
    node.children = result


def _split_around_blocks(element):
    parts, current = [], []
    for child in [*element.children, None]:
        if child is None or is_block(child):
            if has_content(current):
                parts.append(element.copy_shallow(_trim_breaks(current)))
            current = []
            if child is not None:
                parts.append(child)
        else:
            current.append(child)
    return parts


def _trim_breaks(nodes):
    nodes = list(nodes)
    while nodes and (_is_blank(nodes[0]) or (isinstance(nodes[0], Element) and nodes[0].tag == "br")):
        nodes.pop(0)
    while nodes and (_is_blank(nodes[-1]) or (isinstance(nodes[-1], Element) and nodes[-1].tag == "br")):
        nodes.pop()
    return nodes
