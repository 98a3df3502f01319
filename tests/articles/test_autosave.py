"""The article form's autosave endpoint and what the form offers back, through the test client."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Autosave
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def url(key):
    return reverse("admin:articles_article_autosave", args=[key])


def post(client, key, fields):
    return client.post(url(key), {"fields": json.dumps(fields) if isinstance(fields, dict) else fields})


@pytest.fixture
def draft(journalist):
    article = make_article(status=Article.Status.DRAFT, published_at=None, body_ar="<p>الأصل</p>")
    article.authors.add(journalist.author)
    return article


def test_typing_keeps_one_cleaned_record_per_user_and_article(journalist_client, journalist, draft):
    for text in ("<p>مسودة أولى</p>", "<p>مسودة ثانية<script>x()</script></p>"):
        response = post(journalist_client, draft.pk, {"body_ar": text})
        assert response.status_code == 200
        assert "حُفظ تلقائيًا" in response.json()["message"]
    record = Autosave.objects.get()
    assert (record.user, record.key, record.fields) == (
        journalist,
        str(draft.pk),
        {"body_ar": "<p>مسودة ثانية</p>"},
    )
    assert draft.revisions.count() == 0
    assert Article.objects.get(pk=draft.pk).body_ar == "<p>الأصل</p>"


def test_reopening_offers_the_newer_text_and_saving_for_real_forgets_it(journalist_client, draft):
    post(journalist_client, draft.pk, {"body_ar": "<p>نص لم يُحفظ</p>"})
    page = journalist_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    config = page.context["autosave"]
    assert config["draft"]["fields"] == {"body_ar": "<p>نص لم يُحفظ</p>"}
    assert 'id="autosave-config"' in page.text

    from articles import workflow

    draft.body_ar = "<p>حُفظ بالزر</p>"
    workflow.save_article(draft, by=None)
    # Saved since (by anyone): nothing newer to offer.
    page = journalist_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert page.context["autosave"]["draft"] is None


def test_a_new_article_autosaves_under_new_and_an_empty_post_discards(journalist_client, journalist):
    assert post(journalist_client, "new", {"body_ar": "<p>بداية مقال</p>"}).status_code == 200
    page = journalist_client.get(reverse("admin:articles_article_add"))
    assert page.context["autosave"]["draft"]["fields"]["body_ar"] == "<p>بداية مقال</p>"
    assert post(journalist_client, "new", "").status_code == 200
    assert not Autosave.objects.exists()


def test_each_user_sees_only_their_own_record(journalist_client, other_journalist, editor, draft):
    post(journalist_client, draft.pk, {"body_ar": "<p>للصحفي وحده</p>"})
    editor_client = Client()
    editor_client.force_login(editor)
    page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert page.context["autosave"]["draft"] is None
    assert "للصحفي وحده" not in page.text


def test_someone_who_may_not_edit_the_article_cannot_autosave_it(client, other_journalist, draft):
    client.force_login(other_journalist)
    response = post(client, draft.pk, {"body_ar": "<p>x</p>"})
    assert response.status_code in (403, 404)
    assert not Autosave.objects.exists()


def test_readers_anonymous_visitors_and_forged_posts_are_refused(client, journalist, draft):
    assert post(client, draft.pk, {"body_ar": "<p>x</p>"}).status_code == 302  # to the admin login
    client.force_login(make_user("reader"))
    assert post(client, draft.pk, {"body_ar": "<p>x</p>"}).status_code == 302
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(journalist)
    assert post(forged, draft.pk, {"body_ar": "<p>x</p>"}).status_code == 403
    assert Client().get(url(draft.pk)).status_code in (302, 405)
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "fields",
    ["not json", json.dumps(["body_ar"]), json.dumps({"headline_ar": "x"}), json.dumps({"body_ar": 3})],
)
def test_bad_data_is_a_clear_arabic_error(journalist_client, draft, fields):
    response = journalist_client.post(url(draft.pk), {"fields": fields})
    assert response.status_code == 400
    assert "تعذّر الحفظ التلقائي" in response.json()["error"]
    assert not Autosave.objects.exists()


def test_a_record_over_the_size_cap_is_refused(journalist_client, draft, settings):
    settings.AUTOSAVE_MAX_BYTES = 1000
    response = post(journalist_client, draft.pk, {"body_ar": "<p>" + "ن" * 600 + "</p>"})
    assert response.status_code == 413
    assert "احفظ المقال" in response.json()["error"]


def test_an_unknown_article_is_a_404(journalist_client):
    assert post(journalist_client, 999999, {"body_ar": "<p>x</p>"}).status_code == 404
    assert post(journalist_client, "abc", {"body_ar": "<p>x</p>"}).status_code == 404


def test_autosaving_costs_the_same_few_queries_every_time(
    journalist_client, draft, django_assert_max_num_queries
):
    post(journalist_client, draft.pk, {"body_ar": "<p>أ</p>"})
    with django_assert_max_num_queries(12) as first:
        post(journalist_client, draft.pk, {"body_ar": "<p>ب</p>"})
    with django_assert_max_num_queries(len(first.captured_queries)):
        post(journalist_client, draft.pk, {"body_ar": "<p>" + "ج" * 5000 + "</p>"})
