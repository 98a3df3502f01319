"""New posts are written in batches: one transaction and one insert per table for a hundred of
them. On PostgreSQL several worker processes write batches side by side while this one reads the
file (a 2-core server then uses both cores); elsewhere, and in a dry run, this process writes
them itself. A batch that fails is rolled back and its posts written one by one, so only the bad
one fails and the report says which."""

import logging
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from multiprocessing import get_context

from django.db import connection, connections, transaction

from newsroom import pagecache

from .report import Report

log = logging.getLogger("newsroom.wordpress")
BATCH_SIZE = 100


def write_each(context, ref, kind, function, record, *args):
    """One item in its own transaction: a failure is reported and the run goes on."""
    try:
        with transaction.atomic():
            function(record, *args)
    except Exception as error:  # one bad item must not stop a 50,000-post import
        log.exception("import of %s failed", ref)
        context.report.count(kind, "failed")
        context.report.problem(ref, f"{type(error).__name__}: {error}")
        forget(context)


def forget(context):
    """After a transaction rolled back: what the run held in memory of it may be gone."""
    context.subjects.forget()
    context.ledger._cache.clear()


def commit_quickly():
    """This session's commits do not wait for the disk (see run._quick_commits)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")


def write_batch(context, writer, records, kind):
    """Write new `records` (all of `kind`) in one transaction, or one by one if that fails."""
    report = context.report
    counts = {name: counter.copy() for name, counter in report.counts.items()}
    problems = len(report.problems)
    try:
        with transaction.atomic():
            writer.write_new(records, kind)
    except Exception:  # one bad post among a hundred: find it by writing them one at a time
        log.info("a batch of %d %s failed; writing them one by one", len(records), kind)
        report.counts.clear()
        report.counts.update(counts)
        del report.problems[problems:]
        forget(context)
        for record in records:
            write_each(context, f"{record.post_type} {record.id}", kind, writer.write, record, kind)
    return len(records)


def parallel_workers(context):
    """How many worker processes write for this run, or 0: this process writes itself. Workers see
    only what is committed: not in a dry run, nor inside a caller's transaction; nor on SQLite."""
    workers = context.options.workers
    if workers is None:
        workers = min(os.cpu_count() or 1, 4)
    if workers > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block:
        return workers
    return 0


class Batches:
    """New posts held back until a batch is full, then written (`add`); `finish` writes the rest.
    Both return how many posts were written, for the progress bar."""

    def __init__(self, context, writer):
        self.context, self.writer, self.records, self.kind = context, writer, [], None

    @staticmethod
    def for_run(context, writer):
        if workers := parallel_workers(context):
            return ParallelBatches(context, writer, workers)
        return Batches(context, writer)

    def add(self, record, kind):
        written = self.write() if self.records and kind != self.kind else 0
        self.records.append(record)
        self.kind = kind
        if len(self.records) >= BATCH_SIZE:
            written += self.write()
        return written

    def write(self):
        records, self.records = self.records, []
        return self._write(records, self.kind) if records else 0

    def _write(self, records, kind):
        return write_batch(self.context, self.writer, records, kind)

    def finish(self):
        return self.write()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None


class ParallelBatches(Batches):
    """`Batches` written by the processes of a `WorkerPool`, started with the first batch (a run
    that finds every post unchanged forks none)."""

    def __init__(self, context, writer, workers):
        super().__init__(context, writer)
        self.workers, self.pool = workers, None

    def _write(self, records, kind):
        if self.pool is None:
            self.pool = WorkerPool(self.context, self.workers, writer=self.writer)
        return self.pool.submit(_write_posts, records, kind)

    def finish(self):
        written = self.write()
        return written + (self.pool.finish() if self.pool is not None else 0)

    def __exit__(self, *exc_info):
        if self.pool is not None:
            self.pool.close()


class AttachmentWriter:
    """Attachments stored `BATCH_SIZE` at a time by a `WorkerPool` (each still in its own
    transaction: a file that fails costs only itself), while this process reads on; the index
    posts resolve their images with is filled here from what the workers stored."""

    def __init__(self, context, workers):
        self.context, self.workers, self.pool = context, workers, None
        self.waiting, self.in_flight = [], {}  # to submit; submitted, by WordPress id

    def add(self, record):
        """Take one attachment; returns how many were written meanwhile (for the progress bar)."""
        attachments = self.context.attachments
        attachments.remember(record)
        if attachments.unchanged(record):
            return 1
        if self.pool is None:  # forked once the authors and terms before the items are in
            self.pool = WorkerPool(self.context, self.workers, on_result=self._index)
        self.waiting.append(record)
        return self._submit() if len(self.waiting) >= BATCH_SIZE else 0

    def _submit(self):
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return 0
        self.in_flight.update((record.id, record) for record in waiting)
        return self.pool.submit(_store_attachments, waiting)

    def _index(self, stored):
        for record_id, image_id in stored:
            self.context.attachments.index_stored(self.in_flight.pop(record_id), image_id)

    def finish(self):
        if self.pool is None:
            return 0
        written = self._submit() + self.pool.finish()
        self.in_flight.clear()  # those that failed, reported
        return written

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.pool is not None:
            self.pool.close()


# The import's state, inherited by the worker processes when they are forked.
_inherited = None


def _start_worker():
    pagecache.take_held()  # the parent's, which it purges itself
    commit_quickly()


def _started():
    return True


def _write_posts(records, kind):
    context, writer = _inherited
    context.report = Report()
    write_batch(context, writer, records, kind)
    return len(records), context.report, pagecache.take_held(), None


def _store_attachments(records):
    context, _writer = _inherited
    context.report = Report()
    stored = []

    def store(record):
        stored.append((record.id, context.attachments.store(record)))

    for record in records:
        write_each(context, f"attachment {record.id}", "attachments", store, record)
    return len(records), context.report, pagecache.take_held(), stored


class WorkerPool:
    """`workers` forked processes, each with its own database connection, writing what `submit`
    gives them; at most two tasks per worker wait, so memory stays flat however long the file.
    Each task reports back its counts, its problems, the page-cache purges it held and a result
    for `on_result`; `submit` and `finish` return how many items were written meanwhile."""

    def __init__(self, context, workers, *, on_result=None, writer=None):
        global _inherited
        self.context, self.on_result = context, on_result
        _inherited = (context, writer)
        # The workers are forked at the first submit, all at once: with no connection open, so
        # that each opens its own (a shared socket would mix their queries).
        connections.close_all()
        self.pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_start_worker)
        self.pool.submit(_started).result()
        self.limit, self.pending = 2 * workers, set()
        context.report.workers = max(context.report.workers, workers)
        commit_quickly()  # the connection this process opens again

    def submit(self, function, *args):
        self.pending.add(self.pool.submit(function, *args))
        written = 0
        while len(self.pending) >= self.limit:
            written += self._collect(wait(self.pending, return_when=FIRST_COMPLETED).done)
        return written

    def _collect(self, futures):
        written = 0
        for future in futures:
            self.pending.discard(future)
            count, report, (tags, schedule_changed), result = future.result()
            written += count
            self.context.report.merge(report)
            if tags or schedule_changed:
                pagecache.purge(*tags, schedule_changed=schedule_changed)
            if self.on_result is not None:
                self.on_result(result)
        return written

    def finish(self):
        """Wait for every task; returns how many items they wrote."""
        return self._collect(wait(self.pending).done)

    def close(self):
        """However the run ends (an interrupt, a signal), the workers finish the task they are
        on and stop; the tasks still waiting are not written (a re-run will)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
