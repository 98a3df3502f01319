import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.corrections import append_correction
from articles.models import Article, Correction
from tests.admin_forms import form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CORRECTIONS = reverse("articles:corrections")


def correct(article, by, text="ورد خطأً أن الحملة نُظّمت يوم الجمعة، والصحيح يوم الخميس.", **extra):
    return append_correction(Correction(article=article, text_ar=text, **extra), by=by)


def test_correction_shows_under_the_article_and_on_the_corrections_page(client, editor):
    article = make_article(headline_ar="حملة تحسيسية بتغازوت")
    correction = correct(article, editor, kind=Correction.Kind.CORRECTION)
    clarification = correct(
        article, editor, "توضيح: الحملة من تنظيم التنسيقية الإقليمية.", kind="clarification"
    )

    page = client.get(article.get_absolute_url()).content.decode()
    assert "ورد خطأً أن الحملة نُظّمت يوم الجمعة" in page
    assert page.index(correction.text_ar) < page.index(clarification.text_ar)  # in the order made
    assert f'datetime="{timezone.localtime(correction.created_at).isoformat()}"' in page

    listing = client.get(CORRECTIONS).content.decode()
    assert listing.index(clarification.text_ar) < listing.index(correction.text_ar)  # newest first
    assert f"{article.get_absolute_url()}#correction-{correction.pk}" in listing
    assert "حملة تحسيسية بتغازوت" in listing


def test_a_correction_moves_the_modified_date(editor):
    article = make_article(published_at=timezone.now() - timedelta(days=3))
    assert article.modified_at is None and article.date_modified() == article.published_at
    updated_before = article.updated_at

    correction = correct(article, editor)

    article.refresh_from_db()
    assert article.modified_at == correction.created_at
    assert article.date_modified() == correction.created_at > article.published_at
    assert article.updated_at > updated_before
    assert correction.created_by == editor


def test_unpublished_articles_take_no_corrections_and_never_list_them(client, editor):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
    for article in (draft, scheduled):
        with pytest.raises(ValidationError):
            correct(article, editor)
    assert not Correction.objects.exists()

    withdrawn = make_article()
    correct(withdrawn, editor, "تصحيح على مقال سُحب لاحقًا.")
    Article.objects.filter(pk=withdrawn.pk).update(status=Article.Status.WITHDRAWN)
    assert "تصحيح على مقال سُحب لاحقًا." not in client.get(CORRECTIONS).content.decode()
    assert Correction.objects.public().count() == 0


def test_only_those_allowed_append_corrections(journalist):
    article = make_article()
    with pytest.raises(PermissionDenied):
        correct(article, journalist)
    article.refresh_from_db()
    assert not article.corrections.exists() and article.modified_at is None


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_editor_appends_a_correction_from_the_article_admin(client, editor):
    article = make_article()
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data["corrections-0-kind"] = ["clarification"]
    data["corrections-0-text_ar"] = ["نوضح أن الأرقام الواردة تخص سنة 2022."]

    assert client.post(change_url(article), data).status_code == 302

    correction = article.corrections.get()
    assert correction.kind == "clarification" and correction.created_by == editor
    assert list(article.events.values_list("action", flat=True)) == ["corrected"]  # not also "edited"
    article.refresh_from_db()
    assert article.modified_at == correction.created_at
    assert "نوضح أن الأرقام الواردة تخص سنة 2022." in client.get(article.get_absolute_url()).content.decode()


def forged_correction_post(client, article):
    data = form_data(client.get(change_url(article)))
    data.update({
        "corrections-TOTAL_FORMS": ["1"],
        "corrections-INITIAL_FORMS": ["0"],
        "corrections-0-kind": ["correction"],
        "corrections-0-text_ar": ["تصحيح مزور."],
        "corrections-0-article": [str(article.pk)],
    })  # fmt: skip
    return client.post(change_url(article), data)


def test_forged_correction_from_a_journalist_is_ignored(client, journalist):
    article = make_article()
    client.force_login(journalist)
    assert "corrections-0-text_ar" not in client.get(change_url(article)).content.decode()
    forged_correction_post(client, article)
    assert not Correction.objects.exists()
    article.refresh_from_db()
    assert article.modified_at is None


def test_forged_correction_on_a_draft_is_ignored(client, editor):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    client.force_login(editor)
    forged_correction_post(client, draft)
    assert not Correction.objects.exists()


