"""Every public page type prints Morocco's month names: never the Egyptian ones of Django's Arabic
catalogue, never the Levantine ones."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.corrections import append_correction
from articles.models import Correction
from comments.models import Comment
from tests.factories import make_article, make_author, make_comment, make_region, make_tag

pytestmark = pytest.mark.django_db

# «يوليو» is a prefix of Morocco's «يوليوز», so each name must stand as a whole word.
FOREIGN_MONTHS = re.compile(
    r"(?<![\w])(مايو|يوليو|أغسطس|اغسطس|سبتمبر|نوفمبر|ديسمبر"
    r"|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين)(?![\w])"
)
MOROCCAN_MONTHS = ["ماي", "يوليوز", "غشت", "شتنبر", "نونبر", "دجنبر"]


@pytest.fixture
def a_year_of_articles(editor):
    region, tag, author = make_region(), make_tag(), make_author()
    articles = [
        make_article(
            headline_ar=f"حصيلة الشهر رقم {month} بالجهة",
            body_ar="<p>تقرير عن السجل الاجتماعي الموحد.</p>",
            region=region,
            authors=[author],
            tags=[tag],
            published_at=datetime(2025, month, 15, 10, tzinfo=UTC),
        )
        for month in range(1, 13)
    ]
    for article in articles:
        comment = make_comment(article, status=Comment.Status.APPROVED)
        Comment.objects.filter(pk=comment.pk).update(created_at=article.published_at)
        append_correction(Correction(article=article, text_ar="صُحّح رقم ورد في الفقرة الثانية."), by=editor)
    return articles, region, tag, author


def public_pages(articles, region, tag, author):
    yield reverse("articles:home")
    yield reverse("articles:list")
    yield reverse("articles:region", args=[region.slug])
    yield reverse("articles:tag", args=[tag.slug])
    yield reverse("authors:detail", args=[author.slug])
    yield reverse("articles:search") + "?q=السجل الاجتماعي"
    yield reverse("articles:corrections")
    yield from (article.get_absolute_url() for article in articles)


def test_no_public_page_prints_an_egyptian_or_levantine_month_name(client, a_year_of_articles):
    seen = ""
    for path in public_pages(*a_year_of_articles):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert not FOREIGN_MONTHS.findall(html), path
        seen += html
    for name in MOROCCAN_MONTHS:
        assert re.search(rf"(?<![\w]){name}(?![\w])", seen), name


def test_the_search_results_date_is_moroccan(client, a_year_of_articles):
    html = client.get(reverse("articles:search"), {"q": "السجل الاجتماعي"}).content.decode()
    assert "15 نونبر 2025" in html
    assert "15 يوليوز 2025" in html


def test_djangos_own_date_filter_says_morocco_s_names_too():
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("ar"):
        rendered = Template('{{ moment|date:"j F Y" }} {{ moment|date:"N" }}').render(
            Context({"moment": datetime(2025, 11, 15, 12, tzinfo=UTC)})
        )
    assert rendered == "15 نونبر 2025 نونبر"
