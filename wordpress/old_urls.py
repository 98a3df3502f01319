"""The old site's URLs of each imported thing, and one way to turn a request path into a lookup key.

The `*_paths()` functions list the paths WordPress answered for an item, a term, an author or the
site, readable (percent-decoded Arabic, trailing slashes as WordPress wrote them). A redirect is
stored under `normalize_path(path)` and a request looked up under `normalize_path(request_path)`,
so `%D8%A7`, `%d8%a7` and «ا», with or without the trailing slash, are one key; only the query
parameters that name content (`?p=`, `?page_id=` …) are kept in it.
"""

import re
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

from redirects.paths import KEY_PARAMETERS, normalize_path

from .media import OldSite
from .phpserial import php_unserialize

VARIANTS = ("amp/", "feed/")
_NICENAME_DROP = re.compile(r"[^a-z0-9 _-]")


def _decoded_path(url):
    """The path (and content query) of `url`, percent-decoded for reading."""
    parts = urlsplit(url)
    path = unquote_to_bytes(parts.path).decode("utf-8", errors="replace") or "/"
    query = "&".join(
        f"{k}={v}" for k, v in parse_qsl(parts.query, keep_blank_values=True) if k in KEY_PARAMETERS
    )
    return f"{path}?{query}" if query else path


class OldPaths:
    """Path lists for one exported site (its `Site` record)."""

    def __init__(self, site, *, category_base="category", tag_base="tag"):
        self.site = site
        self.old_site = OldSite((site.base_site_url, site.base_blog_url))
        self.prefix = urlsplit(site.base_blog_url or site.base_site_url).path.rstrip("/")
        self.category_base, self.tag_base = category_base.strip("/"), tag_base.strip("/")

    def _own(self, url):
        host = urlsplit(url).netloc.lower().split(":")[0]
        return bool(url) and (not host or host in self.old_site.hosts)

    def _path(self, *segments, trailing=True):
        path = "/".join(s.strip("/") for s in segments if s)
        return f"{self.prefix}/{path}/" if trailing and path else f"{self.prefix}/{path}"

    def item_paths(self, item):
        """Every old path of a post, page or attachment `Item`."""
        pretty = []
        if self._own(item.link) and "?" not in item.link:
            pretty.append(_decoded_path(item.link))
        queries = [self._path(f"?p={item.id}", trailing=False)]
        if item.post_type == "page":
            queries = [self._path(f"?page_id={item.id}", trailing=False)]
        elif item.post_type == "attachment":
            queries.append(self._path(f"?attachment_id={item.id}", trailing=False))
        elif self._own(item.link) and "?" in item.link:
            queries.append(_decoded_path(item.link))
        if item.slug and item.post_type in ("post", "page"):
            if item.post_type == "post" and item.date_local:
                pretty.append(self._path(item.date_local.strftime("%Y/%m/%d"), item.slug))
            pretty.append(self._path(item.slug))
        variants = [f"{p}{v}" for p in pretty for v in VARIANTS if item.post_type != "attachment"]
        files = self.upload_paths(item) if item.post_type == "attachment" else []
        return _unique([*pretty, *queries, *variants, *files])

    def upload_paths(self, attachment):
        """/wp-content/uploads/… of an attachment's file and of each size WordPress made of it."""
        url = attachment.attachment_url
        if url and self._own(url):
            directory = _decoded_path(url).rpartition("/")[0]
        elif attachment.attached_file:
            directory = (
                self._path("wp-content/uploads", trailing=False) + "/" + attachment.attached_file
            ).rpartition("/")[0]
        else:
            return []
        names = [_decoded_path(url).rpartition("/")[2]] if url and self._own(url) else []
        names.append(attachment.attached_file.rpartition("/")[2])
        names.extend(_size_files(attachment.meta.get("_wp_attachment_metadata", "")))
        return _unique(f"{directory}/{name}" for name in names if name)

    def term_paths(self, term, *, ancestors=()):
        """A category's or tag's archive, its feed, and its `?cat=`/`?tag=` form; `ancestors` are
        the slugs of a category's parents, top first (WordPress nests them in the URL)."""
        if term.taxonomy == "category":
            nested = self._path(self.category_base, *ancestors, term.slug)
            flat = self._path(self.category_base, term.slug)
            query = [self._path(f"?cat={term.id}", trailing=False)] if term.id else []
            return _unique([nested, flat, f"{nested}feed/", f"{flat}feed/", *query])
        if term.taxonomy == "post_tag":
            archive = self._path(self.tag_base, term.slug)
            return _unique([archive, f"{archive}feed/", self._path(f"?tag={term.slug}", trailing=False)])
        return []

    def author_paths(self, author):
        archive = self._path("author", author_nicename(author.login))
        query = [self._path(f"?author={author.id}", trailing=False)] if author.id else []
        return _unique([archive, f"{archive}feed/", *query])

    def site_paths(self):
        return [self._path(p) for p in ("feed", "feed/rss2", "feed/atom", "comments/feed")]


def author_nicename(login):
    """WordPress's `user_nicename` for a login: lower-case, dots to hyphens, the rest dropped."""
    name = _NICENAME_DROP.sub("", login.lower().replace(".", "-"))
    return re.sub(r"[\s-]+", "-", name).strip("-")


def _size_files(metadata):
    if not metadata:
        return []
    try:
        data = php_unserialize(metadata)
    except ValueError:
        return []
    sizes = data.get("sizes") if isinstance(data, dict) else None
    names = [data.get("original_image")] if isinstance(data, dict) else []
    if isinstance(sizes, dict):
        names.extend(size.get("file") for size in sizes.values() if isinstance(size, dict))
    return [name for name in names if isinstance(name, str) and name]


def _unique(paths):
    seen, result = set(), []
    for path in paths:
        key = normalize_path(path)
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result
