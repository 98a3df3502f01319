"""Keep each search document's vector in its own row rather than in the TOAST table.

A search for common words walks the articles newest first and tests each one's vector. An
article's vector is about 2.7 KB, above the 2 KB at which PostgreSQL moves a value out of line,
so every test fetched it from the TOAST table (its index, then its chunks) and decompressed it:
about 11 µs a row against 3 µs for a vector in the row (docs/performance.md). With the tuple
target at its maximum, a row is only TOASTed when it would not fit in a page; a longer article's
vector still goes out of line.

VACUUM FULL rewrites the existing rows into that form (and rebuilds the table's indexes): minutes
at 100,000 articles, during which the table is locked. It cannot run inside a transaction.
"""

from django.db import migrations

from ._postgres import PostgresOnlySQL


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0018_search_pairs_index"),
    ]

    operations = [
        PostgresOnlySQL(
            [
                "ALTER TABLE articles_searchdocument SET (toast_tuple_target = 8160)",
                "SET maintenance_work_mem = '256MB'",
                "VACUUM FULL articles_searchdocument",
                "RESET maintenance_work_mem",
            ],
            # Rows already in the page stay there; new ones are TOASTed above 2 KB again.
            "ALTER TABLE articles_searchdocument RESET (toast_tuple_target)",
        ),
    ]
