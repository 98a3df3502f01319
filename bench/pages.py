"""Per-page time in-process (not a test): each public page and the admin's article list, rendered
through Django's test client one request at a time, on the database of DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_lean100k DJANGO_SECRET_KEY=x \\
        .venv/bin/python bench/pages.py [--runs 15] [--explain]

Prints the median and the best time of each page (after one warm-up request) and its query count.
The region, tag and author measured are those with the most published articles: the pages whose
cost would grow with the archive. The admin pages are requested as a superuser it creates once
(`bench-admin`, unusable password).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,testserver")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SSL_REDIRECT", "0")
    os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench-static"))
    import django

    django.setup()
    if not (Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", "--noinput", verbosity=0)


def busiest(model, relation):
    from django.db.models import Count, Q

    from articles.models import Article

    published = Q(**{f"{relation}__in": Article.objects.published().values("pk")})
    return model.objects.annotate(n=Count(relation, filter=published)).order_by("-n").first()


def pages():
    from django.contrib.auth import get_user_model

    from articles.models import Article, EventTag, Region

    Author = Article._meta.get_field("authors").related_model
    articles = Article.objects.published()
    article = articles.filter(slug__contains="-gen").first() or articles.first()
    top = max(
        Region.objects.top_level(),
        key=lambda r: Article.objects.published().in_region(r).count(),
    )
    public = {
        "home": "/",
        "article": article.get_absolute_url(),
        "/articles/": "/articles/",
        "/articles/?page=500": "/articles/?page=500",
        "region": top.get_absolute_url(),
        "tag": busiest(EventTag, "articles").get_absolute_url(),
        "author": busiest(Author, "articles").get_absolute_url(),
        "search": "/search/?q=السجل الاجتماعي",
        "/feed/": "/feed/",
        "sitemap index": "/sitemap.xml",
        "sitemap, articles p. 1": "/sitemap-articles.xml",
        "sitemap, regions": "/sitemap-regions.xml",
        "sitemap, tags": "/sitemap-tags.xml",
        "sitemap, authors": "/sitemap-authors.xml",
        "news sitemap": "/news-sitemap.xml",
    }
    admin = {
        "admin list": "/admin/articles/article/",
        "admin state filter": "/admin/articles/article/?status__exact=draft",
        "admin search": "/admin/articles/article/?q=السجل",
    }
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    return public, admin, user


def measure(client, url, runs):
    from django.db import connection

    response = client.get(url)  # warm-up
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return response.status_code, statistics.median(times), min(times), len(queries)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    args = parser.parse_args()
    setup()
    from django.test import Client

    from articles.models import Article

    public, admin, user = pages()
    print(f"{Article.objects.count()} articles, {Article.objects.published().count()} published\n")
    print("| page | status | median ms | best ms | queries |\n|---|---:|---:|---:|---:|")
    reader, editor = Client(), Client()
    editor.force_login(user)
    for client, urls in ((reader, public), (editor, admin)):
        for name, url in urls.items():
            if args.only and args.only not in name:
                continue
            status, median, best, queries = measure(client, url, args.runs)
            print(f"| {name} | {status} | {median:.1f} | {best:.1f} | {queries} |", flush=True)


if __name__ == "__main__":
    main()
