"""The workflow panel in a real browser: unsaved copy is not lost by pressing a workflow button."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pressing_submit_with_unsaved_copy_asks_first(browser_context, live_server, client, journalist):
    article = make_article(authors=[journalist.author], status="draft", published_at=None)
    client.force_login(journalist)
    session = client.cookies["sessionid"].value
    url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])

    dialogs = []
    with browser_context() as context:
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
        page.goto(url)
        page.fill("#id_lead_ar", "فقرة كتبتها ولم أحفظها")
        page.click("text=إرسال للمراجعة")
        page.wait_for_timeout(500)  # let a navigation start, if the dialog did not stop it
        typed = page.input_value("#id_lead_ar")
        page.click("input[name=_continue]")
        page.wait_for_load_state()

    assert dialogs == ["beforeunload"]
    assert typed == "فقرة كتبتها ولم أحفظها"
    article.refresh_from_db()
    assert (article.status, article.lead_ar) == (Article.Status.DRAFT, "فقرة كتبتها ولم أحفظها")
