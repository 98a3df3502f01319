"""The public search page speaks the reader's language under /fr/ and /en/, not only Arabic."""

import re

import pytest
from django.conf import settings

from tests.factories import make_article

pytestmark = pytest.mark.django_db

ARABIC_HELP = "ابحث في عناوين المقالات"


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "url, heading, help_text",
    [
        ("/fr/search/", "Rechercher dans les articles", "Recherchez dans les titres, chapôs, textes"),
        ("/en/search/", "Search the articles", "Search article headlines, leads, texts and tags"),
    ],
)
def test_empty_search_page_in_reader_language(client, url, heading, help_text):
    html = page(client, url)
    assert f'<h1 id="search-title">{heading}</h1>' in html
    assert help_text in html
    assert ARABIC_HELP not in html
    assert "البحث في المقالات" not in html
    assert f"— {settings.SITE_NAME}</title>" in html


@pytest.mark.parametrize(
    "url, one, many",
    [("/fr/search/", "Un résultat", "2 résultats"), ("/en/search/", "One result", "2 results")],
)
def test_results_count_in_reader_language(client, url, one, many):
    # Every article is in all three languages: /en/ lists only articles with English text.
    make_article(
        headline_ar="السجل الاجتماعي", headline_fr="Le registre social unifié", headline_en="Social registre"
    )
    assert f'role="status">{one}</p>' in page(client, url, q="registre")
    make_article(
        headline_ar="السجل الوطني",
        headline_fr="Le registre national de la population",
        headline_en="National population registre",
    )
    html = page(client, url, q="registre")
    assert f'role="status">{many}</p>' in html
    assert "نتيجة" not in html


def test_no_results_message_in_english(client):
    html = page(client, "/en/search/", q="zzzqqq")
    assert "No articles match your search." in html
    assert "لا توجد مقالات" not in html


def test_arabic_search_page_unchanged(client):
    make_article(headline_ar="السجل الاجتماعي الموحد")
    assert ARABIC_HELP in page(client, "/search/")
    html = page(client, "/search/", q="السجل")
    assert 'role="status">نتيجة واحدة</p>' in html
    assert f"— {settings.SITE_NAME}</title>" in html


def test_french_search_lists_only_articles_that_have_french_text(client):
    make_article(headline_ar="السجل الاجتماعي في تغازوت")
    bilingual = make_article(headline_ar="تغازوت", headline_fr="Taghazout accueille une campagne")
    html = client.get("/fr/search/", {"q": "تغازوت"}).content.decode()
    assert "Taghazout accueille une campagne" in html
    assert "السجل الاجتماعي في تغازوت" not in html
    for path in re.findall(r'href="(/fr/articles/[^"#]+)', html):
        assert client.get(path).status_code == 200, path
    assert f"/fr/articles/{bilingual.pk}/" in html
