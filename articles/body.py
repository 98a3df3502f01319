"""An article body as readers see it: the stored, sanitised HTML with its media figures drawn."""

from django.utils.safestring import mark_safe

from embeds import rendering as embeds


def render_body(html):
    """Stored body HTML → the page's HTML (embed figures become their facades)."""
    return mark_safe(embeds.expand(html or ""))


def has_embeds(html):
    return bool(embeds.embed_ids(html))
