"""After an import, the old site's links lead to the new pages."""

import pytest

from articles.models import Article

from .conftest import DATA

pytestmark = pytest.mark.django_db
# The post's <link> as WordPress wrote it (lower-case escapes); browsers send upper-case ones.
LINK = (
    "/2024/03/05/%d8%a7%d9%86%d8%b7%d9%84%d8%a7%d9%82-%d9%85%d8%b4%d8%b1%d9%88%d8%b9-%d8%aa%d8%ad%d9%84"
    "%d9%8a%d8%a9-%d9%85%d9%8a%d8%a7%d9%87-%d8%a7%d9%84%d8%a8%d8%ad%d8%b1-%d9%81%d9%8a-%d8%a3%d9%83%d8%a7%d8%af%d9%8a%d8%b1/"
)
AGADIR = (
    "/category/%d8%ac%d9%87%d8%a9-%d8%b3%d9%88%d8%b3-%d9%85%d8%a7%d8%b3%d8%a9/"
    "%d8%a3%d9%83%d8%a7%d8%af%d9%8a%d8%b1/"
)
TAG = (
    "/tag/%d8%a7%d9%84%d9%85%d8%a7%d8%a1-%d8%a7%d9%84%d8%b5%d8%a7%d9%84%d8%ad-%d9%84%d9%84%d8%b4%d8%b1%d8%a8/"
)


def upper(path):
    return path.replace("%d8", "%D8").replace("%d9", "%D9").replace("%a", "%A").replace("%b", "%B")


@pytest.fixture
def site(souss_massa, import_wxr):
    import_wxr(DATA / "site.xml")
    return Article.objects.get(slug="انطلاق-مشروع-تحلية-مياه-البحر-في-أكادير")


@pytest.mark.parametrize(
    "path",
    [
        LINK,
        upper(LINK),
        LINK.rstrip("/"),
        upper(LINK).rstrip("/"),
        LINK + "amp/",
        LINK + "feed/",
        "/?p=101",
        "/انطلاق-مشروع-تحلية-مياه-البحر-في-أكادير/",
    ],
)
def test_every_old_form_of_a_post_answers_301_to_the_article(client, site, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == site.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_archives_lead_to_the_region_tag_and_author_pages(client, site):
    assert client.get(upper(AGADIR)).status_code == 301
    assert client.get(AGADIR)["Location"] == site.region.get_absolute_url()
    assert client.get(TAG)["Location"] == site.tags.get().get_absolute_url()
    assert client.get("/author/fatima/")["Location"] == site.authors.get().get_absolute_url()


def test_unknown_old_links_still_404(client, site):
    assert client.get("/2024/03/05/%d9%84%d8%a7-%d8%b4%d9%8a%d8%a1/").status_code == 404
    assert client.get("/?p=424242").status_code == 200  # the home page
