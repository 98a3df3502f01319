"""Search benchmark (not a test): N generated Arabic articles in PostgreSQL, then query latency.

    DJANGO_SECRET_KEY=x .venv/bin/python bench/search.py --articles 100000

It creates (or reuses) its own database, `newsroom_bench` by default, migrates it, loads the
regions, fills it with articles written from a vocabulary taken from the demo content and the
region names (word frequencies follow Zipf's law, lengths vary like news articles), and computes
the search columns with the same code as `Article.save()`. It then runs the page the reader gets
(count + first 10 results, ranked) for one-, two-, three-word queries and phrases, and prints p50
and p95 and the EXPLAIN ANALYZE of a typical query. Use --reuse to skip the fill.
"""

import argparse
import csv
import io
import os
import random
import re
import statistics
import sys
import time
from datetime import timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = {
    "one word": ["اكادير", "الرقمنة", "تغازوت", "مراكش", "الانتخابات", "المستشفى", "آسفي", "الجفاف", "بدمج"],
    "two words": ["السجل الاجتماعي", "الدعم المباشر", "جهة سوس", "المجلس الجماعي", "الماء الصالح"],
    "three words": ["السجل الاجتماعي الموحد", "حملة تحسيسية ساكنة", "برنامج الدعم الاجتماعي"],
    "phrase": ['"السجل الاجتماعي"', '"المجلس الجماعي"', '"الدعم الاجتماعي المباشر"'],
    "with syntax": ["تغازوت -اكادير", "مراكش or آسفي", "الأمطار الفيضانات"],
}


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database", default="newsroom_bench")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query (after one warm-up)")
    parser.add_argument("--reuse", action="store_true", help="keep the articles already there")
    parser.add_argument("--seed", type=int, default=6)
    return parser.parse_args()


def setup_django(args):
    import psycopg2

    admin = psycopg2.connect(host=args.host, user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.database])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{args.database}"')
    admin.close()
    os.environ["DATABASE_URL"] = f"postgres://postgres@{args.host}:5432/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["FRAGMENT_CACHE_SECONDS"] = "0"  # the search itself, never a remembered result
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)


# --- Generating articles ----------------------------------------------------------------------


def vocabulary():
    """The demo's function and content words, with every region name (as the figures were made)."""
    from articles.generate import vocabulary as demo_vocabulary

    return demo_vocabulary(regions=None)


class Writer:
    """News-like text: function words by Zipf's law, content words by a flatter Zipf over a shuffled
    vocabulary, a topic of a dozen words per article (its headline comes mostly from it), attached
    prefixes (و ب ال وال بال لل) on a share of words. The search text comes from a per-word cache
    that gives exactly what `terms.document_text` gives (checked on a sample before the load)."""

    PREFIXES = ["", "", "", "", "ال", "ال", "و", "ب", "وال", "بال", "لل"]

    def __init__(self, vocabulary, seed):
        from articles.search.terms import index_terms

        self.random = random.Random(seed)
        self.function, content = vocabulary
        self.content = content[:]
        self.random.shuffle(self.content)
        self.function_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.function))))
        self.content_weights = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(self.content))))
        forms = {self.inflect(w, p) for w in self.content for p in self.PREFIXES} | set(self.function)
        self.keys = {word: " ".join(index_terms(word)) for word in forms}

    @staticmethod
    def inflect(word, prefix):
        bare = word[2:] if word.startswith("ال") and len(word) > 4 else word
        return prefix + bare if prefix else word

    def words(self, n, topic, topic_share):
        r = self.random
        out = []
        for _ in range(n):
            roll = r.random()
            if roll < 0.35:
                out.append(r.choices(self.function, cum_weights=self.function_weights)[0])
                continue
            word = (
                r.choice(topic)
                if roll < 0.35 + topic_share
                else r.choices(self.content, self.content_weights)[0]
            )
            out.append(self.inflect(word, r.choice(self.PREFIXES)))
        return " ".join(out)

    def key_text(self, text):
        return " ".join(k for k in (self.keys[w] for w in re.findall(r"[^\s،.]+", text)) if k)

    def article(self):
        r = self.random
        topic = r.sample(self.content, 12)
        headline = self.words(r.randint(7, 14), topic, 0.5)
        lead = self.words(r.randint(18, 40), topic, 0.3) + "."
        paragraphs = [self.words(r.randint(30, 90), topic, 0.2) + "." for _ in range(r.randint(3, 9))]
        return headline, lead, paragraphs


def place_texts():
    from articles.models import Region
    from articles.search.terms import document_text

    regions = {r.code: r for r in Region.objects.all()}
    out = {}
    for region in regions.values():
        parts = region.code.split(".")
        chain = [
            regions[".".join(parts[:i])] for i in range(len(parts), 0, -1) if ".".join(parts[:i]) in regions
        ]
        out[region.pk] = document_text(*(r.name_ar for r in chain), *(r.alt_names for r in chain))
    return out


COLUMNS = [
    "id", "headline", "headline_ar", "kicker", "lead", "lead_ar", "body", "body_ar", "meta_description",
    "slug", "byline", "lead_image_id", "status", "published_at",
    "created_at", "updated_at", "comments_enabled", "is_featured", "version", "region_id",
]  # fmt: skip
EMPTY_PARTS = {"headline": "", "summary": "", "body": "", "places": ""}


