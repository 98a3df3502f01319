"""What each cached public page shows, and which pages a change to an article invalidates.

Tags: `article:<id>` on every page showing the article (its own page and its cards), `region:<id>`,
`tag:<id>` and `author:<id>` on the pages listing or naming them, `front` on the home page,
`lists` on every other list (/articles/, feeds, sitemaps, search, corrections) and `nav` on every
page (the navigation names the top regions); `sitemap-range:<n>` on the remembered pages of the
article sitemap, one per range of ids (among the lists an article is in). An article that enters
or leaves the public site purges the lists it is in, not only the pages that showed it, since
everything below it moves.
"""

from newsroom.pagecache import purge

__all__ = [
    "card_tags",
    "listed_tags",
    "next_due",
    "purge",
    "purge_article",
    "purge_subject",
    "sitemap_range_tags",
    "subject_tag",
]

from .models import Article, ArticleAuthor, EventTag, Region

ENTRY_TAGS = ("front", "lists")
SITEMAP_RANGE = 2000  # consecutive ids on a page of the article sitemap (its `limit`)


def sitemap_range_tags(low, high):
    """The tags of the article sitemap pages that list ids `low` to `high`: one per range of
    SITEMAP_RANGE ids, not one per article (a page lists two thousand)."""
    return [f"sitemap-range:{n}" for n in range(low // SITEMAP_RANGE, high // SITEMAP_RANGE + 1)]


def card_tags(article):
    """The tags of a page showing `article`'s card or page, from what is already loaded (no query)."""
    tags = {f"article:{article.pk}"}
    if article.region_id:
        tags.add(f"region:{article.region_id}")
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    tags.update(f"author:{byline.author_id}" for byline in prefetched.get("bylines", ()))
    tags.update(f"tag:{tag.pk}" for tag in prefetched.get("tags", ()))
    return tags


def subject_tag(subject):
    if isinstance(subject, Region):
        return f"region:{subject.pk}"
    if isinstance(subject, EventTag):
        return f"tag:{subject.pk}"
    return f"author:{subject.pk}"


def listed_tags(pk):
    """Every list the article with `pk` is in as the database has it now: its region and those
    above it, its tags, its authors, the front page and the other lists."""
    row = Article.objects.filter(pk=pk).values("status", "region_id").first()
    if row is None or row["status"] != Article.Status.PUBLISHED:
        return set()
    tags = {f"article:{pk}", *ENTRY_TAGS, *sitemap_range_tags(pk, pk)}
    region = Region.objects.select_related("parent__parent").filter(pk=row["region_id"]).first()
    if region is not None:
        tags.update(f"region:{r.pk}" for r in [*region.ancestors(), region])
    tag_ids = Article.tags.through.objects.filter(article_id=pk).values_list("eventtag_id", flat=True)
    author_ids = ArticleAuthor.objects.filter(article_id=pk).values_list("author_id", flat=True)
    tags.update(f"tag:{tag_id}" for tag_id in tag_ids)
    tags.update(f"author:{author_id}" for author_id in author_ids)
    return tags


def purge_article(article, *, before=(), schedule_changed=False):
    """After the commit, purge the pages showing `article` and the lists it is in now, with the
    tags `before` (those of the lists it was in before the change)."""
    purge(*before, *listed_tags(article.pk), f"article:{article.pk}", schedule_changed=schedule_changed)


def purge_subject(subject):
    """A region, tag or author renamed or deleted: the pages naming it, and every list (feeds and
    sitemaps name them too); a region also changes the navigation on every page."""
    purge(subject_tag(subject), *ENTRY_TAGS, *(["nav"] if isinstance(subject, Region) else []))


def next_due():
    """When the next scheduled article goes live (None: nothing scheduled); PAGE_CACHE_SCHEDULE."""
    upcoming = Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
    return upcoming.first()
