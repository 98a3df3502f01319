"""Read a WordPress export (WXR 1.0, 1.1, 1.2) as a stream of plain records.

    reader = WXRReader("export.xml", timezone=ZoneInfo("Africa/Casablanca"))
    for record in reader:          # Site first, then Author, Term and Item records in file order
        ...
    reader.problems                # what was skipped or guessed, with line numbers

A file that is not well-formed XML raises `WXRSyntaxError` (with line and column) when the parser
reaches the fault, so records before it have already been yielded. A caller that must have all or
nothing runs `scan(path)` first: one cheap pass that checks the whole file (well-formedness, DTD,
WordPress namespace) and counts what it holds, for a progress bar, without building records. With
`recover=True` a recovering parser reads what it can and every skipped part lands in `problems`.
"""

import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .problems import Problem
from .records import Author, Comment, Item, ItemTerm, Site, Term
from .slugs import decode_slug
from .xmlstream import ChannelStream, WXRError, WXRFormatError, WXRSecurityError, WXRSyntaxError, text_of

__all__ = ["Summary", "WXRError", "WXRFormatError", "WXRReader", "WXRSecurityError", "WXRSyntaxError", "scan"]

KNOWN_VERSIONS = {"1.0", "1.1", "1.2"}
SITE_FIELDS = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "wp:wxr_version": "wxr_version",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}
# <wp:category>, <wp:tag>, <wp:term>: the field names of each, and its taxonomy.
TERM_FIELDS = {
    "wp:category": ("category", "category_nicename", "cat_name", "category_parent", "category_description"),
    "wp:tag": ("post_tag", "tag_slug", "tag_name", "", "tag_description"),
    "wp:term": (None, "term_slug", "term_name", "term_parent", "term_description"),
}
TAXONOMY_ALIASES = {"tag": "post_tag"}  # WXR 1.0


@dataclass
class Summary:
    """What `scan()` found: counts for progress bars and a dry run."""

    wxr_version: str = ""
    items: Counter = field(default_factory=Counter)  # post_type → count
    comments: int = 0
    authors: int = 0
    terms: int = 0
    problems: list = field(default_factory=list)


