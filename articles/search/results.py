"""The items of a search's page of results, each drawn once per query and then read.

A result shows the article's headline and an extract around the query's words, both marked, with
its region and date: it depends on the article, the query and the language only. It is kept
(`newsroom.pagecache.fragments`) under the tags of what it shows, the article and its region, so
an edit or a rename purges it as it purges cached pages; a page of results then costs its ids
and a few cache round trips.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from newsroom.pagecache import tag_page
from newsroom.pagecache.fragments import remembered_many

from ..blocks import public_articles

RESULT_TEMPLATE = "articles/search_result.html"


def drawn_results(request, ids, q):
    """The HTML of the results `ids` (in rank order) for the query `q`, tagging `request`'s page
    with what they show; an id no longer public is left out."""
    if not ids:
        return ""

    prefix = f"result:{translation.get_language()}:{hashlib.sha256(q.encode()).hexdigest()}"
    drawn = remembered_many({pk: f"{prefix}:{pk}" for pk in ids}, lambda missing: draw(missing, q))
    tag_page(request, *(tag for _html, tags in drawn.values() for tag in tags), cacheable=False)
    return mark_safe("".join(drawn[pk][0] for pk in ids))


def draw(ids, q):
    """{id: (html, tags)} of the results `ids` for `q`, in one query."""
    found = public_articles().select_related("region").in_bulk(ids)
    drawn = {}
    for pk in ids:
        article = found.get(pk)
        if article is None:
            drawn[pk] = ("", [f"article:{pk}"])
            continue
        tags = [f"article:{pk}", *([f"region:{article.region_id}"] if article.region_id else [])]
        drawn[pk] = (str(render_to_string(RESULT_TEMPLATE, {"article": article, "q": q})), tags)
    return drawn
