from pathlib import Path

import pytest
from django.urls import reverse

from articles import prepublish
from articles.management.commands.load_demo import paragraphs_html, read_seed_article
from articles.models import Article
from images.models import Image
from tests.admin_forms import form_data
from tests.factories import make_article, make_author, make_region

pytestmark = pytest.mark.django_db

SEED = read_seed_article(Path("articles/data/seed_article.txt"))


def article_with(text="", **fields):
    """An unsaved, otherwise unremarkable article whose body is the one paragraph `text`."""
    values = {
        "headline_ar": "عنوان قصير",
        "body_ar": paragraphs_html([text]),
        "meta_description_ar": "وصف",
        "region_id": 1,
    }
    return Article(**{**values, **fields})


def findings(check, text, language="ar"):
    return [(w.code, w.excerpt) for w in check(article_with(text), language)]


@pytest.fixture
def seed_article():
    """The reference article as load_demo stores it (without loading 1,590 regions)."""
    article = make_article(
        headline_ar=SEED["headline"],
        body_ar=paragraphs_html(SEED["paragraphs"]),
        lead_ar="",
        meta_description_ar=SEED["paragraphs"][0][:160],
        region=make_region(name_ar="تغازوت"),
        authors=[make_author(name_ar=SEED["byline"])],
        comments_enabled=SEED["comments_enabled"],
    )
    return article


def test_what_fires_on_the_seed_article_and_where(seed_article):
    """Deliberate: the weekday slip (¶1, and the meta description cut from it), the ” … ” headline
    quotes, the stray closing ” of ¶5, the two spaced commas «تفضي ، بشكل ملموس ، إلى» of ¶6, and
    the 106-character headline. Missing hamzas («اكادير», «المراة») are the paper's spelling, not
    an error these checks look for; ¶2, ¶3, ¶4 and ¶7 raise nothing."""
    found = sorted((w.code, w.field, w.paragraph or 0) for w in prepublish.run_checks(seed_article))
    assert found == [
        ("headline-too-long", "headline", 0),
        ("quote-mismatched", "headline", 0),
        ("quote-unbalanced", "body", 5),
        ("space-before-punctuation", "body", 6),
        ("space-before-punctuation", "body", 6),
        ("weekday-mismatch", "body", 1),
        ("weekday-mismatch", "meta_description", 0),
    ]
    weekday = next(w for w in prepublish.run_checks(seed_article) if w.field == "body" and w.paragraph == 1)
    assert "يوم الجمعة 26 يناير 2023" in weekday.excerpt
    assert weekday.message == "هذا التاريخ يوافق يوم الخميس، لا يوم الجمعة."
    assert weekday.location == "النص، الفقرة 1"


def test_the_seed_first_paragraph_has_exactly_the_weekday_slip():
    article = article_with(SEED["paragraphs"][0])
    assert [(w.code, w.paragraph) for w in prepublish.run_checks(article) if w.field == "body"] == [
        ("weekday-mismatch", 1),
        ("body-too-short", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "نظمت الجمعية يوم الجمعة 26 يناير 2023 حملة",
        "يوم الجمعة ٢٦ يناير ٢٠٢٣",
        "الجمعة 26 كانون الثاني 2023",
        "الجمعة، 26 يناير 2023",
        "الإثنين 5 أيار (مايو) 2024",
        "الاثنين 5 ماي 2024",
        "الأحد فاتح يوليوز 2023",
        "الجمعة 10 غشت 2023",
        "الجمعة 10 أغسطس 2023",
        "الأربعاء 26 شتنبر 2023",
        "السبت 23 نونبر 2023",
        "الجمعة 26/01/2023",
        "الأربعاء 3 تشرين الأول 2023",
    ],
)
def test_weekday_that_does_not_match_its_date(text):
    assert [code for code, _ in findings(prepublish.weekday_matches_date, text)] == ["weekday-mismatch"]


@pytest.mark.parametrize(
    "text",
    [
        "نظمت الجمعية يوم الخميس 26 يناير 2023 حملة",
        "يوم الخميس ٢٦ يناير ٢٠٢٣",
        "الخميس 26 كانون الثاني 2023",
        "الأحد 5 أيار (مايو) 2024",
        "الأحد 5 أيار/مايو 2024",
        "السبت فاتح يوليوز 2023",
        "الخميس 10 غشت 2023 و الخميس 10 أغسطس 2023",
        "الثلاثاء 26 شتنبر 2023",
        "الخميس 23 نونبر 2023",
        "الخميس 26/01/2023",
        "الثلاثاء 3 تشرين الأول 2023 والثلاثاء 3 أكتوبر 2023",
        "يوم الجمعة المقبل",
        "يوم الجمعة 26 يناير",  # no year: no way to know
    ],
)
def test_weekday_that_matches_its_date_or_no_full_date(text):
    assert findings(prepublish.weekday_matches_date, text) == []