class WXRReader:
    """Iterate over an export's records; see the module docstring.

    `timezone` is the site's zone, used only where the export has no GMT date (drafts).
    """

    def __init__(self, source, *, recover=False, timezone=UTC):
        self._stream = ChannelStream(source, recover=recover)
        self.timezone = timezone
        self.site = Site()
        self._authors_seen = set()
        self._category_slugs = {}  # name → slug, for WXR 1.0 parents given by name
        self._category_slug_set = set()

    @property
    def problems(self):
        return self._stream.problems

    def _problem(self, code, message, *, line=None, ref=""):
        self.problems.append(Problem(code, message, ref=ref, line=line))

    def __iter__(self):
        site_done = False
        for key, element in self._stream.children():
            if key in SITE_FIELDS:
                setattr(self.site, SITE_FIELDS[key], text_of(element).strip())
                continue
            records = self._records(key, element)
            if records and not site_done:
                yield self._finish_site()
                site_done = True
            yield from records
        if not site_done:
            yield self._finish_site()

    def _records(self, key, element):
        if key == "item":
            item = self._item(element)
            if item is None:
                return []
            author = self._author_of(item)
            return [author, item] if author else [item]
        if key == "wp:author":
            author = self._author(element)
            return [author] if author else []
        if key in TERM_FIELDS:
            term = self._term(key, element)
            return [term] if term else []
        return []

    def _finish_site(self):
        if not self._stream.has_wp_namespace:
            raise WXRFormatError("Not a WordPress export: no WordPress (wp:) namespace is declared.")
        site, version = self.site, self.site.wxr_version
        if not site.base_blog_url:
            site.base_blog_url = site.base_site_url
        if not version:
            self._problem("wxr-version", "The export has no <wp:wxr_version>; reading it as WXR 1.2.")
        elif version not in KNOWN_VERSIONS:
            self._problem("wxr-version", f"Unknown WXR version {version!r}; reading it as WXR 1.2.")
        return site

    # --- Channel-level records ----------------------------------------------------------------

    def _fields(self, element):
        return {self._stream.key(child.tag): text_of(child) for child in element}

    def _author(self, element):
        values = self._fields(element)
        login = values.get("wp:author_login", "").strip()
        if not login:
            self._problem("author-skipped", "An author without a login was skipped.", line=element.sourceline)
            return None
        self._authors_seen.add(login)
        return Author(
            login=login,
            email=values.get("wp:author_email", "").strip(),
            display_name=values.get("wp:author_display_name", "").strip(),
            first_name=values.get("wp:author_first_name", "").strip(),
            last_name=values.get("wp:author_last_name", "").strip(),
            id=self._int(values.get("wp:author_id"), element.sourceline) or None,
        )

    def _author_of(self, item):
        """An Author for a creator no <wp:author> described (WXR 1.0 has none)."""
        if not item.creator or item.creator in self._authors_seen:
            return None
        self._authors_seen.add(item.creator)
        return Author(login=item.creator, display_name=item.creator)

    def _term(self, key, element):
        taxonomy, slug_field, name_field, parent_field, description_field = TERM_FIELDS[key]
        values = {k.removeprefix("wp:"): v for k, v in self._fields(element).items()}
        taxonomy = taxonomy or values.get("term_taxonomy", "").strip()
        # WordPress stores term names HTML-escaped («A &amp; B»); the export keeps them so.
        name = html.unescape(values.get(name_field, "").strip())
        slug = decode_slug(values.get(slug_field, ""))
        if not slug and not name:
            self._problem(
                "term-skipped", f"A {taxonomy} without a slug or a name was skipped.", line=element.sourceline
            )
            return None
        parent = decode_slug(values.get(parent_field, "")) if parent_field else ""
        if taxonomy == "category":
            if parent not in self._category_slug_set:
                parent = self._category_slugs.get(parent, parent)
            self._category_slugs.setdefault(name, slug)
            self._category_slug_set.add(slug)
        return Term(
            taxonomy=TAXONOMY_ALIASES.get(taxonomy, taxonomy),
            slug=slug,
            name=name,
            parent=parent,
            description=values.get(description_field, "").strip(),
            id=self._int(values.get("term_id"), element.sourceline) or None,
        )

    # --- Items ----------------------------------------------------------------------------------

    def _item(self, element):
        line = element.sourceline
        values, terms, meta, comments = {}, [], {}, []
        for child in element:
            key = self._stream.key(child.tag)
            if key == "category":
                terms.append(child)
            elif key == "wp:postmeta":
                fields = self._fields(child)
                meta.setdefault(fields.get("wp:meta_key", ""), fields.get("wp:meta_value", ""))
            elif key == "wp:comment":
                comment = self._comment(child)
                if comment:
                    comments.append(comment)
            else:
                values[key] = text_of(child)
        item_id = self._int(values.get("wp:post_id"), line)
        if not item_id:
            title = values.get("title", "").strip()
            self._problem("item-skipped", "An item without a post id was skipped.", line=line, ref=title)
            return None
        get = values.get
        date_local = self._naive(get("wp:post_date", ""), line)
        date_gmt = self._utc(self._naive(get("wp:post_date_gmt", ""), line))
        return Item(
            id=item_id,
            post_type=get("wp:post_type", "post").strip() or "post",
            title=get("title", "").strip(),
            link=get("link", "").strip(),
            guid=get("guid", "").strip(),
            creator=get("dc:creator", "").strip(),
            content=get("content:encoded", ""),
            excerpt=get("excerpt:encoded", ""),
            slug=decode_slug(get("wp:post_name", "")),
            date=date_gmt or self._local_to_utc(date_local),
            date_gmt=date_gmt,
            date_local=date_local,
            modified_gmt=self._utc(self._naive(get("wp:post_modified_gmt", ""), line)),
            status=get("wp:status", "").strip(),
            password=get("wp:post_password", ""),
            is_sticky=get("wp:is_sticky", "0").strip() == "1",
            comment_status=get("wp:comment_status", "").strip(),
            ping_status=get("wp:ping_status", "").strip(),
            parent=self._int(get("wp:post_parent"), line),
            menu_order=self._int(get("wp:menu_order"), line),
            attachment_url=get("wp:attachment_url", "").strip(),
            terms=self._item_terms(terms),
            meta=meta,
            comments=comments,
            line=line,
        )

    def _item_terms(self, elements):
        """The item's categories and tags. WXR 1.0 also repeats each category without a nicename;
        such a bare <category> counts only when no nicenamed one has its name."""
        terms, bare = [], []
        for element in elements:
            domain = element.get("domain", "category")
            term = ItemTerm(
                domain=TAXONOMY_ALIASES.get(domain, domain),
                slug=decode_slug(element.get("nicename", "")),
                name=html.unescape(text_of(element).strip()),
            )
            (terms if element.get("nicename") is not None else bare).append(term)
        named = {(t.domain, t.name) for t in terms}
        for term in bare:
            if term.name and (term.domain, term.name) not in named:
                named.add((term.domain, term.name))
                terms.append(term)
        return terms

    def _comment(self, element):
        values = {k.removeprefix("wp:"): v for k, v in self._fields(element).items()}
        line = element.sourceline
        comment_id = self._int(values.get("comment_id"), line)
        if not comment_id:
            self._problem("comment-skipped", "A comment without an id was skipped.", line=line)
            return None
        date_gmt = self._utc(self._naive(values.get("comment_date_gmt", ""), line))
        meta = {}
        for child in element:
            if self._stream.key(child.tag) == "wp:commentmeta":
                fields = self._fields(child)
                meta.setdefault(fields.get("wp:meta_key", ""), fields.get("wp:meta_value", ""))
        return Comment(
            id=comment_id,
            parent=self._int(values.get("comment_parent"), line) or None,
            author=values.get("comment_author", "").strip(),
            author_email=values.get("comment_author_email", "").strip(),
            author_url=values.get("comment_author_url", "").strip(),
            author_ip=values.get("comment_author_IP", "").strip(),
            date=date_gmt or self._local_to_utc(self._naive(values.get("comment_date", ""), line)),
            date_gmt=date_gmt,
            content=values.get("comment_content", ""),
            approved=values.get("comment_approved", "1").strip() or "1",
            type=values.get("comment_type", "").strip() or "comment",
            user_id=self._int(values.get("comment_user_id"), line),
            meta=meta,
        )

    # --- Values ---------------------------------------------------------------------------------

    def _int(self, text, line):
        text = (text or "").strip()
        if not text:
            return 0
        try:
            return int(text)
        except ValueError:
            self._problem("value-invalid", f"Not a number: {text!r}; read as 0.", line=line)
            return 0

    def _naive(self, text, line):
        """A WordPress "2024-03-05 14:30:00" as a naive datetime; None for empty or 0000-00-00."""
        text = text.strip()
        if not text or text.startswith("0000-00-00"):
            return None
        try:
            return datetime.fromisoformat(text).replace(tzinfo=None)
        except ValueError:
            self._problem("date-invalid", f"Not a date: {text!r}.", line=line)
            return None

    @staticmethod
    def _utc(naive):
        return naive.replace(tzinfo=UTC) if naive else None

    def _local_to_utc(self, naive):
        return naive.replace(tzinfo=self.timezone).astimezone(UTC) if naive else None


def scan(source, *, recover=False):
    """Read the whole file once without building records: raises `WXRError` if it is not a
    readable WordPress export, otherwise returns what it holds."""
    stream = ChannelStream(source, recover=recover)
    summary = Summary(problems=stream.problems)
    key = stream.key
    for tag, element in stream.children():
        if tag == "item":
            post_type = "post"
            for child in element:
                child_key = key(child.tag)
                if child_key == "wp:post_type":
                    post_type = text_of(child).strip() or "post"
                elif child_key == "wp:comment":
                    summary.comments += 1
            summary.items[post_type] += 1
        elif tag == "wp:author":
            summary.authors += 1
        elif tag in TERM_FIELDS:
            summary.terms += 1
        elif tag == "wp:wxr_version":
            summary.wxr_version = text_of(element).strip()
    if not stream.has_wp_namespace:
        raise WXRFormatError("Not a WordPress export: no WordPress (wp:) namespace is declared.")
    return summary