def test_correction_text_is_escaped(client, editor):
    article = make_article()
    correct(article, editor, "<script>alert(1)</script> تصحيح")
    for url in (article.get_absolute_url(), CORRECTIONS):
        html = client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; تصحيح" in html and "<script>alert" not in html


def test_corrections_page_needs_the_same_queries_for_one_or_many(client, editor, django_assert_num_queries):
    correct(make_article(), editor)
    # The count for the paginator, one joined query, and the site navigation's regions.
    with django_assert_num_queries(3):
        client.get(CORRECTIONS)
    for _ in range(5):
        correct(make_article(), editor)
    with django_assert_num_queries(3):
        response = client.get(CORRECTIONS)
    assert len(response.context["corrections"]) == 6


def test_french_corrections_page_lists_only_articles_with_french_text(client, editor):
    arabic_only = make_article(headline_ar="مقال بالعربية فقط")
    bilingual = make_article(headline_ar="مقال مترجم", headline_fr="Article traduit")
    correct(arabic_only, editor, "تصحيح على مقال عربي.")
    correct(bilingual, editor, "تصحيح على مقال مترجم.")
    listing = client.get("/fr/corrections/").content.decode()
    assert "Article traduit" in listing
    assert "مقال بالعربية فقط" not in listing and "تصحيح على مقال عربي." not in listing
    for path in re.findall(r'href="(/fr/articles/[^"#]+)', listing):
        assert client.get(path).status_code == 200
    arabic = client.get(CORRECTIONS).content.decode()
    assert "تصحيح على مقال عربي." in arabic and "تصحيح على مقال مترجم." in arabic


def test_corrections_page_dates_are_moroccan_and_it_paginates_like_the_site(client, editor):
    from datetime import UTC, datetime

    from articles.views import CorrectionListView

    for _ in range(CorrectionListView.paginate_by + 1):
        correction = correct(make_article(), editor)
    Correction.objects.filter(pk=correction.pk).update(created_at=datetime(2023, 7, 5, 9, tzinfo=UTC))
    last_page = client.get(CORRECTIONS, {"page": 2}).content.decode()
    assert "5 يوليوز 2023" in last_page and "يوليو 2023" not in last_page.replace("يوليوز", "")
    first = client.get(CORRECTIONS).content.decode()
    assert '<nav class="pagination"' in first and 'href="?page=2" rel="next"' in first


def test_a_correction_appears_in_the_articles_log(client, editor):
    article = make_article()
    correct(article, editor, "ورد خطأً أن عدد المستفيدين 300، والصحيح 250.")

    event = article.events.get()
    assert (event.action, event.actor, event.to_status) == ("corrected", editor, "published")
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    log = page[page.index('id="events-title"') :]
    assert "أضاف تصحيحًا أو توضيحًا" in log and "ورد خطأً أن عدد المستفيدين 300" in log


def test_a_refused_correction_leaves_no_trace_in_the_log(editor):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(ValidationError):
        correct(draft, editor)
    assert not draft.events.exists()


def test_an_existing_correction_is_shown_read_only_and_a_forged_edit_changes_nothing(client, editor):
    article = make_article()
    correction = correct(article, editor, "النص الأصلي للتصحيح.", kind=Correction.Kind.CORRECTION)
    client.force_login(editor)
    response = client.get(change_url(article))
    page = response.content.decode()
    assert "النص الأصلي للتصحيح." in page
    assert 'name="corrections-0-text_ar"' not in page and 'name="corrections-0-kind"' not in page
    assert 'name="corrections-1-text_ar"' in page  # a new one can still be appended

    data = form_data(response)
    data.update({
        "corrections-TOTAL_FORMS": ["1"],
        "corrections-INITIAL_FORMS": ["1"],
        "corrections-0-id": [str(correction.pk)],
        "corrections-0-article": [str(article.pk)],
        "corrections-0-kind": ["clarification"],
        "corrections-0-text_ar": ["نص أعيدت كتابته في صمت."],
    })  # fmt: skip
    assert client.post(change_url(article), data).status_code == 302

    correction.refresh_from_db()
    assert (correction.kind, correction.text_ar) == ("correction", "النص الأصلي للتصحيح.")
    assert article.corrections.count() == 1
