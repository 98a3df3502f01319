"""Old addresses answer 301 to where their content lives, whatever their percent-encoding."""

from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType

from redirects.models import Redirect
from tests.factories import make_article

pytestmark = pytest.mark.django_db
OLD = "/2024/03/05/تحلية-المياه/"


def encoded(path, *, upper):
    text = quote(path, safe="/")
    return text if upper else text.lower()


@pytest.fixture
def article():
    article = make_article()
    Redirect.objects.create(
        old_path=OLD, content_type=ContentType.objects.get_for_model(article), object_id=article.pk
    )
    return article


@pytest.mark.parametrize("upper", [True, False], ids=["%D8", "%d8"])
@pytest.mark.parametrize("slash", [True, False], ids=["slash", "no-slash"])
def test_an_old_arabic_path_answers_301_whatever_its_encoding(client, article, upper, slash):
    path = encoded(OLD if slash else OLD.rstrip("/"), upper=upper)
    assert ("%D8" in path) == upper and ("%d8" in path) != upper
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_hits_are_counted(client, article):
    client.get(encoded(OLD, upper=True))
    client.get(OLD)
    redirect = Redirect.objects.get()
    assert redirect.hits == 2 and redirect.last_hit_at is not None


def test_query_forms_on_the_home_page_and_unknown_paths(client, article):
    Redirect.objects.create(old_path="/?p=101", new_path=article.get_absolute_url())
    response = client.get("/?p=101&utm_source=facebook")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert client.get("/?p=999").status_code == 200  # the home page, as before
    assert client.get("/?p=101", headers={"host": "evil.example"}).status_code == 400  # as every page
    assert Redirect.objects.get(old_path="/?p=101").hits == 1
    assert client.get("/2024/03/05/غير-موجود/").status_code == 404
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [("/%00/", 404), ("/wp-content/%00.jpg", 404), ("/" + "ا" * 600 + "/", 404), ("/?p=1%00", 200)],
)
def test_a_path_no_redirect_can_have_is_answered_as_without_redirects(client, article, path, status):
    # A NUL (which PostgreSQL refuses in a query) or a path longer than any stored one: no lookup.
    assert client.get(path).status_code == status


def test_a_redirect_to_a_deleted_article_is_a_404(client, article):
    article.delete()
    assert client.get(OLD).status_code == 404


def test_redirect_found_for_an_existing_page_is_not_used(client, article):
    """Only a 404 is redirected: a path the new site serves keeps its page."""
    Redirect.objects.create(old_path="/feed/", new_path="/somewhere/")
    assert client.get("/feed/").status_code == 200


def test_admin_lists_redirects_with_hits_and_edits_them(admin_client, article):
    Redirect.objects.filter().update(hits=7)
    page = admin_client.get("/admin/redirects/redirect/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/2024/03/05/تحلية-المياه" in html and ">7<" in html
    response = admin_client.post(
        "/admin/redirects/redirect/add/",
        {
            "old_path": "/%D9%82%D8%AF%D9%8A%D9%85/",
            "new_path": "/articles/",
            "content_type": "",
            "object_id": "",
        },
    )
    assert response.status_code == 302
    assert Redirect.objects.filter(old_path="/قديم").exists()
    assert admin_client.get("/%d9%82%d8%af%d9%8a%d9%85").status_code == 301


def test_the_import_ledger_is_read_only_in_the_admin(admin_client):
    assert admin_client.get("/admin/wordpress/importeditem/").status_code == 200
    assert admin_client.get("/admin/wordpress/importeditem/add/").status_code == 403
