"""Loading a generated archive: what only a large load on PostgreSQL needs (the search indexes set aside)."""

from django.db import connections

SEARCH_INDEXES = {  # as migration 0010 makes them
    "article_search_vector_idx": "USING gin (vector)",
    "article_search_words_trgm_idx": "USING gin (words gin_trgm_ops)",
}


def drop_search_indexes(using="default"):
    """Before a large load on PostgreSQL: building a GIN index once is far quicker than keeping it up."""
    with connections[using].cursor() as cursor:
        for name in SEARCH_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def restore_search_indexes(using="default"):
    with connections[using].cursor() as cursor:
        for name, method in SEARCH_INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON articles_searchdocument {method}")
        cursor.execute("ANALYZE")
