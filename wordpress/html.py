"""A small, forgiving HTML tree for rewriting post content: parse, walk, serialise.

Post content is a fragment written by editors and plugins over many years, so the parser never
fails and never reorders: tags nest as written, an end tag without a start is ignored, an element
left open is closed at the end. It does not apply HTML5's implied-end rules beyond the few that
editors rely on (a new <p> or <li> closes the previous one); moving blocks out of paragraphs is
`autop.lift_blocks`' job. Comments, doctypes and processing instructions are dropped.
"""

import html
import re

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
RAW_TEXT = {"script", "style", "textarea", "xmp"}
# An opening tag of the key closes an open element of the value's first set, up to the second set.
IMPLIED_END = {
    "p": ({"p"}, {"div", "blockquote", "li", "td", "th", "figure", "section", "article", "aside"}),
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
}

# No part of a tag may contain "<": a broken tag then fails at the next one, so parsing stays
# linear whatever the input (an unclosed quote or bracket cannot make every later "<" rescan).
_TOKEN_RE = re.compile(
    r"""<!--.*?(?:-->|\Z)
      | <!\[CDATA\[.*?(?:\]\]>|\Z)
      | <[!?][^>]*(?:>|\Z)
      | </(?P<end>[A-Za-z][\w:-]*)\s*>
      | <(?P<start>[A-Za-z][\w:-]*)
         (?P<attrs>(?:\s+[^\s/<>"'=]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s"'<>]+))?|\s*/(?!>))*)
         \s*(?P<close>/?)>""",
    re.S | re.X,
)
# Deeper markup is flattened: no editor nests this deep, and the tree passes recurse.
MAX_DEPTH = 100
_ATTR_RE = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


class Element:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag, attrs=None, children=None):
        self.tag = tag
        self.attrs = attrs if attrs is not None else {}
        self.children = children if children is not None else []

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def iter(self):
        """This element and every element under it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find(self, tag):
        return next((e for e in self.iter() if e.tag == tag and e is not self), None)

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def copy_shallow(self, children=None):
        return Element(self.tag, dict(self.attrs), children if children is not None else [])

    def __repr__(self):
        return f"<Element {self.tag} {self.attrs}>"


def parse_attrs(text):
    """`class="a" src='b' hidden` → {"class": "a", "src": "b", "hidden": ""}; the first of a
    repeated attribute wins, as in browsers."""
    attrs = {}
    for match in _ATTR_RE.finditer(text or ""):
        name = match.group(1).lower()
        value = next((v for v in match.groups()[1:] if v is not None), "")
        attrs.setdefault(name, html.unescape(value))
    return attrs


def parse(source):
    """The fragment `source` as children of an Element named "#root"."""
    root = Element("#root")
    stack = [root]
    pos, length = 0, len(source)
    while pos < length:
        match = _TOKEN_RE.search(source, pos)
        end = match.start() if match else length
        if end > pos:
            _add_text(stack[-1], html.unescape(source[pos:end]))
        if not match:
            break
        pos = match.end()
        if match.group("end"):
            _close(stack, match.group("end").lower())
        elif match.group("start"):
            tag = match.group("start").lower()
            element = Element(tag, parse_attrs(match.group("attrs")))
            _imply_end(stack, tag)
            stack[-1].children.append(element)
            if tag in RAW_TEXT:
                closing = re.compile(rf"</{tag}\s*>", re.I).search(source, pos)
                stop = closing.start() if closing else length
                element.children.append(source[pos:stop])
                pos = closing.end() if closing else length
            elif tag not in VOID and not match.group("close") and len(stack) < MAX_DEPTH:
                stack.append(element)
    return root


def _add_text(parent, text):
    if parent.children and isinstance(parent.children[-1], str):
        parent.children[-1] += text
    else:
        parent.children.append(text)


def _close(stack, tag):
    for depth in range(len(stack) - 1, 0, -1):
        if stack[depth].tag == tag:
            del stack[depth:]
            return


def _imply_end(stack, tag):
    rule = IMPLIED_END.get(tag)
    if not rule:
        return
    closes, scopes = rule
    for depth in range(len(stack) - 1, 0, -1):
        open_tag = stack[depth].tag
        if open_tag in closes:
            del stack[depth:]
            return
        if open_tag in scopes:
            return


def escape_text(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(value):
    return escape_text(value).replace('"', "&quot;")


def serialize(node):
    """HTML of `node`'s children (for "#root") or of the node itself."""
    if node.tag == "#root":
        return "".join(_serialize(child) for child in node.children)
    return _serialize(node)


def _serialize(node):
    if isinstance(node, str):
        return escape_text(node)
    attrs = "".join(f' {name}="{escape_attr(value)}"' for name, value in node.attrs.items())
    if node.tag in VOID:
        return f"<{node.tag}{attrs}>"
    if node.tag in RAW_TEXT:
        return f"<{node.tag}{attrs}>{''.join(node.children)}</{node.tag}>"
    inner = "".join(_serialize(child) for child in node.children)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def start_tag(tag, attrs):
    """Markup of an opening tag, for the text passes (shortcodes, blocks) that build HTML."""
    return (
        f"<{tag}" + "".join(f' {k}="{escape_attr(str(v))}"' for k, v in attrs.items() if v is not None) + ">"
    )
