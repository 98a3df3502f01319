"""The search document moves from fifteen columns of the article table to its own table.

Forward: create `articles_searchdocument`, fill it for every article (on PostgreSQL the two
weighted vectors, built with `to_tsvector` from the normalised text; elsewhere the normalised
texts), index it, then drop the old trigger, its function, its indexes and the old columns.
Backward: the columns, trigger and indexes come back and are filled again. Both directions use
the migrations' frozen copy of the normalisation (`_search_text.py`), never live code.
"""

from functools import reduce
from operator import add

import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Cast

from articles.migrations._postgres import PostgresOnlySQL
from articles.migrations._search_text import (
    EXACT_CONFIG,
    LANGUAGES,
    SEARCH_WEIGHTS,
    TEXT_SEARCH_CONFIGS,
    document_parts,
    places_of,
)

OLD_COLUMNS = [f"search_{part}_{lang}" for lang in LANGUAGES for part in SEARCH_WEIGHTS]
RANKED_PARTS = ("headline", "summary", "places")


def _vector(parts, names):
    vectors = [
        SearchVector(Value(parts[lang][name]), config=TEXT_SEARCH_CONFIGS[lang], weight=SEARCH_WEIGHTS[name])
        for lang in LANGUAGES
        for name in names
        if parts[lang][name]
    ]
    vectors += [
        SearchVector(Value(parts[lang]["headline"]), config=EXACT_CONFIG, weight="A")
        for lang in LANGUAGES
        if "headline" in names and parts[lang]["headline"]
    ]
    return reduce(add, vectors) if vectors else Cast(Value(""), SearchVectorField())


def _articles(apps, db):
    Article = apps.get_model("articles", "Article")
    Region = apps.get_model("articles", "Region")
    regions = {region.code: region for region in Region.objects.using(db)}
    for article in Article.objects.using(db).select_related("region").prefetch_related("tags").iterator(500):
        tags = list(article.tags.all())
        yield article, tags, places_of(article, regions)


def fill_documents(apps, schema_editor):
    SearchDocument = apps.get_model("articles", "SearchDocument")
    db = schema_editor.connection.alias
    postgres = schema_editor.connection.vendor == "postgresql"
    for article, tags, places in _articles(apps, db):
        parts, words = document_parts(article, tags, places)
        if postgres:
            values = {"rank_vector": _vector(parts, RANKED_PARTS), "vector": _vector(parts, SEARCH_WEIGHTS)}
        else:
            values = {
                name: " ".join(filter(None, (parts[lang][name] for lang in LANGUAGES))) for name in SEARCH_WEIGHTS
            }
        SearchDocument.objects.using(db).create(article_id=article.pk, words=words, **values)


def fill_old_columns(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    db = schema_editor.connection.alias
    for article, tags, places in _articles(apps, db):
        parts, words = document_parts(article, tags, places)
        columns = {f"search_{part}_{lang}": parts[lang][part] for lang in LANGUAGES for part in SEARCH_WEIGHTS}
        Article.objects.using(db).filter(pk=article.pk).update(search_words=words, **columns)


def _weighted(lang, part, weight, config=None):
    config = config or TEXT_SEARCH_CONFIGS[lang]
    return f"setweight(to_tsvector('{config}'::regconfig, coalesce(NEW.search_{part}_{lang}, '')), '{weight}')"


# The trigger, function and indexes of migration 0007, to drop going forward and recreate going back.
OLD_RANKED = " || ".join(
    [
        *(_weighted(lang, part, weight) for lang in LANGUAGES for part, weight in SEARCH_WEIGHTS.items() if part != "body"),
        *(_weighted(lang, "headline", "A", EXACT_CONFIG) for lang in LANGUAGES),
    ]
)
OLD_BODY = " || ".join(_weighted(lang, "body", SEARCH_WEIGHTS["body"]) for lang in LANGUAGES)
OLD_TRIGGER = [
    f"""
    CREATE FUNCTION articles_article_search_vector_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_rank_vector := {OLD_RANKED};
        NEW.search_vector := NEW.search_rank_vector || {OLD_BODY};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF {", ".join(OLD_COLUMNS)} ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector_update();
    """,
    "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector);",
    "CREATE INDEX article_search_words_trgm_idx ON articles_article USING gin (search_words gin_trgm_ops);",
]
DROP_OLD_TRIGGER = [
    "DROP INDEX IF EXISTS article_search_words_trgm_idx;",
    "DROP INDEX IF EXISTS article_search_vector_idx;",
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;",
    "DROP FUNCTION IF EXISTS articles_article_search_vector_update();",
]
NEW_INDEXES = [
    "CREATE INDEX article_search_vector_idx ON articles_searchdocument USING gin (vector);",
    "CREATE INDEX article_search_words_trgm_idx ON articles_searchdocument USING gin (words gin_trgm_ops);",
]
DROP_NEW_INDEXES = [
    "DROP INDEX IF EXISTS article_search_words_trgm_idx;",
    "DROP INDEX IF EXISTS article_search_vector_idx;",
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_comments_move_to_comments_app"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("headline", models.TextField(default="")),
                ("summary", models.TextField(default="")),
                ("body", models.TextField(default="")),
                ("places", models.TextField(default="")),
                ("words", models.TextField(default="")),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("rank_vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        # In this order so that, going back, the old trigger exists again when the columns are
        # filled (it derives the vectors), and the new indexes are gone before the old names return.
        migrations.RunPython(fill_documents, fill_old_columns),
        PostgresOnlySQL(DROP_OLD_TRIGGER, OLD_TRIGGER),
        PostgresOnlySQL(NEW_INDEXES, DROP_NEW_INDEXES),
        *(migrations.RemoveField(model_name="article", name=name) for name in OLD_COLUMNS),
        migrations.RemoveField(model_name="article", name="search_words"),
        migrations.RemoveField(model_name="article", name="search_vector"),
        migrations.RemoveField(model_name="article", name="search_rank_vector"),
    ]
