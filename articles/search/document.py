"""The search document of each article, written in one place.

`index_article()` and `index()` are called by the workflow's write paths (saving an article,
renaming a region or a tag) and by `rebuild_search_index`; nothing else writes `SearchDocument`.
The reader's text is never changed: the document holds normalised copies (`terms.document_text`).
"""

import csv
import io
from functools import reduce
from operator import add

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connections, transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Cast

from ..models import Article, SearchDocument
from .terms import document_text

LANGUAGES = ("ar", "fr", "en")
TEXT_SEARCH_CONFIGS = {"ar": "arabic", "fr": "french", "en": "english"}
# Headlines are also indexed unstemmed ('simple'), so an exact word outranks a word that merely
# shares its stem («الدوري», the league, and «الدور», a role, are both 'دور' to Snowball).
EXACT_CONFIG = "simple"
WEIGHTS = {"headline": "A", "summary": "B", "body": "C", "places": "D"}  # PostgreSQL's setweight
PARTS = tuple(WEIGHTS)
RANKED_PARTS = ("headline", "summary", "places")  # the body makes an article match, never ranks it


def document_parts(article, tags, places):
    """{language: {part: normalised text}} of `article`, its tags and its places (region first)."""
    parts = {}
    for lang in LANGUAGES:

        def text(obj, name, lang=lang):
            return getattr(obj, f"{name}_{lang}", "") or ""

        parts[lang] = {
            "headline": document_text(text(article, "headline")),
            "summary": document_text(
                text(article, "kicker"), text(article, "lead"), *(text(tag, "name") for tag in tags)
            ),
            "body": document_text(
                text(article, "body"), text(article.lead_image, "caption"), html_input=True
            ),
            "places": document_text(
                *(text(place, "name") for place in places),
                *(place.alt_names for place in places if lang == "ar"),
            ),
        }
    return parts


def suggestion_words(parts, tags):
    """The distinct words of headlines, tags and places: what «هل تقصد» may propose."""
    words = []
    for lang in LANGUAGES:
        words += [parts[lang]["headline"], parts[lang]["places"]]
        words += [document_text(getattr(tag, f"name_{lang}", "") or "") for tag in tags]
    return " ".join(dict.fromkeys(" ".join(words).split()))


def _vector(parts, names):
    """to_tsvector of each non-empty part under its language's configuration, weighted, joined."""
    vectors = [
        SearchVector(Value(parts[lang][name]), config=TEXT_SEARCH_CONFIGS[lang], weight=WEIGHTS[name])
        for lang in LANGUAGES
        for name in names
        if parts[lang][name]
    ]
    if "headline" in names:
        vectors += [
            SearchVector(Value(parts[lang]["headline"]), config=EXACT_CONFIG, weight=WEIGHTS["headline"])
            for lang in LANGUAGES
            if parts[lang]["headline"]
        ]
    return reduce(add, vectors) if vectors else Cast(Value(""), SearchVectorField())


def document_values(parts, words, vendor):
    """The SearchDocument columns that `vendor`'s search reads: vectors on PostgreSQL, texts elsewhere."""
    if vendor == "postgresql":
        return {
            "words": words,
            "rank_vector": _vector(parts, RANKED_PARTS),
            "vector": _vector(parts, PARTS),
            **dict.fromkeys(PARTS, ""),
        }
    texts = {name: " ".join(filter(None, (parts[lang][name] for lang in LANGUAGES))) for name in PARTS}
    return {"words": words, "vector": None, "rank_vector": None, **texts}


def places_of(article):
    """The article's region and the divisions above it (no query when loaded with
    select_related("region__parent__parent"))."""
    return [article.region, *article.region.ancestors()] if article.region_id else []


def publication_time(article):
    """What the search document keeps of the article's state: its publication time while it is
    published (or scheduled), else None."""
    return article.published_at if article.status == Article.Status.PUBLISHED else None


def index_article(article):
    """Write the search document of one saved article from its current text, tags and places."""
    tags = list(article.tags.all())
    parts = document_parts(article, tags, places_of(article))
    vendor = connections[article._state.db or "default"].vendor
    values = document_values(parts, suggestion_words(parts, tags), vendor)
    values["published_at"] = publication_time(article)
    SearchDocument.objects.update_or_create(article_id=article.pk, defaults=values)


def publication_changed(article):
    """After a change of the article's status or publication time (the workflow's transitions)."""
    SearchDocument.objects.using(article._state.db or "default").filter(article_id=article.pk).update(
        published_at=publication_time(article)
    )


