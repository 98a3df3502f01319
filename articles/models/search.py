"""The search document: each article's text as search reads it, kept apart from the article row.

Written only by `articles.search.document` (called from the workflow's write paths), never shown.
Each database stores what it reads: PostgreSQL the two weighted vectors (built by `to_tsvector`
with each language's configuration when the document is written), SQLite the normalised texts that
its LIKE fallback matches; both keep `words`, where «هل تقصد» suggestions come from.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .article import Article


class SearchDocument(models.Model):
    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    # Normalised index terms of every language, for the SQLite fallback; weights as PostgreSQL's
    # A (headline), B (kicker, lead, tags), C (body, caption), D (region and the divisions above).
    headline = models.TextField(default="")
    summary = models.TextField(default="")
    body = models.TextField(default="")
    places = models.TextField(default="")
    words = models.TextField(default="")  # headline, tag and place words: «هل تقصد»
    vector = SearchVectorField(null=True)  # everything: what matches
    rank_vector = SearchVectorField(null=True)  # all but the body: what ranks, small enough to stay inline
    # The article's publication time while its status is published (a future one: scheduled), else
    # null: readers' searches choose their newest matches here, without reading each article's row.
    published_at = models.DateTimeField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["published_at", "article"],
                name="search_document_published_idx",
                condition=models.Q(published_at__isnull=False),
            )
        ]

    def __str__(self):
        return f"search document of article {self.article_id}"
