"""What public pages show beside their main content, chosen the same for every reader: the home
page's region blocks and an article's related articles (remembered, `newsroom.pagecache.fragments`),
and `public_articles`, where every public list starts."""

from types import SimpleNamespace

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.template.loader import render_to_string
from django.utils import translation

from newsroom.pagecache.fragments import remembered

from .models import Article, Region
from .models.article import translated_names

REGION_BLOCK_SIZE = 3
RELATED_CANDIDATES = 60


def public_articles():
    """Published articles that have text in the active language: where every public page starts."""
    return Article.objects.published().translated(translation.get_language())


def region_blocks():
    """[(top-level region, its latest articles)] in region order, for regions with any: two
    queries whatever the number of regions and articles.

    Bounded: the first query takes each region's newest REGION_BLOCK_SIZE ids through correlated
    `LIMIT 1 OFFSET k` subqueries walking the published-date index, never ranking every published
    article; the second loads those cards.
    """
    code = OuterRef("code")
    in_region = Q(region__code=code) | Q(region__code__startswith=Concat(code, Value(".")))
    newest = public_articles().filter(in_region).order_by("-published_at", "-id").values("pk")
    ranks = {f"article_{k}": Subquery(newest[k : k + 1]) for k in range(REGION_BLOCK_SIZE)}
    regions = list(
        Region.objects.top_level().only("id", "slug", "code", *translated_names("name")).annotate(**ranks)
    )
    ids = [getattr(region, name) for region in regions for name in ranks]
    cards = public_articles().filter(pk__in=[pk for pk in ids if pk]).for_cards().prefetch_related(None)
    by_id = {article.pk: article for article in cards}  # compact cards show no bylines
    blocks = [
        (region, [by_id[pk] for pk in (getattr(region, n) for n in ranks) if pk in by_id])
        for region in regions
    ]
    return [(region, articles) for region, articles in blocks if articles]


def drawn_region_blocks():
    """The home page's region blocks as HTML, and the page tags of what they show: the regions
    (their names), every card (its text, its comment count) and `front` (which cards)."""
    collector = SimpleNamespace()  # what the cards' {% page_tags %} tag the page with
    html = render_to_string(
        "includes/region_blocks.html", {"region_blocks": region_blocks(), "request": collector}
    )
    return str(html), sorted({"front", "nav", *getattr(collector, "page_tags", ())})


def related_articles(article, limit=4):
    """The ids of the published articles sharing the most tags with `article`, then from its
    region, newest first.

    Among the newest RELATED_CANDIDATES that share a tag or the region (one bounded query, read
    from the published-date index), so the cost stays the same when a tag has thousands of
    articles; then those few are ranked by shared tags. For a published article, which ones is
    remembered until an article enters or leaves the lists.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not tag_ids and not article.region_id:
        return []

    def related_ids():
        tagged = Article.tags.through.objects.filter(article_id=OuterRef("pk"), eventtag_id__in=tag_ids)
        near = Exists(tagged) | Q(region_id=article.region_id) if article.region_id else Exists(tagged)
        candidates = (
            public_articles()
            .exclude(pk=article.pk)
            .filter(near)
            .order_by("-published_at", "-id")
            .values("pk")
        )[:RELATED_CANDIDATES]
        ranked = (
            Article.objects.filter(pk__in=list(candidates.values_list("pk", flat=True)))
            .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
            .order_by("-shared", "-published_at", "-id")
        )
        return list(ranked.values_list("pk", flat=True)[:limit])

    if not article.is_published():  # a draft's tags change without purging anything: computed
        return related_ids()
    key = f"related:{article.pk}:{limit}:{translation.get_language()}"
    return remembered(key, ["lists", f"article:{article.pk}"], related_ids)
