"""What the article page tells search engines and link previews: absolute URLs and JSON-LD."""

import json
from html import unescape

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute_url(path):
    """`path` on the public site (SITE_URL), whatever host the request came on."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def description(article):
    """Plain text for meta tags, JSON-LD and feeds: tags stripped and entities decoded, so `&amp;`
    does not survive as text. Being text, it may read «<img …>»: whatever carries it as HTML must
    escape it (templates do; the feeds declare or escape it, see feeds.py)."""
    text = article.meta_description or strip_tags(article.lead) or strip_tags(article.body)
    return " ".join(unescape(text).split())[:300].strip()


def news_article(article, *, authors, tags, breadcrumb, image):
    """A schema.org NewsArticle for `article` as a dict (see json_ld to put it in a page)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "headline": article.headline[:110],
        "description": description(article),
        "inLanguage": get_language(),
        "author": [
            {"@type": "Person", "name": author.display_name}
            | ({"url": absolute_url(author.get_absolute_url())} if author.is_active else {})
            for author in authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/"),
            "logo": {
                "@type": "ImageObject",
                "url": absolute_url(static("img/logo.png")),
                "width": 512,
                "height": 512,
            },
        },
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
        data["dateModified"] = article.date_modified().isoformat()
    if image:
        data["image"] = [absolute_url(image["url"])]
    if breadcrumb:
        data["articleSection"] = breadcrumb[0].display_name
        data["contentLocation"] = {"@type": "Place", "name": breadcrumb[-1].display_name}
    if tags:
        data["keywords"] = [tag.display_name for tag in tags]
    return data


def default_share_image():
    """The site's own picture (SITE_DEFAULT_IMAGE, a static file at least 1200 px wide) for pages
    with no image of their own; None when unset."""
    if not settings.SITE_DEFAULT_IMAGE:
        return None
    width, height = settings.SITE_DEFAULT_IMAGE_SIZE
    url = static(settings.SITE_DEFAULT_IMAGE)
    return {"url": url, "width": width, "height": height, "alt": settings.SITE_NAME, "type": "image/jpeg"}


def json_ld(data):
    """`data` as the body of a <script type="application/ld+json">, safe against «</script>»."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))
