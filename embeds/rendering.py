"""`<figure data-embed="ID"></figure>` in a stored body, as readers and feeds get it.

The page shows a facade: the locally stored thumbnail, the title and the provider's name, and a
plain link to the original, so nothing is asked of the provider and it works without JavaScript.
embeds/facade.js turns the facade's button into the provider's sandboxed iframe when the reader
chooses to play. Feeds get a link and nothing else
(articles/feeds.py, through `embeds_of`).
"""

import re

from django.template.loader import render_to_string

from .models import Embed

FIGURE = re.compile(r'<figure data-embed="(\d+)"[^>]*>.*?</figure>', re.DOTALL)


def embed_ids(html):
    return {int(pk) for pk in FIGURE.findall(html or "")}


def embed_ids_in_order(html):
    return [int(pk) for pk in FIGURE.findall(html or "")]


def embeds_of(bodies):
    """{id: Embed} for every embed figure in `bodies`, in one query (none without embeds)."""
    ids = set().union(*(embed_ids(html) for html in bodies))
    return Embed.objects.in_bulk(ids) if ids else {}


def _embeds(html):
    ids = embed_ids(html)
    return Embed.objects.in_bulk(ids) if ids else {}


def expand(html, embeds=None):
    """`html` with each embed figure drawn as its facade (one query for all of them; none when the
    body has no embed). An id that no longer exists leaves nothing behind."""
    embeds = _embeds(html) if embeds is None else embeds
    if not embeds and "data-embed" not in (html or ""):
        return html
    return FIGURE.sub(lambda match: _facade(embeds.get(int(match[1]))), html)


def facades(ids):
    """{id: facade html} for the embeds among `ids`, in one query: settings.BODY_EMBED_RENDERER,
    which the body renderer (images/html.py) calls with every embed id of a body at once."""
    embeds = Embed.objects.in_bulk(set(ids))
    return {pk: _facade(embed) for pk, embed in embeds.items()}


def _facade(embed):
    if embed is None:
        return ""
    return render_to_string("embeds/facade.html", {"embed": embed, "playable": embed.playable()})
