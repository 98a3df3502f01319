"""Images and embeds of the old site: which URLs are its uploads, what file they are, which
embeds a provider serves, and how WordPress's sizes and alignments map onto the body contract."""

import re
import unicodedata
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

UPLOADS_DIR = "/wp-content/uploads/"
# photo-300x200.jpg, photo-scaled.jpg, photo-rotated.jpg, photo-e1612345678901.jpg (edited in
# WordPress): all copies of photo.jpg.
_VARIANT_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated|e\d{10,})(?=\.[A-Za-z0-9]+$)")
_PHOTON_HOST = re.compile(r"^i[0-3]\.wp\.com$")
_WP_IMAGE_CLASS = re.compile(r"^wp-image-(\d+)$")

EMBED_PROVIDERS = {
    "youtube": r"(?:www\.|m\.)?youtube\.com/(?:watch\?|shorts/|live/|embed/|v/)|youtu\.be/",
    "x": r"(?:www\.|mobile\.)?(?:twitter|x)\.com/[^/]+/status(?:es)?/\d+",
    "facebook": r"(?:www\.|m\.|web\.)?facebook\.com/.+|fb\.watch/",
    "instagram": r"(?:www\.)?instagram\.com/(?:[^/]+/)?(?:p|reel|tv)/",
    "tiktok": r"(?:www\.|m\.)?tiktok\.com/@[^/]+/video/\d+|vm\.tiktok\.com/",
    "soundcloud": r"(?:www\.|m\.)?soundcloud\.com/.+",
}
_PROVIDER_RES = {
    name: re.compile(rf"^https?://(?:{pattern})", re.I) for name, pattern in EMBED_PROVIDERS.items()
}

# WordPress's size names → the contract's data-size. Its "medium" (300 px) sits beside the text,
# "large" (1024 px) and "full" fill the column; the block editor's wide/full alignments are widths.
SIZES = {
    "thumbnail": "small",
    "medium": "small",
    "medium_large": "medium",
    "large": "medium",
    "full": "medium",
}
WIDE_ALIGNMENTS = {"wide": "wide", "full": "full"}
DEFAULT_SIZE, DEFAULT_ALIGN = "medium", "center"


def embed_provider(url):
    """ "youtube", "x", "facebook", "instagram", "tiktok", "soundcloud" or None."""
    return next((name for name, pattern in _PROVIDER_RES.items() if pattern.match(url or "")), None)


def embed_url_from_iframe(src):
    """The page URL behind a provider's embed iframe, or None for an unknown iframe."""
    parts = urlsplit(src if "://" in src else f"https:{src}" if src.startswith("//") else src)
    host, path = parts.netloc.lower(), parts.path
    query = parse_qs(parts.query)
    if re.match(r"^(?:www\.)?youtube(?:-nocookie)?\.com$", host) and path.startswith("/embed/"):
        video = path.removeprefix("/embed/").split("/")[0]
        return f"https://www.youtube.com/watch?v={video}" if video else None
    if host.endswith("facebook.com") and path.startswith("/plugins/") and query.get("href"):
        return query["href"][0]
    if host == "w.soundcloud.com" and query.get("url"):
        return query["url"][0]
    if host.endswith("instagram.com") and path.rstrip("/").endswith("/embed"):
        return f"https://www.instagram.com{path.rstrip('/').removesuffix('/embed')}/"
    if re.match(r"^(?:www\.)?google\.[a-z.]+$", host) and path.startswith("/maps/embed"):
        return parts.geturl()
    if host == "platform.twitter.com" and query.get("id"):
        return f"https://twitter.com/i/status/{query['id'][0]}"
    return None


def upload_key(url_or_path):
    """The original file of an upload, relative to wp-content/uploads: `2024/03/photo.jpg` for
    `https://old.example/wp-content/uploads/2024/03/photo-300x200.jpg`, `/wp-content/uploads/…`,
    or `_wp_attached_file`'s `2024/03/photo-scaled.jpg`. None for anything that is not an upload.
    Resolvers index attachments by this key."""
    value = (url_or_path or "").strip()
    if not value or value.startswith("data:"):
        return None
    path = urlsplit(value).path if "://" in value or value.startswith("//") else value.split("?")[0]
    path = unquote(path)
    index = path.find(UPLOADS_DIR)
    if index >= 0:
        path = path[index + len(UPLOADS_DIR) :]
    elif path.startswith("/") or not path:
        return None
    directory, _, name = path.rpartition("/")
    name = _VARIANT_SUFFIX.sub("", _VARIANT_SUFFIX.sub("", name, count=1), count=1)
    return unicodedata.normalize("NFC", f"{directory}/{name}" if directory else name)


def attachment_id_from_classes(classes):
    for name in classes:
        match = _WP_IMAGE_CLASS.match(name)
        if match:
            return int(match.group(1))
    return None


def logical_align(value, direction="rtl"):
    """WordPress's physical alignment (left/right/center/none, or alignleft …) → start/center/end.
    On a right-to-left page the start is the right-hand side."""
    value = (value or "").removeprefix("align")
    if value == "left":
        return "end" if direction == "rtl" else "start"
    if value == "right":
        return "start" if direction == "rtl" else "end"
    return DEFAULT_ALIGN


def contract_size(size_name, align=""):
    """data-size for a WordPress size name (`size-large` class or sizeSlug) and block alignment."""
    align = (align or "").removeprefix("align")
    if align in WIDE_ALIGNMENTS:
        return WIDE_ALIGNMENTS[align]
    return SIZES.get((size_name or "").removeprefix("size-"), DEFAULT_SIZE)


class OldSite:
    """The exported site's addresses: which image URLs point at its uploads, under any scheme, with
    or without www, through WordPress.com's image CDN, or relative."""

    def __init__(self, base_urls=(), *, extra_hosts=()):
        self.base_url = next((u for u in base_urls if u), "")
        self.hosts = set()
        for value in [*(urlsplit(u).netloc for u in base_urls if u), *extra_hosts]:
            host = value.lower().split(":")[0].removeprefix("www.")
            if host:
                self.hosts |= {host, f"www.{host}"}

    def absolute(self, url):
        url = (url or "").strip()
        if url.startswith("//"):
            return f"https:{url}"
        if "://" in url or not self.base_url:
            return url
        return urljoin(self.base_url.rstrip("/") + "/", url)

    def is_upload(self, url):
        parts = urlsplit(self.absolute(url))
        if UPLOADS_DIR not in parts.path:
            return False
        host = parts.netloc.lower().split(":")[0]
        if not host or host in self.hosts:
            return True
        if _PHOTON_HOST.match(host):
            first = parts.path.lstrip("/").split("/", 1)[0].lower()
            return first in self.hosts
        return False


class UploadIndex:
    """Attachment id and upload key → whatever the importer stores (a library image id), with the
    `resolve(url=…, attachment_id=…)` signature the content converter calls."""

    def __init__(self):
        self._by_id, self._by_key = {}, {}

    def add(self, value, *, attachment_id=None, files=()):
        if attachment_id:
            self._by_id[attachment_id] = value
        for file in files:
            key = upload_key(file)
            if key:
                self._by_key.setdefault(key, value)

    def add_attachment(self, item, value):
        """Index an attachment `Item` by its id, attached file and URL."""
        self.add(value, attachment_id=item.id, files=(item.attached_file, item.attachment_url))

    def resolve(self, *, url=None, attachment_id=None):
        if attachment_id in self._by_id:
            return self._by_id[attachment_id]
        key = upload_key(url)
        return self._by_key.get(key) if key else None

    def __len__(self):
        return len(set(self._by_id.values()) | set(self._by_key.values()))