def fill(n, seed):
    from django.db import connection
    from django.utils import timezone

    from articles.generate.load import drop_search_indexes, restore_search_indexes
    from articles.models import Article, Region
    from articles.search import document
    from articles.search.terms import document_text

    writer = Writer(vocabulary(), seed)
    places = place_texts()
    region_ids = list(Region.objects.values_list("pk", flat=True))
    for _ in range(50):  # the fast path must give what the write path would store
        headline, lead, paragraphs = writer.article()
        assert writer.key_text(headline) == document_text(headline)
        assert writer.key_text(" ".join(paragraphs)) == document_text(
            "".join(f"<p>{p}</p>" for p in paragraphs), html_input=True
        )

    Article.objects.all().delete()
    now = timezone.now()
    drop_search_indexes()
    started, batch_size = time.perf_counter(), 5000
    for start in range(0, n, batch_size):
        buffer, documents = io.StringIO(), []
        out = csv.writer(buffer)
        for i in range(start, min(n, start + batch_size)):
            headline, lead, paragraphs = writer.article()
            region_id = writer.random.choice(region_ids)
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            published = now - timedelta(minutes=writer.random.randint(0, 60 * 24 * 365 * 5))
            status = "published" if writer.random.random() < 0.95 else "draft"
            out.writerow([
                i + 1, headline, headline, "", lead, lead, body, body, "", f"bench-{i}", "", "\\N",
                status, published.isoformat(), now.isoformat(), now.isoformat(), "t", "f", 1, region_id,
            ])  # fmt: skip
            arabic = {
                "headline": writer.key_text(headline),
                "summary": writer.key_text(lead),
                "body": writer.key_text(" ".join(paragraphs)),
                "places": places[region_id],
            }
            words = " ".join(dict.fromkeys(f"{arabic['headline']} {places[region_id]}".split()))
            documents.append((i + 1, {"ar": arabic, "fr": EMPTY_PARTS, "en": EMPTY_PARTS}, words))
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY articles_article ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                buffer,
            )
        document.write_many(documents)
        done = min(n, start + batch_size)
        print(f"  {done} articles ({time.perf_counter() - started:.0f} s)", flush=True)
    print("Building the GIN indexes…", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval('articles_article_id_seq', (SELECT max(id) FROM articles_article))")
    restore_search_indexes()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_article")
        cursor.execute("VACUUM ANALYZE articles_searchdocument")
    print(f"Filled in {time.perf_counter() - started:.0f} s.")


# --- Measuring --------------------------------------------------------------------------------


def reader_page(q):
    """What /search/ runs: the ranked ids (at most 200), then the first page of ten with regions."""
    from django.core.paginator import Paginator

    from articles.models import Article
    from articles.search.backends import SearchResults

    results = SearchResults(Article.objects.published().select_related("region"), q)
    page = Paginator(results, 10).get_page(1)
    return page.paginator.count, [a.pk for a in page.object_list]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def measure(runs):

    rows, all_times = [], []
    for kind, queries in QUERIES.items():
        for q in queries:
            reader_page(q)  # warm-up
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                count, _ = reader_page(q)
                times.append((time.perf_counter() - started) * 1000)
            all_times += times
            rows.append((kind, q, count, statistics.median(times), percentile(times, 95)))
    return rows, all_times


def explain(q):
    from articles.models import Article
    from articles.search.backends import _plan_for, search_queryset

    queryset = Article.objects.published()
    with _plan_for(queryset, q) as plan:
        return search_queryset(queryset, q, plan)[:10].explain(analyze=True, buffers=True)


def main():
    args = parse_args()
    setup_django(args)
    from django.db import connection

    from articles.models import Article

    if not args.reuse or not Article.objects.exists():
        print(f"Filling {args.database} with {args.articles} articles…", flush=True)
        fill(args.articles, args.seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('articles_article'))")
        size = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('articles_searchdocument'))")
        size += f", search documents {cursor.fetchone()[0]}"
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('article_search_vector_idx'))")
        index_size = cursor.fetchone()[0]
    total, published = Article.objects.count(), Article.objects.published().count()
    print(f"\n{total} articles ({published} published); table {size}, GIN {index_size}\n")
    rows, all_times = measure(args.runs)
    print("| kind | query | matches | p50 ms | p95 ms |\n|---|---|---:|---:|---:|")
    for kind, q, count, p50, p95 in rows:
        print(f"| {kind} | {q} | {count} | {p50:.1f} | {p95:.1f} |")
    print(
        f"\nAll queries, {len(all_times)} runs: p50 {percentile(all_times, 50):.1f} ms, "
        f"p95 {percentile(all_times, 95):.1f} ms, max {max(all_times):.1f} ms"
    )
    for q in ("السجل الاجتماعي الموحد", '"السجل الاجتماعي"'):
        print(f"\nEXPLAIN ANALYZE ({q}, first page):\n")
        print(explain(q))


if __name__ == "__main__":
    main()
