"""Arabic search over published articles.

- `terms`: what a word is indexed and queried under (prefixes, stop words), over
  `newsroom.arabic.normalize`;
- `query`: what a reader typed, parsed into bounded clauses;
- `document`: the stored search document of each article (`SearchDocument`), written in one place;
- `backends`: matching and ranking (PostgreSQL full text, or LIKE on SQLite) and `SearchResults`,
  the one entry point of /search/ and /articles/?q=;
- `suggest`: «هل تقصد» on PostgreSQL; `highlight`: the reader's words marked in the text as written.

Kept empty so that `articles.models` can use `backends` without importing `document`, which
imports the models.
"""
