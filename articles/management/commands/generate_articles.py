import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from articles import generate, pagetags
from articles.models import Region


class Command(BaseCommand):
    help = (
        "Add N generated Arabic articles (with authors, tags, comments and search documents) across "
        "the regions, provinces and communes in the database, for benchmarks and for trying the site "
        "at archive size. Bulk inserts (COPY on PostgreSQL): no revisions or audit log. About 92% "
        "published over the last ten years, the rest scheduled, drafts, in review or withdrawn. "
        "Generated rows end their slug with «-genN»; running again adds more, --replace removes the "
        "earlier ones first. Not for a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many articles to add")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--authors", type=int, default=40, help="generated authors to spread them over")
        parser.add_argument("--tags", type=int, default=120, help="generated tags to spread them over")
        parser.add_argument("--seed", type=int, default=14, help="random seed (same seed, same text)")
        parser.add_argument("--replace", action="store_true", help="delete earlier generated rows first")
        parser.add_argument("--database", default="default")

    def handle(self, *args, count, batch_size, authors, tags, seed, replace, database, **options):
        if count < 1 or batch_size < 1:
            raise CommandError("N and --batch-size must be positive.")
        if not Region.objects.using(database).exists():
            raise CommandError("No regions in the database: run `manage.py load_regions` first.")
        started = time.perf_counter()
        if replace:
            removed = generate.remove_generated(database)
            self.stdout.write(f"Removed {removed} generated articles.")
        writer = generate.Writer(seed)
        with transaction.atomic(using=database):
            made_authors = generate.make_authors(writer, authors, database)
            made_tags = generate.make_tags(writer, tags, list(generate.place_terms()), database)
        batches = generate.Batches(writer, authors=made_authors, tags=made_tags, using=database)
        self.stdout.write(f"Generating {count} articles in batches of {batch_size}…")

        def written(done):
            self.stdout.write(f"  {done}/{count} ({time.perf_counter() - started:.0f} s)")

        large = connections[database].vendor == "postgresql" and count >= 20_000
        if large:
            generate.drop_search_indexes(database)
        try:
            with generate.Loader(database, on_written=written) as loader:
                for start in range(0, count, batch_size):
                    loader.write(batches.make(min(batch_size, count - start)))
        finally:
            if large:
                self.stdout.write("Rebuilding the search indexes…")
                generate.restore_search_indexes(database)
            # On a running site: every cached page, and the lists' remembered counts and ids.
            pagetags.purge("all", *pagetags.ENTRY_TAGS)
        c = batches.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {count} articles in {time.perf_counter() - started:.0f} s: "
                f"{c['published']} published, {c['scheduled']} scheduled, {c['draft']} drafts, "
                f"{c['review']} in review, {c['withdrawn']} withdrawn; {c['comments']} comments, "
                f"{len(made_authors)} authors, {len(made_tags)} tags."
            )
        )
