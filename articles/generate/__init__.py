"""Generated Arabic articles for trying the site at archive size (`manage.py generate_articles`).

- `text`: the Arabic text (`Writer`) and the vocabulary it is written from;
- `rows`: the generated authors, tags and articles with their bylines, tags, comments and search
  documents, made a batch at a time, and how to remove them again;
- `load`: writing the batches, through the ORM or, on PostgreSQL, with COPY over two connections.

Rows go in with bulk inserts or COPY: this is a loader for empty or test databases, and
deliberately skips the workflow's revisions and audit log (there is no editor to record). Every
generated row carries the marker `GENERATED` at the end of its slug, which `remove_generated()`
relies on.
"""

from .load import Loader, drop_search_indexes, restore_search_indexes
from .rows import Batches, make_authors, make_tags, place_terms, remove_generated
from .text import Writer, vocabulary

__all__ = [
    "Batches",
    "Loader",
    "Writer",
    "drop_search_indexes",
    "make_authors",
    "make_tags",
    "place_terms",
    "remove_generated",
    "restore_search_indexes",
    "vocabulary",
]
