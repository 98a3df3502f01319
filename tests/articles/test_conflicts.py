import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import Article, EditConflict
from tests.admin_forms import admin_form_data
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def second_editor():
    return make_user("second-editor", groups=["Editor"], is_staff=True)


def test_the_form_carries_the_version_it_was_loaded_with(editor_client):
    article = make_article()
    page = editor_client.get(change_url(article)).content.decode()
    assert 'name="loaded_version" value="1"' in page


def test_a_conflicting_save_is_refused_and_both_texts_survive(editor_client, second_editor):
    article = make_article(headline_ar="العنوان الأول", lead_ar="مقدمة أولى")
    other = Client()
    other.force_login(second_editor)
    mine = admin_form_data(editor_client.get(change_url(article)), lead_ar="مقدمتي أنا")
    theirs = admin_form_data(other.get(change_url(article)), headline_ar="عنوانهم هم")

    assert other.post(change_url(article), theirs).status_code == 302
    response = editor_client.post(change_url(article), mine)

    assert response.status_code == 200  # the form again, not a redirect
    article.refresh_from_db()
    assert (article.headline_ar, article.lead_ar, article.version) == ("عنوانهم هم", "مقدمة أولى", 2)
    page = response.content.decode()
    assert "عدّل شخص آخر هذا المقال" in page
    assert "مقدمتي أنا" in page  # what I typed is still in the form
    conflicts = {
        label: (saved, typed) for label, saved, typed in response.context["adminform"].form.conflicts
    }
    assert conflicts["العنوان [ar]"] == ("عنوانهم هم", "العنوان الأول")
    assert conflicts["المقدمة [ar]"] == ("مقدمة أولى", "مقدمتي أنا")
    assert 'name="loaded_version" value="2"' in page  # saving again, knowingly, is possible

    again = admin_form_data(response, headline_ar="عنوانهم هم")
    assert editor_client.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert (article.headline_ar, article.lead_ar, article.version) == ("عنوانهم هم", "مقدمتي أنا", 3)


def test_a_workflow_step_in_between_also_counts_as_a_change(editor_client, editor, journalist):
    article = make_article(authors=[journalist.author], status="draft", published_at=None)
    mine = admin_form_data(editor_client.get(change_url(article)), lead_ar="نص جديد")
    workflow.submit_for_review(article, by=journalist)
    response = editor_client.post(change_url(article), mine)
    assert response.status_code == 200 and "نص جديد" in response.content.decode()
    assert Article.objects.get(pk=article.pk).lead_ar == "مقدمة قصيرة للمقال."


def test_every_save_moves_the_version_on():
    article = make_article()
    assert article.version == 1
    article.save()
    article.lead_ar = "x"
    article.save(update_fields=["lead_ar"])
    assert Article.objects.get(pk=article.pk).version == article.version == 3


def test_a_stale_copy_cannot_overwrite_a_newer_save():
    article = make_article(headline_ar="الأصل")
    first, stale = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.headline_ar = "الأول"
    first.save()
    stale.headline_ar = "القديم"
    with pytest.raises(EditConflict):
        stale.save()
    assert Article.objects.get(pk=article.pk).headline_ar == "الأول"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_from_the_same_version_cannot_both_win():
    """Two transactions on PostgreSQL, interleaved: the second waits on the first's row lock, then loses."""
    article = make_article(headline_ar="الأصل")
    both_loaded, first_updated, results = threading.Barrier(2, timeout=5), threading.Event(), {}

    def save(name, headline, wait_for=None):
        try:
            copy = Article.objects.get(pk=article.pk)
            both_loaded.wait()
            if wait_for:
                wait_for.wait(5)
            with transaction.atomic():
                copy.headline_ar = headline
                copy.save()
                if name == "first":
                    first_updated.set()
                    time.sleep(0.3)  # hold the row lock while the second one tries
            results[name] = "saved"
        except EditConflict:
            results[name] = "conflict"
        finally:
            connection.close()

    second = threading.Thread(target=save, args=("second", "الثاني", first_updated))
    first = threading.Thread(target=save, args=("first", "الأول"))
    second.start()
    first.start()
    first.join(10)
    second.join(10)
    assert results == {"first": "saved", "second": "conflict"}
    article.refresh_from_db()
    assert (article.headline_ar, article.version) == ("الأول", 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_save_that_loses_the_race_after_the_form_check_still_keeps_the_text(editor_client, monkeypatch):
    """Someone commits between the form's version check and the write: the form comes back, text intact."""
    from articles.admin import ArticleAdmin

    article = make_article(headline_ar="الأصل")
    mine = admin_form_data(editor_client.get(change_url(article)), lead_ar="نصي الذي لا يضيع")
    original_save_model, raced = ArticleAdmin.save_model, []

    def save_model_after_a_rival(self, request, obj, form, change):
        if not raced:
            raced.append(True)
            rival = threading.Thread(target=rival_save, args=(article.pk,))
            rival.start()
            rival.join(10)
        return original_save_model(self, request, obj, form, change)

    monkeypatch.setattr(ArticleAdmin, "save_model", save_model_after_a_rival)
    response = editor_client.post(change_url(article), mine)

    assert raced and response.status_code == 200
    assert "نصي الذي لا يضيع" in response.content.decode()
    assert "عدّل شخص آخر هذا المقال" in response.content.decode()
    article.refresh_from_db()
    assert (article.headline_ar, article.version) == ("عنوان المنافس", 2)


def rival_save(pk):
    try:
        rival = Article.objects.get(pk=pk)
        rival.headline_ar = "عنوان المنافس"
        rival.save()
    finally:
        connection.close()
