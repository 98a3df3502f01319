"""PostgreSQL side of the search document: pg_trgm, a trigger that derives `search_vector` from the
normalised `search_*` columns with per-language configurations and weights, and the GIN indexes.
Every step is a no-op on SQLite, where search reads the `search_*` columns directly. Existing
articles get their search columns filled here, with the migrations' frozen copy of the
normalisation (`_search_text.py`). Migration 0011 later moves the document to its own table."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from articles.migrations._postgres import PostgresOnlySQL
from articles.migrations._search_text import (
    EXACT_CONFIG,
    LANGUAGES,
    SEARCH_WEIGHTS,
    TEXT_SEARCH_CONFIGS,
    document_parts,
    places_of,
)


def weighted(lang, part, weight, config=None):
    config = config or TEXT_SEARCH_CONFIGS[lang]
    return (
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(NEW.search_{part}_{lang}, '')), '{weight}')"
    )


# The body only makes an article match; the rest also ranks it. The rank vector is small enough to
# stay in the row, so scoring thousands of matches does not read the (TOASTed) full document.
RANKED = [
    *(
        weighted(lang, part, weight)
        for lang in LANGUAGES
        for part, weight in SEARCH_WEIGHTS.items()
        if part != "body"
    ),
    *(weighted(lang, "headline", "A", EXACT_CONFIG) for lang in LANGUAGES),
]
BODY = [weighted(lang, "body", SEARCH_WEIGHTS["body"]) for lang in LANGUAGES]
COLUMNS = ", ".join(f"search_{part}_{lang}" for lang in LANGUAGES for part in SEARCH_WEIGHTS)

FORWARD = [
    f"""
    CREATE FUNCTION articles_article_search_vector_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_rank_vector := {" || ".join(RANKED)};
        NEW.search_vector := NEW.search_rank_vector || {" || ".join(BODY)};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF {COLUMNS} ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector_update();
    """,
    "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector);",
    "CREATE INDEX article_search_words_trgm_idx ON articles_article USING gin (search_words gin_trgm_ops);",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_search_words_trgm_idx;",
    "DROP INDEX IF EXISTS article_search_vector_idx;",
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;",
    "DROP FUNCTION IF EXISTS articles_article_search_vector_update();",
]


def search_columns(article, tags, places):
    """The `search_<part>_<lang>` columns and `search_words` of one article."""
    parts, words = document_parts(article, tags, places)
    columns = {f"search_{part}_{lang}": parts[lang][part] for lang in LANGUAGES for part in SEARCH_WEIGHTS}
    return {**columns, "search_words": words}


def fill_search_documents(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Region = apps.get_model("articles", "Region")
    regions = {region.code: region for region in Region.objects.using(schema_editor.connection.alias)}
    for article in Article.objects.using(schema_editor.connection.alias).select_related("region"):
        columns = search_columns(article, list(article.tags.all()), places_of(article, regions))
        Article.objects.using(schema_editor.connection.alias).filter(pk=article.pk).update(**columns)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_search_document"),
    ]

    operations = [
        TrigramExtension(),
        PostgresOnlySQL(FORWARD, BACKWARD),
        migrations.RunPython(fill_search_documents, migrations.RunPython.noop),
    ]
