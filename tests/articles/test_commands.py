import re
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Region

pytestmark = pytest.mark.django_db

SEED = "articles/data/seed_article.txt"


def test_load_regions_gives_morocco_divisions_and_is_idempotent(capsys):
    call_command("load_regions")
    assert Region.objects.filter(level="region").count() == 12
    assert Region.objects.filter(level__in=["prefecture", "province"]).count() == 75
    assert Region.objects.filter(level="commune").count() == 1503
    snapshot = list(Region.objects.values_list("code", "slug", "name_ar", "parent__code"))
    call_command("load_regions")
    assert "0 created, 0 updated" in capsys.readouterr().out
    assert list(Region.objects.values_list("code", "slug", "name_ar", "parent__code")) == snapshot


def test_taghazout_sits_under_agadir_under_souss_massa():
    call_command("load_regions")
    taghazout = Region.objects.get(code="09.001.07.23")
    assert taghazout.name_ar == "تغازوت" and taghazout.name_fr == "Taghazout"
    assert [r.name_fr for r in taghazout.ancestors()] == ["Souss-Massa", "Agadir-Ida-Ou-Tanane"]


def test_load_demo_is_idempotent_and_loads_the_seed_article_exactly():
    call_command("load_demo")
    count = Article.objects.count()
    call_command("load_demo")
    assert Article.objects.count() == count >= 12

    lines = Path(SEED).read_text(encoding="utf-8").splitlines()
    seed = Article.objects.get(headline_ar=lines[0])
    assert [a.name_ar for a in seed.authors.all()] == ["كريم بوزاليم"]
    paragraphs = re.findall(r"<p>(.*?)</p>", seed.body_ar)
    assert paragraphs == lines[2:-1]
    assert "التعليقات مغلقة" not in seed.body_ar
    assert seed.comments_enabled is False
    assert seed.region.code == "09.001.07.23"
    assert {t.name_ar for t in seed.tags.all()} >= {
        "حملة تحسيسية حول السجل الاجتماعي الموحد",
        "السجل الاجتماعي الموحد",
    }
    assert seed.is_published()


def test_load_demo_writes_through_the_workflow_so_every_article_has_history():
    call_command("load_demo")
    seed = Article.objects.get(headline_ar=Path(SEED).read_text(encoding="utf-8").splitlines()[0])
    assert list(seed.events.order_by("id").values_list("action", flat=True)) == ["created", "published"]
    assert seed.revisions.count() == 1
    assert seed.pk in [a.pk for a in Article.objects.published().search("السجل الاجتماعي")]
    published = Article.objects.published()
    assert published.exclude(events__action="published").count() == 0


def test_load_demo_has_a_photo_story_with_credits_and_a_gallery(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    story = Article.objects.get(slug="بالصور-موسم-أكادير-البحري")
    assert story.is_published() and story.lead_image is not None
    assert story.images.count() == 4 and all(image.renditions.get("jpeg") for image in story.images.all())
    html = client.get(story.get_absolute_url()).text
    assert 'class="figure figure--medium figure--start"' in html and 'class="gallery"' in html
    assert html.count("<picture") == 5  # the lead photo, one inline, three in the gallery
    assert "نيوزروم (صورة مولّدة للعرض)" in html
    # Only the lead photo is in view at first; the body's photos load as the reader scrolls.
    assert html.count('loading="eager"') == 1 and html.count('loading="lazy"') == 4