def test_date_that_does_not_exist():
    assert [c for c, _ in findings(prepublish.weekday_matches_date, "الخميس 30 فبراير 2023")] == [
        "date-invalid"
    ]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("حول موضوع ” السجل الاجتماعي الموحد”", ["quote-mismatched"]),
        ("قال » نعم « ثم غادر", ["quote-mismatched"]),
        ("قال « نعم ” ثم غادر", ["quote-mismatched"]),
        ("تماسك المجتمع”.", ["quote-unbalanced"]),
        ("قال «نعم ثم غادر", ["quote-unbalanced"]),
        ('قال "نعم ثم غادر', ["quote-unbalanced"]),
        ('قال «نعم» و“لا” و"ربما"', []),
        ("«الاقتباس «الداخلي» ينتهي هنا»", []),
    ],
)
def test_quotation_marks(text, codes):
    assert [code for code, _ in findings(prepublish.quotes_balanced, text)] == codes


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("قال الوزير, ثم غادر", [","]),
        ("هل هذا صحيح?", ["?"]),
        ("أولا; ثانيا", [";"]),
        ("من Paris, إلى الرباط", [","]),
        ("قال الوزير، ثم سأل: هل هذا صحيح؟", []),
        ("بلغ العجز 2,5 مليار درهم", []),
        ("Agadir, Maroc? Oui; bien sûr", []),
    ],
)
def test_latin_comma_or_question_mark_in_arabic(text, marks):
    warnings = prepublish.arabic_punctuation(article_with(text), "ar")
    expected = {",": "،", "?": "؟", ";": "؛"}
    assert [w.message for w in warnings] == [
        f"علامة ترقيم لاتينية «{mark}» في جملة عربية؛ المقصود «{expected[mark]}»." for mark in marks
    ]


@pytest.mark.parametrize(
    ("text", "language", "count"),
    [
        ("تفضي ، بشكل ملموس ، إلى", "ar", 2),
        ("هل حضر ؟ نعم .", "ar", 2),
        ("قال : نعم", "ar", 1),
        ("تفضي، بشكل ملموس، إلى... ثم انتهى.", "ar", 0),
        ("Il a dit : oui ! Vraiment ?", "fr", 0),
        ("Agadir , Maroc .", "fr", 2),
    ],
)
def test_space_before_punctuation(text, language, count):
    article = article_with(**{f"body_{language}": paragraphs_html([text])})
    assert len(prepublish.no_space_before_punctuation(article, language)) == count


def test_doubled_spaces():
    assert [c for c, _ in findings(prepublish.no_doubled_spaces, "نظمت  الجمعية حملة")] == ["doubled-space"]
    assert findings(prepublish.no_doubled_spaces, "نظمت الجمعية حملة") == []


@pytest.mark.parametrize(
    ("text", "stray"),
    [
        ("الــمغرب", 1),
        ("كـلمة", 1),
        ("بـالمغرب", 1),
        ("لـ 26 يناير، ولـ«الأحرار» وبـ RSU", 0),
        ("مدينة أكادير", 0),
    ],
)
def test_stray_tatweel(text, stray):
    assert len(findings(prepublish.no_stray_tatweel, text)) == stray


def codes(article, language="ar"):
    return {w.code for w in prepublish.run_checks(article, [language])}


def test_whole_article_checks_fire_on_bad_articles_only():
    short = article_with("نص قصير جدا.")
    assert "body-too-short" in codes(short)
    assert "body-too-short" not in codes(article_with(" ".join(["كلمة"] * prepublish.BODY_MIN_WORDS)))

    assert "region-missing" in codes(article_with(region_id=None))
    assert "region-missing" not in codes(article_with())

    assert "meta-description-empty" in codes(article_with(meta_description_ar=""))
    assert "meta-description-empty" not in codes(article_with())

    long = "ع" * (prepublish.HEADLINE_MAX_CHARS + 1)
    assert "headline-too-long" in codes(article_with(headline_ar=long))
    assert "headline-too-long" not in codes(article_with(headline_ar=long[:-1]))


def test_missing_alt_text_only_matters_with_a_lead_image():
    assert "image-alt-missing" in codes(article_with(lead_image=Image(title_ar="صورة")))
    described = Image(title_ar="صورة", alt_ar="شاطئ تغازوت")
    assert "image-alt-missing" not in codes(article_with(lead_image=described))
    assert "image-alt-missing" not in codes(article_with())


def test_translations_are_checked_in_their_own_language():
    article = article_with(headline_fr="Un titre", body_fr="<p>Texte , court.</p>")
    warnings = prepublish.run_checks(article)
    french = {w.code for w in warnings if w.language == "fr"}
    assert {"space-before-punctuation", "meta-description-empty", "body-too-short"} <= french
    assert "en" not in {w.language for w in warnings}  # no English headline, no English version
    assert not [w for w in warnings if w.code == "region-missing"]


def test_the_registry_is_the_list_run_checks_uses(monkeypatch):
    def always(article, language):
        return [prepublish.PrepublishWarning("custom", "تنبيه مخصص")]

    monkeypatch.setattr(prepublish, "CHECKS", [*prepublish.CHECKS, always])
    assert "custom" in codes(article_with())


def test_warnings_panel_on_the_change_page_never_blocks_saving(admin_client, seed_article):
    url = reverse("admin:articles_article_change", args=[seed_article.pk])
    page = admin_client.get(url)
    html = page.content.decode()
    assert 'data-code="weekday-mismatch"' in html
    assert "هذا التاريخ يوافق يوم الخميس، لا يوم الجمعة." in html
    assert "النص، الفقرة 1" in html
    assert "7 تنبيهات قبل النشر" in html

    response = admin_client.post(url, form_data(page) | {"status": ["published"]})
    assert response.status_code == 302
