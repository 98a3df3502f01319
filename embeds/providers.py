"""Which pasted URLs may become an embed, and the one iframe address each may be shown in.

The frame address is built from the URL by the provider's own rule (never taken from what a server
answers), so a reader's browser is only ever pointed at an origin listed here or in
EMBED_OEMBED_PROVIDERS; the Content-Security-Policy's frame-src is the same list (newsroom/csp.py).
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings


@dataclass(frozen=True)
class Provider:
    name: str
    pattern: re.Pattern
    frame: str  # str.format() template over the pattern's named groups and `url` (quoted)
    oembed: str = ""  # endpoint asked once for a title and a thumbnail; "" when it needs a token

    @property
    def frame_origin(self):
        parts = urlsplit(self.frame)
        return f"{parts.scheme}://{parts.netloc}"

    def frame_src(self, url, match):
        return self.frame.format(url=quote(url, safe=""), **match.groupdict())


def _pattern(host, path):
    return re.compile(rf"https?://(?:www\.|m\.|mobile\.)?{host}{path}", re.IGNORECASE)


GOOGLE = r"google\.(?:com|co\.[a-z]{2}|com\.[a-z]{2}|[a-z]{2})"
BUILTIN = (
    Provider(
        "YouTube",
        re.compile(
            r"https?://(?:(?:www\.|m\.)?youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|embed/|live/)|youtu\.be/)"
            r"(?P<id>[A-Za-z0-9_-]{11})",
            re.IGNORECASE,
        ),
        "https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
        "https://www.youtube.com/oembed",
    ),
    Provider(
        "Facebook",
        _pattern(r"facebook\.com", r"/(?:[^/?#]+/)?(?:videos|watch)/?(?:\?v=)?(?P<id>[0-9]+)"),
        "https://www.facebook.com/plugins/video.php?href={url}",
    ),
    Provider(
        "Facebook",
        _pattern(r"facebook\.com", r"/(?:[^/?#]+/posts/[^/?#]+|permalink\.php\?[^#]+|share/p/[^/?#]+)"),
        "https://www.facebook.com/plugins/post.php?href={url}",
    ),
    Provider(
        "X",
        _pattern(r"(?:twitter|x)\.com", r"/[A-Za-z0-9_]{1,15}/status(?:es)?/(?P<id>[0-9]+)"),
        "https://platform.twitter.com/embed/Tweet.html?id={id}",
        "https://publish.twitter.com/oembed",
    ),
    Provider(
        "Instagram",
        _pattern(r"instagram\.com", r"/(?:[A-Za-z0-9_.]+/)?(?P<kind>p|reel|tv)/(?P<id>[A-Za-z0-9_-]+)"),
        "https://www.instagram.com/{kind}/{id}/embed/",
    ),
    Provider(
        "TikTok",
        _pattern(r"tiktok\.com", r"/@[A-Za-z0-9_.]+/video/(?P<id>[0-9]+)"),
        "https://www.tiktok.com/embed/v2/{id}",
        "https://www.tiktok.com/oembed",
    ),
    Provider(
        "SoundCloud",
        _pattern(r"soundcloud\.com", r"/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+"),
        "https://w.soundcloud.com/player/?url={url}&auto_play=true",
        "https://soundcloud.com/oembed",
    ),
    Provider(
        "Google Maps",
        _pattern(GOOGLE, r"/maps/embed\?pb=(?P<pb>[^&#\s]+)"),
        "https://www.google.com/maps/embed?pb={pb}",
    ),
    Provider(
        "Google Maps",
        re.compile(rf"https?://(?:www\.{GOOGLE}/maps|maps\.{GOOGLE}/)[^\s#]*?[?&]q=(?P<q>[^&#\s]+)"),
        "https://www.google.com/maps?q={q}&output=embed",
    ),
)


def configured():
    """EMBED_OEMBED_PROVIDERS: [{"name", "pattern" (regex over the URL), "endpoint", "frame"}]."""
    return tuple(
        Provider(p["name"], re.compile(p["pattern"], re.IGNORECASE), p["frame"], p["endpoint"])
        for p in settings.EMBED_OEMBED_PROVIDERS
    )


def all_providers():
    return (*configured(), *BUILTIN)


def oembed_endpoint(provider):
    """Where to ask about a URL of `provider`: EMBED_OEMBED_ENDPOINTS may point one elsewhere."""
    return settings.EMBED_OEMBED_ENDPOINTS.get(provider.name, provider.oembed)


def find(url):
    """(provider, frame src) for `url`, or (None, "") when no provider on the allowlist takes it."""
    for provider in all_providers():
        if match := provider.pattern.match(url):
            return provider, provider.frame_src(url, match)
    return None, ""


def frame_origins():
    return sorted({provider.frame_origin for provider in all_providers()})


def allowed_frame(src):
    """Whether `src` (as stored) still opens on an allowlisted origin: a provider taken off the
    allowlist later loses its iframe but keeps its link."""
    parts = urlsplit(src)
    return f"{parts.scheme}://{parts.netloc}" in frame_origins()
