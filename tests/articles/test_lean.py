"""Public pages at archive size: query counts that do not depend on what the pages show, capped
pagination, and (on PostgreSQL) plans that use an index rather than reading every article."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.blocks import region_blocks
from articles.models import Article, Region
from newsroom.pagination import CappedPaginator
from tests.factories import make_article, make_author, make_comment, make_region, make_tag

from .helpers import count_queries

pytestmark = pytest.mark.django_db


def articles_with(n, region, tag, author):
    """Two articles sharing `tag`, `author` and `region`, each with `n` authors, tags and
    approved comments."""
    for _ in range(2):
        authors = [author, *(make_author() for _ in range(n - 1))]
        tags = [tag, *(make_tag() for _ in range(n - 1))]
        article = make_article(region=region, authors=authors, tags=tags, is_featured=True)
        for _ in range(n):
            make_comment(article, status="approved")


PAGES = ["/", "/articles/", "region", "tag", "author", "/feed/", "article", "/search/?q=مقال"]


def urls(region, tag, author):
    article = Article.objects.published().first()
    named = {"region": region, "tag": tag, "author": author, "article": article}
    return [named[page].get_absolute_url() if page in named else page for page in PAGES]


@pytest.mark.parametrize("page", range(len(PAGES)), ids=PAGES)
def test_query_count_is_the_same_with_one_or_fifty_related_objects(client, page):
    counts = []
    for n in (1, 50):
        Article.objects.all().delete()
        region, tag, author = make_region(), make_tag(), make_author()
        articles_with(n, region, tag, author)
        counts.append(count_queries(client, urls(region, tag, author)[page]))
    assert counts[0] == counts[1]


def test_region_blocks_take_two_queries_whatever_the_number_of_regions(django_assert_num_queries):
    for _ in range(15):
        make_article(region=make_region(parent=make_region(), level=Region.Level.PROVINCE))
    with django_assert_num_queries(2):
        blocks = region_blocks()
    assert len(blocks) == 15 and all(len(articles) == 1 for _region, articles in blocks)


def test_region_blocks_keep_each_regions_newest_three():
    region = make_region()
    made = [make_article(region=make_region(parent=region, level=Region.Level.PROVINCE)) for _ in range(5)]
    newest = sorted(made, key=lambda a: (a.published_at, a.pk), reverse=True)[:3]
    [(block_region, articles)] = region_blocks()
    assert block_region == region and articles == newest


def test_listing_counts_no_further_than_its_last_page(client, settings):
    region = make_region()
    for _ in range(7):
        make_article(region=region)
    paginator = CappedPaginator(Article.objects.published(), 2)
    paginator.max_pages = 3
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 7 and paginator.capped and paginator.num_pages == 3
    assert "LIMIT 7" in queries[0]["sql"]  # 3 pages of 2, and one more to know there are more


def test_a_page_past_the_cap_explains_how_to_reach_older_articles(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "max_pages", 2)
    for _ in range(45):
        make_article()
    text = client.get("/articles/", {"page": 2}).content.decode()
    assert "أكثر من 40 مقال" in text
    response = client.get("/articles/", {"page": 3})
    assert response.status_code == 200
    assert "استعمل البحث أو التصفية بالتاريخ" in response.content.decode()
    assert client.get("/articles/", {"page": 999}).status_code == 200


# --- Plans on PostgreSQL ------------------------------------------------------------------------

PLANNED_PAGES = [*PAGES, "/articles/?page=2", "/sitemap.xml", "/news-sitemap.xml", "/feed/atom/"]
PLANNED_PAGES += [f"/sitemap-{section}.xml" for section in ("articles", "regions", "tags", "authors")]


@pytest.fixture
def archive(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_regions", stdout=StringIO())
    call_command("generate_articles", "400", "--authors", "6", "--tags", "10", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    article = Article.objects.published().filter(region__isnull=False).first()
    tag, author = article.tags.first() or make_tag(), article.authors.first()
    region = Region.objects.get(code=article.region.code.split(".")[0])
    return region, tag, author


@pytest.mark.postgres
@pytest.mark.parametrize("page", PLANNED_PAGES)
def test_public_queries_use_an_index_not_a_scan_of_the_articles(client, archive, page):
    """With sequential scans priced out, a query that still reads articles_article whole has no
    index to use: at 100,000 articles it would read them all on every request."""
    region, tag, author = archive
    named = dict(zip(PAGES, urls(region, tag, author), strict=True))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(named.get(page, page)).status_code == 200
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "articles_article" in q["sql"]]
    assert selects
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            for sql in selects:
                cursor.execute("EXPLAIN " + sql)  # no parameters: psycopg leaves the % alone
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert "Seq Scan on articles_article " not in plan + " ", (sql, plan)
        finally:
            cursor.execute("SET enable_seqscan = on")
