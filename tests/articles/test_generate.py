"""`manage.py generate_articles`: what it makes, and that search finds what it made."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast

from articles.generate.load import copy_rows
from articles.models import Article, ArticleAuthor, EventTag, SearchDocument
from articles.search import document
from tests.factories import make_article

pytestmark = pytest.mark.django_db
Comment = Article._meta.get_field("comments").related_model


@pytest.fixture
def regions():
    call_command("load_regions", stdout=StringIO())


def generate(n, *options):
    out = StringIO()
    call_command("generate_articles", str(n), "--authors", "5", "--tags", "8", *options, stdout=out)
    return out.getvalue()


def test_generates_articles_with_every_relation_and_search_documents(regions):
    out = generate(300, "--batch-size", "120")
    assert "Generated 300 articles" in out and "120/300" in out
    articles = Article.objects.all()
    assert articles.count() == 300 == SearchDocument.objects.count()
    published = Article.objects.published().count()
    assert 240 < published < 300
    assert Article.objects.drafts().exists() and Article.objects.published().count() < 300
    assert ArticleAuthor.objects.count() >= 300
    assert Article.tags.through.objects.exists()
    assert Comment.objects.filter(status="approved").exists()
    assert not Comment.objects.exclude(article__in=Article.objects.published()).exists()
    assert articles.filter(region__level="commune").exists()
    assert all(a.headline_ar and a.body_ar.startswith("<p>") for a in articles[:20])


def test_search_documents_are_what_the_write_path_stores(regions):
    generate(40)
    columns = ["headline", "summary", "body", "places", "words"]
    if connection.vendor == "postgresql":  # the vectors too, as text: tsvector has no equality in Python
        columns += ["vector_text", "rank_vector_text"]
    documents = SearchDocument.objects.annotate(
        vector_text=Cast("vector", TextField()), rank_vector_text=Cast("rank_vector", TextField())
    )
    for article in Article.objects.order_by("pk")[:10]:
        stored = documents.filter(pk=article.pk)
        before = stored.values(*columns).get()
        document.index_article(article)
        assert stored.values(*columns).get() == before


@pytest.mark.postgres
def test_copy_keeps_tabs_newlines_and_backslashes():
    name = "سطر\tأول\nو\\N\r\\"
    with connection.cursor() as cursor:
        copy_rows(cursor, EventTag, [{"name": name, "name_ar": name, "slug": "copy"}, {"slug": "empty"}])
    assert EventTag.objects.get(slug="copy").name_ar == name
    assert EventTag.objects.filter(slug="empty", name="", name_ar=None).exists()


def test_search_finds_a_generated_article(regions, client):
    generate(60)
    article = Article.objects.published().filter(region__isnull=False).first()
    word = max(article.headline_ar.split(), key=len)
    assert article in Article.objects.published().search(word)
    response = client.get("/search/", {"q": word})
    assert response.status_code == 200
    assert article.get_absolute_url() in response.content.decode()


def test_a_running_site_shows_what_it_generated_at_once(
    regions, client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 300
    make_article(headline_ar="خبر قبل التوليد")
    pages = ("/", "/articles/", "/sitemap-articles.xml")
    for url in pages:  # cached, and their lists remembered, before the generated articles
        assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        generate(30)
    newest = Article.objects.published().filter(slug__contains="-gen").order_by("-published_at").first()
    for url, shown in zip(pages, [newest.headline_ar] * 2 + [newest.get_absolute_url()], strict=True):
        assert shown in client.get(url).content.decode(), url


def test_runs_again_add_and_replace_removes(regions):
    generate(20)
    generate(20)
    assert Article.objects.count() == 40
    assert EventTag.objects.count() == 16
    out = generate(10, "--replace")
    assert "Removed 40 generated articles" in out
    assert Article.objects.count() == 10 == SearchDocument.objects.count()


def test_refuses_without_regions():
    with pytest.raises(CommandError, match="load_regions"):
        generate(5)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_writes_over_connections_of_its_own_outside_a_transaction(regions):
    out = generate(50, "--batch-size", "20")
    assert "50/50" in out
    assert Article.objects.count() == 50 == SearchDocument.objects.count()
    assert ArticleAuthor.objects.filter(article__slug__regex=r"-gen[0-9]+$").count() >= 50
