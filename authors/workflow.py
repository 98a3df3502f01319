"""Writes of authors that the public pages show: their bylines, their page, the feeds."""

from django.db import transaction

from articles import pagetags


@transaction.atomic
def save_author(author):
    """Save `author`; a change to one already public purges the pages naming them."""
    existing = author.pk is not None
    author.save()
    if existing:
        pagetags.purge_subject(author)
    return author


@transaction.atomic
def delete_authors(authors):
    """Delete the authors of the queryset `authors`, and the pages that named them."""
    for author in authors:
        pagetags.purge_subject(author)
    authors.delete()
