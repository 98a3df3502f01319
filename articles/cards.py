"""Article cards, each drawn once and then read: what most public pages are made of.

A card's HTML is kept (`newsroom.pagecache.fragments`) per article, language and form (variant,
heading level, whether it names the region) under the tags of what it shows: the article, its
region and its authors. Publishing, an edit, a rename or an approved comment purges those tags as
they purge cached pages, so a list reads all its cards in a few cache round trips and draws only
those that changed; only the ids of a list's articles come from PostgreSQL then.
"""

from types import SimpleNamespace

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from newsroom.pagecache import tag_page
from newsroom.pagecache.fragments import remembered_many

from .blocks import public_articles

CARD_TEMPLATE = "includes/article_card.html"


def drawn_cards(request, articles, *, variant="", level=3, hide_region=False, first_variant=None):
    """The HTML of the cards of `articles` in their order, tagging `request`'s page with what
    they show. `articles` is a queryset of public articles (any columns: a card loads its own)
    or a list of their ids (an id no longer public is left out); `first_variant` draws the first
    card in another form."""
    remembering = settings.FRAGMENT_CACHE_SECONDS > 0
    if not isinstance(articles, QuerySet):
        ids, loaded = list(articles), None
    elif remembering:  # only which ones: the kept cards are drawn already
        ids, loaded = articles.ids(), None
    else:  # nothing kept across requests: the card columns of these rows, in one query
        loaded = list(articles.for_cards())
        ids = [article.pk for article in loaded]
    first = variant if first_variant is None else first_variant
    forms = [(pk, first if i == 0 else variant) for i, pk in enumerate(ids)]
    if not forms:
        return ""

    def draw_missing(missing):
        return draw(missing, level, hide_region, loaded)

    if remembering:
        prefix = f"card:{translation.get_language()}:{level}:{int(hide_region)}"
        drawn = remembered_many({form: f"{prefix}:{form[1]}:{form[0]}" for form in forms}, draw_missing)
    else:
        drawn = draw_missing(forms)
    tag_page(request, *(tag for _html, tags in drawn.values() for tag in tags), cacheable=False)
    return mark_safe("".join(drawn[form][0] for form in forms))


def draw(forms, level, hide_region, loaded=None):
    """{(id, variant): (html, tags)} of the cards `forms`, from `loaded` articles or in one
    query (two with the bylines); an id not public any more draws nothing, under its tag."""
    if loaded is None:
        loaded = public_articles().for_cards().filter(pk__in={pk for pk, _variant in forms})
        if all(variant == "compact" for _pk, variant in forms):  # compact cards show no bylines
            loaded = loaded.prefetch_related(None)
    by_id = {article.pk: article for article in loaded}
    drawn = {}
    for pk, variant in forms:
        article = by_id.get(pk)
        if article is None:
            drawn[pk, variant] = ("", [f"article:{pk}"])
            continue
        collector = SimpleNamespace()  # what the card's {% page_tags %} tags the page with
        context = {"article": article, "variant": variant, "level": level, "hide_region": hide_region}
        html = render_to_string(CARD_TEMPLATE, {**context, "request": collector})
        drawn[pk, variant] = (str(html), sorted(collector.page_tags))
    return drawn
