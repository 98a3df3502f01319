"""What each cached public page shows, and which pages a change to an article invalidates.

Tags: `article:<id>` on every page showing the article (its own page and its cards), `region:<id>`,
`tag:<id>` and `author:<id>` on the pages listing or naming them, `front` on the home page,
`lists` on every other list (/articles/, feeds, sitemaps, search, corrections) and `nav` on every
page (the navigation names the top regions); the article sitemap's remembered pages are kept under
their blocks of ids (`sitemap-ids:<n>`), purged with every article of the block. An article that
enters or leaves the public site purges the lists it is in, not only the pages that showed it,
since everything below it moves.
"""

from newsroom import pagecache

from .models import Article, ArticleAuthor, EventTag, Region
from .sitemaps import id_block_tag

ENTRY_TAGS = ("front", "lists")


def purge(*tags, schedule_changed=False):
    """`newsroom.pagecache.purge`, with the article sitemap pages of every article purged (their
    tag is their block of ids, not one per article: a page lists two thousand)."""
    articles = [tag.removeprefix("article:") for tag in tags if tag and tag.startswith("article:")]
    blocks = {id_block_tag(int(pk)) for pk in articles}
    pagecache.purge(*tags, *blocks, schedule_changed=schedule_changed)


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
    tags = {f"article:{pk}", *ENTRY_TAGS}
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
