"""The export file as a stream of <channel> children, parsed safely and forgotten once read.

lxml's `iterparse` builds one channel child at a time (an <item> with its comments, a <wp:author>);
once the caller has read it, it is cleared and unlinked, so memory stays flat whatever the size of
the file. The parser never expands entities, never loads a DTD, never touches the network, and a
file that declares a DTD at all is refused: WordPress never writes one, and entity declarations are
what XML bombs (billion laughs, quadratic blow-up, external entities) are made of.
"""

from lxml import etree

from .problems import Problem

PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    # libxml2's limits stay on: 10 MB per text node, 256 levels of nesting.
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
KNOWN_PREFIXES = {"wp", "excerpt", "content", "dc", "wfw"}
# libxml2's own words for the attacks it stops (it refuses entity amplification and deep nesting).
_ATTACK_MESSAGES = ("amplification", "entity reference loop", "excessive depth", "xml_parse_huge")


class WXRError(Exception):
    """The export cannot be read; `line` and `column` point at the cause when known."""

    def __init__(self, message, *, line=None, column=None):
        super().__init__(message)
        self.line, self.column = line, column


class WXRSyntaxError(WXRError):
    """The file is not well-formed XML."""


class WXRSecurityError(WXRError):
    """The file declares a DTD or entities (an XML bomb or an external-entity attack)."""


class WXRFormatError(WXRError):
    """Well-formed XML, but not a WordPress export."""


def namespace_kind(uri):
    """ "wp", "excerpt", "content", "dc", "wfw" or None for a namespace URI, whatever its version
    and scheme (`http://wordpress.org/export/1.2/`, `https://wordpress.org/export/1.1`)."""
    uri = uri.lower().rstrip("/")
    if "wordpress.org/export" in uri:
        return "excerpt" if uri.endswith("/excerpt") else "wp"
    if "purl.org/rss/1.0/modules/content" in uri:
        return "content"
    if "purl.org/dc/elements" in uri:
        return "dc"
    if "wellformedweb.org/commentapi" in uri:
        return "wfw"
    return None


def text_of(element):
    if len(element):
        return "".join(element.itertext())
    return element.text or ""


class ChannelStream:
    """Parse state shared by the reader and the scanner: namespaces seen, problems, the channel."""

    def __init__(self, source, *, recover=False):
        self.source, self.recover = source, recover
        self.problems = []
        self.namespaces = {}  # URI → kind
        self._keys = {}
        self._channel = None

    def key(self, tag):
        """A tag as "wp:post_id", "content:encoded", "title" whatever URI its namespace uses."""
        try:
            return self._keys[tag]
        except KeyError:
            pass
        if not isinstance(tag, str):  # comments and PIs, should any get through
            return ""
        if tag.startswith("{"):
            uri, local = tag[1:].split("}", 1)
            kind = self.namespaces.get(uri)
            key = f"{kind}:{local}" if kind else f"{{{uri}}}{local}"
        else:
            key = tag
        self._keys[tag] = key
        return key

    def _bind(self, prefix, uri):
        kind = namespace_kind(uri) or (prefix if prefix in KNOWN_PREFIXES else None)
        if kind:
            self.namespaces[uri] = kind
            self._keys.clear()

    @property
    def has_wp_namespace(self):
        return "wp" in self.namespaces.values()

    def children(self):
        """Yield `(key, element)` for each child of <channel>; the element is cleared once the
        caller asks for the next one."""
        context = etree.iterparse(
            self.source, events=("start-ns", "end"), recover=self.recover, **PARSER_OPTIONS
        )
        root = None
        try:
            for event, value in context:
                if event == "start-ns":
                    self._bind(*value)
                    continue
                if root is None:
                    root = value.getroottree().getroot()
                    self._check_document(root)
                channel = self._find_channel(root)
                if value.getparent() is not channel or channel is None:
                    continue
                while value.getprevious() is not None:
                    del channel[0]
                yield self.key(value.tag), value
                value.clear(keep_tail=False)
        except etree.XMLSyntaxError as error:
            raise self._syntax_error(error, context) from None
        finally:
            if self.recover:
                self._report_recovered(context.error_log)
        if self.recover:
            self._refuse_attacks(context.error_log)
        if self._channel is None:
            raise WXRFormatError("Not a WordPress export: there is no <rss><channel>.")

    def _find_channel(self, root):
        if self._channel is None:
            self._channel = next((c for c in root if self.key(c.tag) == "channel"), None)
        return self._channel

    def _check_document(self, root):
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.doctype or docinfo.system_url:
            raise WXRSecurityError(
                "Refused: the file declares a DTD (<!DOCTYPE …>). WordPress never writes one, and "
                "entity declarations are how XML bombs and external-entity attacks work.",
                line=1,
            )
        if self.key(root.tag) != "rss":
            raise WXRFormatError(f"Not a WordPress export: the root element is <{root.tag}>, not <rss>.")

    def _syntax_error(self, error, context):
        # The exception's own message can be a consequence ("no element found"); the parser's log
        # holds the first real cause with its position.
        entries = [e for e in context.error_log if e.level >= etree.ErrorLevels.ERROR]
        first = entries[0] if entries else None
        message = first.message if first else error.msg
        line, column = (first.line, first.column) if first else (error.position or (None, None))
        if any(word in message.lower() for word in _ATTACK_MESSAGES):
            return WXRSecurityError(
                f"Refused at line {line}, column {column}: {message} (an XML bomb).", line=line, column=column
            )
        hint = ""
        if "not defined" in message and "Entity" in message:
            hint = " HTML entities such as &nbsp; are not XML; --recover reads around them."
        elif "too big" in message or "too long" in message:
            hint = " One field is over 10 MB (inline images in a post?); --recover skips it."
        return WXRSyntaxError(
            f"Not well-formed XML at line {line}, column {column}: {message}.{hint}", line=line, column=column
        )

    def _refuse_attacks(self, error_log):
        """A recovering parser reads on after refusing an entity bomb; the import must not."""
        for entry in error_log:
            if any(word in entry.message.lower() for word in _ATTACK_MESSAGES):
                where = f"line {entry.line}, column {entry.column}"
                raise WXRSecurityError(
                    f"Refused at {where}: {entry.message.strip()} (an XML bomb).",
                    line=entry.line,
                    column=entry.column,
                )

    def _report_recovered(self, error_log):
        for entry in error_log:
            if entry.level < etree.ErrorLevels.ERROR:
                continue
            self.problems.append(
                Problem(
                    "xml-skipped",
                    f"Unreadable XML skipped: {entry.message.strip()}",
                    line=entry.line,
                    column=entry.column,
                )
            )
