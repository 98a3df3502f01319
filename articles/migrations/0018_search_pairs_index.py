"""An index of the adjacent word pairs of each search document, for phrase searches.

A GIN index over the positional vector cannot check positions: a phrase such as «"السجل
الاجتماعي"» made PostgreSQL re-read the whole vector of every article holding both words (tens of
thousands at 100,000 articles) to find the few hundred where they are adjacent. `search_pairs`
lists each pair of lexemes at consecutive positions of the vector ("سجل اجتماع"), without
positions, so the pairs of a phrase are looked up exactly in this index and only the articles
holding them are checked for the phrase itself. It is an index over an expression: nothing is
stored in the table and every write keeps it current. Its cost (about half a millisecond for a
400-word article) is declared, so that the planner reads the index rather than compute it per row.
"""

from django.db import migrations

from ._postgres import PostgresOnlySQL

PAIRS_FUNCTION = """
CREATE FUNCTION search_pairs(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT pair)), ''::tsvector)
  FROM (
    SELECT lexeme || ' ' || lead(lexeme) OVER next_word AS pair, position,
           lead(position) OVER next_word AS next_position
    FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS words
    WINDOW next_word AS (ORDER BY position)
  ) AS pairs
  WHERE next_position = position + 1
$$
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_article_lean_indexes"),
    ]

    operations = [
        PostgresOnlySQL(PAIRS_FUNCTION, "DROP FUNCTION search_pairs(tsvector)"),
        PostgresOnlySQL(
            [
                "SET LOCAL maintenance_work_mem = '256MB'",
                "CREATE INDEX article_search_pairs_idx ON articles_searchdocument"
                " USING gin (search_pairs(vector))",
                # No statistics: ANALYZE would compute the pairs of each of its 30,000 sampled rows
                # (25 s at 100,000 articles instead of 1 s). The search counts in the index instead.
                "ALTER INDEX article_search_pairs_idx ALTER COLUMN 1 SET STATISTICS 0",
            ],
            "DROP INDEX article_search_pairs_idx",
        ),
    ]
