"""Each search document holds its article's publication time while the article is published.

A reader's search keeps the newest matches; with the date only on the article, choosing them
looked up the article row of every match (thousands for a common word at 100,000 articles). The
copy is filled here from the articles, then kept by the write paths (`articles.search.document`).

On PostgreSQL the fill writes a new version of every published document, doubling the table;
VACUUM FULL gives the space back (as migration 0019, minutes at 100,000 articles with the table
locked). It cannot run inside a transaction, hence `atomic = False`: each operation still runs
in a transaction of its own.
"""

from django.db import migrations, models

from ._postgres import PostgresOnlySQL

FILL = """
UPDATE articles_searchdocument SET published_at = (
    SELECT article.published_at FROM articles_article AS article
    WHERE article.id = articles_searchdocument.article_id
)
WHERE article_id IN (SELECT id FROM articles_article WHERE status = 'published')
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0019_search_document_inline_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="published_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        PostgresOnlySQL(
            [
                "SET maintenance_work_mem = '256MB'",
                "VACUUM (FULL, ANALYZE) articles_searchdocument",
                "RESET maintenance_work_mem",
            ],
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(
                condition=models.Q(("published_at__isnull", False)),
                fields=["published_at", "article"],
                name="search_document_published_idx",
            ),
        ),
    ]
