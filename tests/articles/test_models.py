from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, EventTag, Region
from newsroom.slugs import unicode_slug
from tests.factories import make_article, make_region, make_tag

pytestmark = pytest.mark.django_db


def test_arabic_headline_gives_arabic_slug():
    article = make_article(headline_ar="حملة تحسيسية حول «السجل الاجتماعي» الموحد!")
    assert article.slug == "حملة-تحسيسية-حول-السجل-الاجتماعي-الموحد"


def test_slug_is_limited_in_encoded_bytes_and_cut_on_a_word():
    slug = unicode_slug("كلمة " * 200, max_bytes=120)
    assert 0 < len(slug.encode()) <= 120
    assert not slug.endswith("-")
    assert set(slug.split("-")) == {"كلمة"}


def test_slug_of_punctuation_only_headline_is_never_empty():
    assert make_article(headline_ar="؟!…").slug == "article"


def test_two_articles_with_the_same_headline_get_distinct_slugs():
    first, second = make_article(headline_ar="خبر"), make_article(headline_ar="خبر")
    assert first.slug != second.slug


def test_duplicate_slug_is_rejected_by_the_database():
    make_article(slug="نفس")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=make_article().pk).update(slug="نفس")


def test_unknown_status_is_rejected_by_the_database():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="deleted")


def test_published_article_without_date_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status=Article.Status.PUBLISHED, published_at=None)


def test_event_tag_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_tag(starts_on=date(2023, 1, 26), ends_on=date(2023, 1, 25))
    assert make_tag(starts_on=date(2023, 1, 26), ends_on=date(2023, 1, 26)).pk


def test_top_level_region_cannot_have_a_parent():
    parent = make_region()
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="X1", level="region", parent=parent, name_ar="خطأ", slug="خطأ")


def test_subtree_and_in_region_reach_every_level_in_one_query(django_assert_num_queries):
    region = make_region()
    province = make_region(parent=region)
    commune = make_region(parent=province, level=Region.Level.COMMUNE)
    elsewhere = make_region()
    inside, outside = make_article(region=commune), make_article(region=elsewhere)
    with django_assert_num_queries(1):
        assert set(Region.objects.subtree(region)) == {region, province, commune}
    with django_assert_num_queries(1):
        found = list(Article.objects.in_region(region))
    assert inside in found and outside not in found


def test_prefix_codes_do_not_leak_into_sibling_regions():
    region = make_region(code="7")
    sibling = make_region(code="70")
    assert sibling not in Region.objects.subtree(region)


@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Article.Status.PUBLISHED, -1, True),
        (Article.Status.PUBLISHED, +1, False),
        (Article.Status.DRAFT, -1, False),
        (Article.Status.REVIEW, -1, False),
        (Article.Status.WITHDRAWN, -1, False),
    ],
)
def test_one_definition_of_published(status, offset, visible):
    article = make_article(status=status, published_at=timezone.now() + timedelta(hours=offset))
    assert article.is_published() is visible
    assert Article.objects.published().filter(pk=article.pk).exists() is visible


def test_event_tag_slug_from_arabic_name():
    tag = EventTag.objects.create(name_ar="حملة تحسيسية حول السجل الاجتماعي الموحد")
    assert tag.slug == "حملة-تحسيسية-حول-السجل-الاجتماعي-الموحد"


def test_display_name_is_the_active_language_name_or_the_arabic_one(client):
    from django.utils import translation

    from tests.factories import make_author

    tag, author = make_tag(name_ar="الرقمنة"), make_author(name_ar="كريم بوزاليم", name_fr="Karim Bouzalim")
    with translation.override("fr"):
        assert (tag.display_name, author.display_name) == ("الرقمنة", "Karim Bouzalim")
    make_article(headline_fr="Numérique", tags=[tag], authors=[author])
    feed = client.get("/fr/feed/").content.decode()
    assert "<category>الرقمنة</category>" in feed and "Karim Bouzalim" in feed