def create_documents(articles_with_tags):
    """Write the search documents of new articles whose tags are in hand, from `(article, tags)`
    pairs, in one statement (on PostgreSQL the same SQL as `write_many`, without compiling a
    dozen SearchVector expressions through the ORM for each article, nor a staging table)."""
    if not articles_with_tags:
        return
    rows = []
    for article, tags in articles_with_tags:
        parts = document_parts(article, tags, places_of(article))
        rows.append((article, parts, suggestion_words(parts, tags)))
    connection = connections[rows[0][0]._state.db or "default"]
    if connection.vendor != "postgresql":
        SearchDocument.objects.using(connection.alias).bulk_create(
            SearchDocument(
                article_id=article.pk,
                published_at=publication_time(article),
                **document_values(parts, words, connection.vendor),
            )
            for article, parts, words in rows
        )
        return
    columns = ["article_id", "words", *(f"{lang}_{name}" for lang in LANGUAGES for name in PARTS)]
    row = "(" + ", ".join(["%s::bigint", *["%s::text"] * (len(columns) - 1)]) + ")"
    values = [
        value
        for article, parts, words in rows
        for value in (article.pk, words, *(parts[lang][name] for lang in LANGUAGES for name in PARTS))
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_SQL_INSERT} SELECT article_id, '', '', '', '', coalesce(words, ''),"
            f" {_sql_vector(RANKED_PARTS)}, {_sql_vector(PARTS)}, {_SQL_STAGED_PUBLICATION_TIME}, now()"
            f" FROM (VALUES {', '.join([row] * len(rows))}) AS search_staging ({', '.join(columns)}),"
            f" {_sql_part_vectors()}",
            values,
        )


def index(articles, batch_size=500):
    """Rewrite the search documents of the articles of a queryset; returns how many."""
    queryset = (
        articles.select_related("region__parent__parent", "lead_image")
        .prefetch_related("tags")
        .order_by("pk")
    )
    count = 0
    for article in queryset.iterator(chunk_size=batch_size):
        index_article(article)
        count += 1
    return count


def write_many(documents, using="default"):
    """Insert the search documents of many new articles at once, from `(article id, parts, words)`
    (bulk loads: generated archives, benchmarks). PostgreSQL builds every vector in one statement
    from a staging table filled with COPY; elsewhere the texts are bulk-inserted."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        created = SearchDocument.objects.using(using).bulk_create(
            SearchDocument(article_id=pk, **document_values(parts, words, connection.vendor))
            for pk, parts, words in documents
        )
        published = Article.objects.using(using).filter(
            pk=OuterRef("article_id"), status=Article.Status.PUBLISHED
        )
        SearchDocument.objects.using(using).filter(article_id__in=[d.article_id for d in created]).update(
            published_at=Subquery(published.values("published_at"))
        )
        return
    columns = [f"{lang}_{name}" for lang in LANGUAGES for name in PARTS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for pk, parts, words in documents:
        writer.writerow([pk, words, *(parts[lang][name] for lang in LANGUAGES for name in PARTS)])
    buffer.seek(0)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # Dropped at commit, but an enclosing transaction (a test, a caller's batch) may not have
        # committed since the last call.
        cursor.execute("DROP TABLE IF EXISTS pg_temp.search_staging")
        cursor.execute(
            "CREATE TEMPORARY TABLE search_staging (article_id bigint, words text, "
            + ", ".join(f"{column} text" for column in columns)
            + ") ON COMMIT DROP"
        )
        cursor.copy_expert("COPY search_staging FROM STDIN WITH (FORMAT csv)", buffer)
        cursor.execute(
            f"{_SQL_INSERT} SELECT article_id, '', '', '', '', coalesce(words, ''),"
            f" {_sql_vector(RANKED_PARTS)}, {_sql_vector(PARTS)}, {_SQL_STAGED_PUBLICATION_TIME}, now()"
            f" FROM search_staging, {_sql_part_vectors()}"
        )


_SQL_INSERT = (
    "INSERT INTO articles_searchdocument"
    " (article_id, headline, summary, body, places, words, rank_vector, vector, published_at, updated_at)"
)
# `publication_time` in SQL, for documents written from staging rows of articles already saved.
_SQL_STAGED_PUBLICATION_TIME = (
    "(SELECT article.published_at FROM articles_article AS article"
    " WHERE article.id = search_staging.article_id AND article.status = 'published')"
)


def _sql_part_vectors():
    """A LATERAL subquery of each part's weighted vector over the staging columns (for `write_many`
    and `create_documents`), built once for both vectors that share it: OFFSET 0 keeps the planner
    from flattening it into the select list, where they would be built twice. COPY reads an empty
    CSV field as NULL, and NULL would make the whole vector NULL."""

    def weighted(config, column, weight):
        return f"setweight(to_tsvector('{config}', coalesce({column}, '')), '{weight}')"

    vectors = {
        f"{lang}_{name}_vector": weighted(TEXT_SEARCH_CONFIGS[lang], f"{lang}_{name}", WEIGHTS[name])
        for lang in LANGUAGES
        for name in PARTS
    }
    vectors |= {f"{lang}_exact_vector": weighted(EXACT_CONFIG, f"{lang}_headline", "A") for lang in LANGUAGES}
    columns = ", ".join(f"{sql} AS {name}" for name, sql in vectors.items())
    return f"LATERAL (SELECT {columns} OFFSET 0) AS part_vectors"


def _sql_vector(names):
    """The SQL of `_vector` over `_sql_part_vectors()`, in the same order (positions depend on it)."""
    vectors = [f"{lang}_{name}_vector" for lang in LANGUAGES for name in names]
    if "headline" in names:
        vectors += [f"{lang}_exact_vector" for lang in LANGUAGES]
    return " || ".join(vectors)
