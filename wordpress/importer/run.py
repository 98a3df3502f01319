"""The import's passes over the export: check it whole (`scan`: a bad file changes nothing), then
authors, terms and attachments, then posts with their comments, each item in its own transaction
so an interrupted run continues where it stopped."""

import logging
import sys
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from tqdm import tqdm

from embeds.workflow import add_embed
from newsroom import pagecache
from redirects.models import Redirect

from ..old_urls import OldPaths
from ..places import PlaceMatcher, read_divisions, read_region_map
from ..records import Author, Item, Site, Term
from ..wxr import WXRReader, scan
from .addresses import Addresses
from .attachments import Attachments
from .batches import AttachmentWriter, Batches, commit_quickly, parallel_workers, write_each
from .ledger import Ledger, digest_all, source_of
from .people import People
from .posts import PostWriter
from .report import Report
from .subjects import Subjects

log = logging.getLogger("newsroom.wordpress")
KINDS = {"post": "posts", "page": "pages"}


@dataclass
class ImportOptions:
    media_dir: str | None = None
    region_map: str | None = None
    dry_run: bool = False
    pages: bool = False
    create_users: bool = False
    workers: int | None = None  # processes writing posts on PostgreSQL; None: one per core, up to 4
    recover: bool = False
    progress: bool = True
    progress_file: object = field(default=sys.stderr)


class _Rollback(Exception):
    pass


@dataclass
class Context:
    options: ImportOptions
    report: Report
    site: Site = None
    ledger: Ledger = None
    old_paths: OldPaths = None
    settings_digest: str = ""
    people: People = None
    subjects: Subjects = None
    attachments: Attachments = None
    addresses: Addresses = None

    @staticmethod
    def resolve_embed(url):
        """The embed id for `url` (a provider of the allowlist), or None: the converter keeps the
        link. The provider is not asked (an import assumes no network): the facade shows its
        name, and a journalist who re-adds the embed in the editor gets its thumbnail."""
        try:
            return str(add_embed(url, by=None, ask_provider=False).pk)
        except ValidationError:
            return None


def import_wxr(path, options=None):
    """Import the export at `path`; returns the `Report`. Raises `WXRError` (nothing written) for
    a file that is not a readable, safe WordPress export, and ValueError for a bad region map."""
    options = options or ImportOptions()
    summary = scan(path, recover=options.recover)
    overrides = read_region_map(options.region_map) if options.region_map else {}
    matcher = PlaceMatcher(read_divisions(), overrides)
    report = Report()
    context = Context(options=options, report=report, settings_digest=digest_all(sorted(overrides.items())))
    before = Redirect.objects.count()
    try:
        with _dry_run(options.dry_run), _quick_commits(), pagecache.held():
            started = time.monotonic()
            _first_pass(path, context, matcher, summary)
            report.seconds["first"] = time.monotonic() - started
            _second_pass(path, context, summary)
            report.seconds["posts"] = time.monotonic() - started - report.seconds["first"]
            report.redirects = Redirect.objects.count() - before
            if options.dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


@contextmanager
def _dry_run(enabled):
    """A dry run does everything inside one transaction that is rolled back at the end."""
    if not enabled:
        yield
        return
    with transaction.atomic():
        yield


@contextmanager
def _quick_commits():
    """On PostgreSQL, commits of this session do not wait for the disk: a crash can lose the last
    items (a re-run imports them again, the ledger being in the same transactions), never corrupt."""
    if connection.vendor != "postgresql":
        yield
        return
    commit_quickly()
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")


def _reader(path, context):
    return WXRReader(path, recover=context.options.recover, timezone=ZoneInfo(settings.TIME_ZONE))


def _bar(context, total, description):
    return tqdm(
        total=total,
        desc=description,
        unit=" items",
        disable=not context.options.progress,
        file=context.options.progress_file,
        dynamic_ncols=True,
    )


def _first_pass(path, context, matcher, summary):
    """Site, authors, categories and tags, attachments: what posts refer to."""
    reader, workers = _reader(path, context), parallel_workers(context)
    attachments = AttachmentWriter(context, workers) if workers else None
    total = summary.items.get("attachment", 0)
    with _bar(context, total, "attachments") as bar, attachments or nullcontext():
        for record in reader:
            if isinstance(record, Site):
                _start(context, record, matcher)
            elif isinstance(record, Author):
                write_each(context, f"author {record.login}", "authors", context.people.author, record)
            elif isinstance(record, Term):
                write_each(context, f"term {record.slug}", "categories", context.subjects.term, record)
            elif isinstance(record, Item) and record.post_type == "attachment":
                if attachments is not None:
                    bar.update(attachments.add(record))
                    continue
                write_each(
                    context, f"attachment {record.id}", "attachments", context.attachments.attachment, record
                )
                bar.update()
        if attachments is not None:
            bar.update(attachments.finish())
    with transaction.atomic():
        context.attachments.flush()
        context.addresses.point(context.old_paths.site_paths(), new_path="/feed/")


def _start(context, site, matcher):
    context.site = site
    context.ledger = Ledger(source_of(site))
    context.old_paths = OldPaths(site)
    context.people = People(context)
    context.subjects = Subjects(context, matcher)
    context.attachments = Attachments(context)
    context.addresses = Addresses(context)


def _second_pass(path, context, summary):
    """Posts (and pages): new ones in batches (`batches.Batches`), a post seen before (to update
    or leave as it is) alone."""
    reader = _reader(path, context)
    writer = PostWriter(context)
    total = summary.items.get("post", 0) + (summary.items.get("page", 0) if context.options.pages else 0)
    with Batches.for_run(context, writer) as batches, _bar(context, total, "posts") as bar:
        for record in reader:
            if not isinstance(record, Item) or record.post_type == "attachment":
                continue
            kind = KINDS.get(record.post_type)
            if kind is None or (kind == "pages" and not context.options.pages):
                context.report.count(kind or "other", "skipped")
                continue
            if writer.is_new(record, kind):
                bar.update(batches.add(record, kind))
                continue
            bar.update(batches.write())
            write_each(context, f"{record.post_type} {record.id}", kind, writer.write, record, kind)
            bar.update()
        bar.update(batches.finish())
    context.report.add_problems("", reader.problems)
