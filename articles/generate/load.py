"""Writing the generated batches: through the ORM anywhere, with COPY on PostgreSQL.

On PostgreSQL a large load is mostly the database's work (building the search vectors above all),
so the batches are written over connections of their own while Python makes the next one, and the
GIN indexes are set aside for the load and built once after it.
"""

import io
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from django.db import connections, transaction
from django.utils import timezone

from ..models import Article
from ..search import document
from .rows import related_rows, write_batch

SEARCH_INDEXES = {  # as migration 0010 makes them
    "article_search_vector_idx": "USING gin (vector)",
    "article_search_words_trgm_idx": "USING gin (words gin_trgm_ops)",
}
# The word-pairs index (migration 0018) stays through the load: built once afterwards it took
# longer (3.7 min at 100,000 articles, single-threaded) than kept up batch by batch (2 min more
# for the whole load, spread over the loader's connections).


class Loader:
    """Writes batches, each in one transaction, and calls `on_written(articles written so far)`
    after each, in the caller's thread. On PostgreSQL with COPY; there, unless the caller is inside
    a transaction (whose rows other connections could not see), over `workers` connections of
    their own while the caller makes the next batch."""

    def __init__(self, using="default", *, on_written, workers=2):
        connection = connections[using]
        self.using, self.on_written, self.written = using, on_written, 0
        self.copy = connection.vendor == "postgresql"
        self.workers = workers if self.copy and not connection.in_atomic_block else 0
        self.executor = ThreadPoolExecutor(self.workers) if self.workers else None
        self.running = deque()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def write(self, batch):
        if self.executor is None:
            self.done(self.write_in_transaction(batch))
            return
        if len(self.running) >= self.workers:  # memory: no more batches in hand than connections
            self.done(self.running.popleft().result())
        self.running.append(self.executor.submit(self.write_on_own_connection, batch))

    def close(self):
        """Wait for the batches still being written (and raise the first failure)."""
        try:
            while self.running:
                self.done(self.running.popleft().result())
        finally:
            if self.executor is not None:
                self.executor.shutdown(cancel_futures=True)

    def done(self, count):
        self.written += count
        self.on_written(self.written)

    def write_in_transaction(self, batch):
        with transaction.atomic(using=self.using):
            (copy_batch if self.copy else write_batch)(batch, self.using)
        return len(batch)

    def write_on_own_connection(self, batch):
        try:
            return self.write_in_transaction(batch)
        finally:
            connections[self.using].close()  # this thread's connection


def copy_batch(batch, using="default"):
    """Insert a batch on PostgreSQL with COPY: the rows bulk_create would insert, without making
    model instances (their translated fields make __init__ the slowest part of bulk_create)."""
    with connections[using].cursor() as cursor:
        # Bodies and vectors are a few kB, so TOAST compresses each row; lz4 does it several times
        # faster than the default pglz, and reading them back is the same (where PostgreSQL has it).
        cursor.execute(
            "SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings"
            " WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
        )
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('articles_article', 'id')) FROM generate_series(1, %s)",
            [len(batch)],
        )
        for article, (pk,) in zip(batch, cursor.fetchall(), strict=True):
            article.pk = pk
        now = timezone.now()  # auto_now and auto_now_add, as bulk_create sets them
        copy_rows(
            cursor, Article, [{"id": a.pk, **a.fields, "created_at": now, "updated_at": now} for a in batch]
        )
        for model, rows in related_rows(batch):
            copy_rows(cursor, model, rows)
    document.write_many((article.search_document() for article in batch), using=using)


def copy_rows(cursor, model, rows):
    """COPY `rows` (plain values by attribute name: text, numbers, booleans, datetimes, None) into
    `model`'s table; a column a row leaves out gets the field's default, the primary key its
    identity."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    buffer = io.StringIO()
    for row in rows:
        values = {**defaults, **row}
        buffer.write("\t".join(copy_text(values[f.attname]) for f in fields))
        buffer.write("\n")
    buffer.seek(0)
    quote = cursor.db.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", buffer)


def copy_text(value):
    """`value` in COPY's text format, where a backslash starts an escape, a tab ends the column and
    a newline the row (str.replace, as most values have none of them: far quicker than translate)."""
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def drop_search_indexes(using="default"):
    """Before a large load on PostgreSQL: building a GIN index once is far quicker than keeping it up."""
    with connections[using].cursor() as cursor:
        for name in SEARCH_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def restore_search_indexes(using="default"):
    """Build the GIN indexes again after the load: each on a connection of its own (they take
    locks that do not conflict), unless the caller is inside a transaction, and with more memory
    than the server's default, as a GIN build that fits in it does not spill its entries to disk."""

    def build(name, method):
        with connections[using].cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON articles_searchdocument {method}")

    def build_on_own_connection(name, method):
        try:
            with transaction.atomic(using=using):
                build(name, method)
        finally:
            connections[using].close()  # this thread's connection

    if connections[using].in_atomic_block:
        for name, method in SEARCH_INDEXES.items():
            build(name, method)
    else:
        with ThreadPoolExecutor(len(SEARCH_INDEXES)) as executor:
            builds = [executor.submit(build_on_own_connection, *index) for index in SEARCH_INDEXES.items()]
            for future in builds:
                future.result()
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
