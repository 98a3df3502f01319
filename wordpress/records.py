"""What the WXR reader yields: plain data, no database, in the order the export holds it."""

from dataclasses import dataclass, field
from datetime import datetime

# comment_approved as WordPress writes it → the state a moderator would call it.
COMMENT_STATES = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
PING_TYPES = {"pingback", "trackback"}


@dataclass
class Site:
    """The channel: the exported site and the WXR version it was written in."""

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass
class Author:
    """A `wp:author`, or one made up from an item's `dc:creator` (WXR 1.0 has no author records)."""

    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    id: int | None = None


@dataclass
class Term:
    """A category, tag or other taxonomy term of the site; `slug` and `parent` are percent-decoded."""

    taxonomy: str  # "category", "post_tag", or the taxonomy of a `wp:term`
    slug: str
    name: str
    parent: str = ""  # the parent term's slug
    description: str = ""
    id: int | None = None

    @property
    def is_category(self):
        return self.taxonomy == "category"

    @property
    def is_tag(self):
        return self.taxonomy == "post_tag"


@dataclass
class ItemTerm:
    """One `<category>` of an item: its taxonomy (`domain`), decoded slug (`nicename`) and label."""

    domain: str
    slug: str
    name: str


@dataclass
class Comment:
    id: int
    parent: int | None
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date: datetime | None = None  # aware, UTC: from the GMT field, else the local one
    date_gmt: datetime | None = None  # aware, UTC, or None when the export says 0000-00-00
    content: str = ""
    approved: str = "1"  # as exported: "1", "0", "spam", "trash"
    type: str = "comment"  # "comment", "pingback", "trackback" (or a plugin's own type)
    user_id: int = 0
    meta: dict = field(default_factory=dict)

    @property
    def state(self):
        """approved, pending, spam or trash; an unknown value counts as pending (never shown)."""
        return COMMENT_STATES.get(self.approved, "pending")

    @property
    def is_ping(self):
        return self.type in PING_TYPES


@dataclass
class Item:
    """A post, page, attachment, nav_menu_item … (`post_type` says which), with its comments."""

    id: int
    post_type: str = "post"
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""  # the author's login (WXR 1.1+) or name (WXR 1.0)
    content: str = ""
    excerpt: str = ""
    slug: str = ""  # post_name, percent-decoded
    date: datetime | None = None  # aware, UTC: from post_date_gmt, else post_date in the site's zone
    date_gmt: datetime | None = None  # aware, UTC, or None for 0000-00-00 (drafts)
    date_local: datetime | None = None  # naive post_date, as the site's clock said: dated permalinks
    modified_gmt: datetime | None = None
    status: str = ""  # publish, future, draft, pending, private, trash, inherit …
    password: str = ""
    is_sticky: bool = False
    comment_status: str = ""
    ping_status: str = ""
    parent: int = 0
    menu_order: int = 0
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # ItemTerm
    meta: dict = field(default_factory=dict)  # meta_key → meta_value (the first, if repeated)
    comments: list = field(default_factory=list)  # Comment, in export order
    line: int | None = None  # where the <item> starts in the file

    @property
    def categories(self):
        return [term for term in self.terms if term.domain == "category"]

    @property
    def tags(self):
        return [term for term in self.terms if term.domain == "post_tag"]

    @property
    def comments_open(self):
        return self.comment_status != "closed"

    @property
    def thumbnail_id(self):
        """The attachment id of the featured image, or None."""
        value = self.meta.get("_thumbnail_id", "").strip()
        return int(value) if value.isdigit() and int(value) else None

    @property
    def attached_file(self):
        """An attachment's file under wp-content/uploads (`2024/03/photo.jpg`), or ""."""
        return self.meta.get("_wp_attached_file", "").strip()

    @property
    def image_alt(self):
        return self.meta.get("_wp_attachment_image_alt", "").strip()
