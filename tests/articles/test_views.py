import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import ArticleAuthor, Region
from comments.models import Comment
from tests.factories import make_article, make_author, make_comment, make_region, make_tag

from .helpers import assert_no_hidden, count_queries, with_image

pytestmark = pytest.mark.django_db


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def fill(n, **overrides):
    """`n` published articles with an author, two tags, a region and an image-less card each."""
    region = overrides.pop("region", None) or make_region()
    articles = []
    for i in range(n):
        article = make_article(
            region=region,
            authors=[make_author(), make_author()],
            tags=[make_tag(), make_tag()],
            is_featured=i < 2,
            **overrides,
        )
        articles.append(article)
    return articles


# --- Home -------------------------------------------------------------------------------------


def test_home_is_arabic_right_to_left_and_lists_published_articles(client, hidden_articles):
    article = make_article(headline_ar="خبر منشور", region=make_region(name_ar="جهة الاختبار"))
    response = client.get("/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    text = response.content.decode()
    assert article.get_absolute_url() in text and "خبر منشور" in text
    assert "جهة الاختبار" in text  # its region's block
    assert_no_hidden(text)


def test_home_shows_featured_articles_first(client):
    make_article(headline_ar="خبر عادي")
    make_article(headline_ar="خبر بارز", is_featured=True, published_at=timezone.now() - timedelta(days=3))
    text = client.get("/").content.decode()
    assert text.index("خبر بارز") < text.index("خبر عادي")


def test_home_region_block_includes_articles_from_divisions_below(client):
    region = make_region(name_ar="جهة الأم")
    commune = make_region(parent=make_region(parent=region), level=Region.Level.COMMUNE)
    make_article(headline_ar="خبر من جماعة", region=commune)
    response = client.get("/")
    blocks = response.context["region_blocks"]
    assert [(r.name_ar, [a.headline for a in items]) for r, items in blocks] == [
        ("جهة الأم", ["خبر من جماعة"])
    ]


def test_home_query_count_does_not_grow_with_articles(client):
    fill(3)
    few = count_queries(client, "/")
    for _ in range(4):
        fill(4)
    assert count_queries(client, "/") == few <= 10


def test_home_with_nothing_published_explains_it(client, hidden_articles):
    response = client.get("/")
    assert "لا توجد مقالات منشورة بعد." in response.content.decode()


# --- Article page -----------------------------------------------------------------------------


@pytest.fixture
def seed_like():
    """An article shaped like the reference one: commune under province under region, closed comments."""
    souss = make_region(name_ar="سوس ماسة")
    agadir = make_region(parent=souss, level=Region.Level.PREFECTURE, name_ar="أكادير إداوتنان")
    taghazout = make_region(parent=agadir, level=Region.Level.COMMUNE, name_ar="تغازوت")
    author = make_author(name_ar="كريم بوزاليم")
    tags = [make_tag(name_ar="الرقمنة"), make_tag(name_ar="السجل الاجتماعي الموحد")]
    return make_article(
        headline_ar="حملة تحسيسية بتغازوت",
        kicker_ar="مجتمع",
        lead_ar="مقدمة الحملة.",
        region=taghazout,
        authors=[author],
        tags=tags,
        published_at=datetime(2023, 1, 27, 9, 0, tzinfo=UTC),
        comments_enabled=False,
    )


def test_article_page_shows_everything_about_the_article(client, seed_like):
    response = client.get(seed_like.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    assert text.count("<h1") == 1
    for expected in ("حملة تحسيسية بتغازوت", "مجتمع", "مقدمة الحملة.", "الرقمنة", "السجل الاجتماعي الموحد"):
        assert expected in text
    author = seed_like.authors.get()
    assert f'href="{author.get_absolute_url()}" rel="author"><bdi>كريم بوزاليم</bdi>' in text
    assert '<time datetime="2023-01-27T10:00+01:00">27 يناير 2023، 10:00</time>' in text
    assert "5 رجب 1444 هـ" in text
    crumbs = re.findall(r'<nav class="breadcrumb".*?</nav>', text, re.S)[0]
    assert [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>.*?</li>", crumbs)] == [
        "جهة سوس ماسة",
        "عمالة أكادير إداوتنان",
        "تغازوت",
    ]


def test_article_with_comments_disabled_says_they_are_closed(client, seed_like):
    text = client.get(seed_like.get_absolute_url()).content.decode()
    assert "التعليقات مغلقة." in text
    assert "<form" not in text.split('id="comments"')[1]


def test_article_shows_only_approved_comments_isolated(client):
    article = make_article()
    make_comment(article, name="John (Work)", body="تعليق مقبول 1280 × 960", status=Comment.Status.APPROVED)
    make_comment(article, body="تعليق ينتظر", status=Comment.Status.PENDING)
    make_comment(article, body="تعليق مزعج", status=Comment.Status.SPAM)
    text = client.get(article.get_absolute_url()).content.decode()
    assert "<bdi>John (Work)</bdi>" in text
    assert '<div class="comment-body" dir="auto">تعليق مقبول 1280 × 960</div>' in text
    assert "تعليق ينتظر" not in text and "تعليق مزعج" not in text
    assert "التعليقات مغلقة." not in text  # open: the form belongs to the comments feature


def test_open_comments_after_the_closing_delay_are_closed(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 7
    article = make_article(published_at=timezone.now() - timedelta(days=8))
    assert "التعليقات مغلقة." in client.get(article.get_absolute_url()).content.decode()


def test_wrong_or_old_slug_redirects_permanently_to_the_canonical_url(client):
    article = make_article(headline_ar="عنوان المقال")
    response = client.get(f"/articles/{article.pk}/عنوان-قديم/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_short_link_redirects_to_the_canonical_url(client):
    article = make_article()
    response = client.get(f"/a/{article.pk}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert reverse("articles:short", args=[article.pk]).isascii()


def test_unpublished_articles_are_not_found_anywhere(client, hidden_articles):
    for article in hidden_articles:
        assert client.get(article.get_absolute_url()).status_code == 404
        assert client.get(f"/a/{article.pk}/").status_code == 404


def test_article_query_count_does_not_grow_with_tags_authors_comments(client):
    region = make_region(parent=make_region())
    article = make_article(region=region, authors=[make_author()], tags=[make_tag()])
    make_comment(article, status=Comment.Status.APPROVED)
    make_article(region=region, tags=list(article.tags.all()))
    few = count_queries(client, article.get_absolute_url())
    for _ in range(5):
        author, tag = make_author(), make_tag()
        ArticleAuthor.objects.create(article=article, author=author, position=9)
        article.tags.add(tag)
        make_comment(article, status=Comment.Status.APPROVED)
        make_article(region=region, tags=[tag], authors=[make_author()])
    # Remembered fragments are off in tests: the related ids and their cards are two queries here.
    assert count_queries(client, article.get_absolute_url()) == few <= 9


def test_related_articles_prefer_shared_tags_then_region(client):
    region, elsewhere = make_region(), make_region()
    tag_a, tag_b = make_tag(), make_tag()
    article = make_article(region=region, tags=[tag_a, tag_b])
    same_region = make_article(headline_ar="من نفس المنطقة", region=region)
    two_tags = make_article(headline_ar="وسمان مشتركان", region=elsewhere, tags=[tag_a, tag_b])
    one_tag = make_article(headline_ar="وسم مشترك", region=elsewhere, tags=[tag_b])
    make_article(headline_ar="لا علاقة", region=elsewhere)
    related = client.get(article.get_absolute_url()).content.decode().split('class="related"')[1]
    shown = [related.find(a.headline_ar) for a in (two_tags, one_tag, same_region)]
    assert -1 not in shown and shown == sorted(shown)
    assert "لا علاقة" not in related


def test_lead_image_is_served_as_responsive_renditions(client):
    article = with_image(make_article(), alt_ar="صورة الحملة", credit="John Smith", width=1600, height=900)
    text = client.get(article.get_absolute_url()).content.decode()
    picture = re.search(r"<picture>.*?</picture>", text, re.S).group(0)
    assert 'type="image/webp"' in picture
    assert re.search(
        r'srcset="[^"]+/360\.webp 360w, [^"]+/720\.webp 720w, [^"]+/1080\.webp 1080w, '
        r'[^"]+/1440\.webp 1440w"',
        picture,
    )
    assert re.search(r'<img src="[^"]+/1440\.jpg" srcset="[^"]+/360\.jpg 360w', picture)
    assert 'alt="صورة الحملة"' in picture and 'width="1440" height="810"' in picture
    assert "<bdi>John Smith</bdi>" in text


# --- Languages --------------------------------------------------------------------------------


def test_french_article_url_without_french_text_is_not_found(client):
    article = make_article(headline_ar="بالعربية فقط")
    assert client.get(f"/fr/articles/{article.pk}/{article.slug}/").status_code == 404
    assert client.get(f"/en/a/{article.pk}/").status_code == 404


def test_french_article_is_french_left_to_right_with_alternates_to_existing_translations(client):
    article = make_article(headline_ar="خبر", headline_fr="Une nouvelle", lead_fr="Le chapeau.")
    response = client.get(f"/fr/articles/{article.pk}/{article.slug}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert html_tag(response) == '<html lang="fr" dir="ltr">'
    assert "Une nouvelle" in text and "Le chapeau." in text
    assert "Publié le" in text and "Aller au contenu" in text  # the interface speaks French too
    hreflangs = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', text)
    with translation.override("ar"):
        arabic = settings.SITE_URL + article.get_absolute_url()
    with translation.override("fr"):
        french = settings.SITE_URL + article.get_absolute_url()
    assert hreflangs == [("ar", arabic), ("fr", french), ("x-default", arabic)]
    assert french.startswith(f"{settings.SITE_URL}/fr/articles/")
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', text, re.S).group(0)
    assert 'hreflang="ar"' in switcher and 'hreflang="en"' not in switcher and 'hreflang="fr"' not in switcher


def test_arabic_only_article_has_no_language_switcher_and_one_hreflang_besides_x_default(client):
    article = make_article()
    text = client.get(article.get_absolute_url()).content.decode()
    assert 'class="language-switcher"' not in text
    assert re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href=', text) == ["ar", "x-default"]


def test_french_listing_shows_only_articles_with_french_text(client):
    make_article(headline_ar="عربي فقط")
    make_article(headline_ar="مترجم", headline_fr="Traduit")
    for url in ("/fr/", "/fr/articles/"):
        text = client.get(url).content.decode()
        assert "Traduit" in text and "عربي فقط" not in text


# --- /articles/ and its filters ---------------------------------------------------------------


def test_listing_is_newest_first_and_paginated(client, hidden_articles):
    articles = [make_article(published_at=timezone.now() - timedelta(hours=i)) for i in range(25)]
    response = client.get("/articles/")
    assert list(response.context["object_list"]) == articles[:20]
    assert_no_hidden(response.content.decode())
    second = client.get("/articles/?page=2")
    assert list(second.context["object_list"]) == articles[20:]


def test_listing_filters_combine_and_say_what_is_applied(client):
    region = make_region(name_ar="الجهة المختارة")
    province = make_region(parent=region)
    tag, author = make_tag(name_ar="الوسم المختار"), make_author()
    wanted = make_article(headline_ar="المطلوب", region=province, tags=[tag], authors=[author])
    make_article(headline_ar="منطقة أخرى", tags=[tag], authors=[author])
    make_article(headline_ar="بلا وسم", region=province, authors=[author])
    make_article(headline_ar="كاتب آخر", region=province, tags=[tag])
    response = client.get("/articles/", {"region": region.slug, "tag": tag.slug, "author": author.slug})
    assert list(response.context["object_list"]) == [wanted]
    text = response.content.decode()
    assert "المرشحات المطبقة:" in text and "الجهة المختارة" in text and "الوسم المختار" in text
    assert 'href="/articles/">مسح كل المرشحات</a>' in text


def test_listing_filters_by_date_range_in_local_days(client):
    inside = make_article(published_at=datetime(2024, 7, 9, 23, 30, tzinfo=UTC))  # 10 July, 00:30 local
    make_article(published_at=datetime(2024, 7, 9, 22, 30, tzinfo=UTC))  # 9 July, 23:30 local
    response = client.get("/articles/", {"date_after": "2024-07-10", "date_before": "2024-07-10"})
    assert list(response.context["object_list"]) == [inside]


def test_listing_text_query_searches_headline_and_lead(client):
    by_headline = make_article(headline_ar="أمطار غزيرة في أكادير")
    by_lead = make_article(lead_ar="تساقطات وأمطار مهمة")
    make_article(headline_ar="خبر آخر")
    response = client.get("/articles/", {"q": "أمطار"})
    cards = response.content.decode()
    assert by_headline.get_absolute_url() in cards and by_lead.get_absolute_url() in cards
    assert "خبر آخر" not in cards


@pytest.mark.parametrize(
    "params",
    [
        {"date_after": "garbage"},
        {"date_before": "2024-13-45"},
        {"region": "لا-توجد"},
        {"tag": "x" * 300},
        {"author": "\u202eevil"},
        {"tag": "\x00"},
        {"q": "ب" * 10_000},
        {"q": "\x00"},
    ],
)
def test_bad_filter_values_give_an_explained_empty_list(client, params):
    make_article()
    response = client.get("/articles/", params)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert "لم نتمكن من تطبيق المرشحات" in response.content.decode()


@pytest.mark.parametrize("q", ["\u200f\u200e", "😀🇲🇦", "\ufeffأمطار", "%00", "' OR 1=1 --", "ﷺ\u0610"])
def test_unicode_oddities_in_the_query_never_fail(client, q):
    make_article()
    assert client.get("/articles/", {"q": q}).status_code == 200


@pytest.mark.parametrize("page", ["abc", "999999", "-1", "0", "1.5", "\x00", "٣"])
def test_bad_page_numbers_are_not_found(client, page):
    make_article()
    assert client.get("/articles/", {"page": page}).status_code == 404


def test_listing_query_count_does_not_grow_with_articles_or_filters(client):
    fill(3)
    few = count_queries(client, "/articles/")
    for _ in range(4):
        fill(5)
    region, tag, author = make_region(), make_tag(), make_author()
    make_article(region=region, tags=[tag], authors=[author])
    assert count_queries(client, "/articles/") == few <= 8
    filtered = (
        f"/articles/?region={region.slug}&tag={tag.slug}&author={author.slug}&q=مقال&date_after=2020-01-01"
    )
    # On PostgreSQL a text query first steers the plan (EXPLAIN, and SET LOCAL in a savepoint): a
    # fixed cost, the same as /search/'s.
    steering = 4 if connection.vendor == "postgresql" else 0
    assert count_queries(client, filtered) <= few + steering


# --- Region, tag and author pages -------------------------------------------------------------


def test_region_page_has_breadcrumb_description_and_articles_from_below(client, hidden_articles):
    region = make_region(name_ar="جهة عليا", description_ar="وصف الجهة")
    province = make_region(parent=region, name_ar="إقليم وسط", level=Region.Level.PROVINCE)
    commune = make_region(parent=province, name_ar="جماعة صغيرة", level=Region.Level.COMMUNE)
    below = make_article(headline_ar="خبر الجماعة", region=commune)
    make_article(headline_ar="خبر خارجي", region=make_region())
    for article in hidden_articles:
        article.region = commune
        article.save()
    response = client.get(province.get_absolute_url())
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [below]
    text = response.content.decode()
    assert "إقليم وسط" in text and "جهة عليا" in text and region.get_absolute_url() in text
    assert_no_hidden(text)
    assert "وصف الجهة" in client.get(region.get_absolute_url()).content.decode()


def test_tag_page_lists_tagged_published_articles(client, hidden_articles):
    tag = make_tag(name_ar="الإجهاد المائي", description_ar="أخبار الجفاف")
    article = make_article(tags=[tag])
    make_article()
    for hidden in hidden_articles:
        hidden.tags.add(tag)
    response = client.get(tag.get_absolute_url())
    assert list(response.context["object_list"]) == [article]
    assert "أخبار الجفاف" in response.content.decode()
    assert_no_hidden(response.content.decode())


def test_author_page_lists_the_author_published_articles(client, hidden_articles):
    author = make_author(name_ar="John Smith", bio_ar="مصور متعاون")
    article = make_article(authors=[author])
    for hidden in hidden_articles:
        ArticleAuthor.objects.create(article=hidden, author=author)
    response = client.get(author.get_absolute_url())
    assert list(response.context["object_list"]) == [article]
    text = response.content.decode()
    assert "<bdi>John Smith</bdi>" in text and "مصور متعاون" in text
    assert_no_hidden(text)


@pytest.mark.parametrize("prefix", ["regions", "tags", "authors"])
def test_subject_page_query_count_is_constant(client, prefix):
    region, tag, author = make_region(parent=make_region()), make_tag(), make_author()
    slug = {"regions": region.slug, "tags": tag.slug, "authors": author.slug}[prefix]
    url = f"/{prefix}/{slug}/"
    for _ in range(2):
        make_article(region=region, tags=[tag], authors=[author, make_author()])
    few = count_queries(client, url)
    for _ in range(10):
        make_article(region=region, tags=[tag, make_tag()], authors=[author, make_author()])
    assert count_queries(client, url) == few <= 8


@pytest.mark.parametrize(
    "url",
    [
        "/regions/لا-توجد/",
        "/tags/nope/",
        "/authors/%E2%80%AE/",
        "/articles/99999/x/",
        "/a/99999/",
        "/a/99999999999999999999/",
        "/articles/99999999999999999999/x/",
        "/regions/%00/",
    ],
)
def test_unknown_slugs_and_ids_are_not_found(client, url):
    assert client.get(url).status_code == 404


# --- Error pages ------------------------------------------------------------------------------


def test_not_found_page_is_in_arabic(client):
    response = client.get("/regions/لا-توجد/")
    assert response.status_code == 404
    text = response.content.decode()
    assert html_tag(response) == '<html lang="ar" dir="rtl">' and "الصفحة غير موجودة" in text


@pytest.mark.urls("tests.articles.failing_urls")
def test_server_error_page_is_in_arabic(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    text = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in text and "عذرًا، حدث خطأ من جهتنا" in text


def test_open_article_shows_a_labelled_comment_form(client):
    article = make_article()
    text = client.get(article.get_absolute_url()).content.decode()
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', text, re.S)
    assert form.group(1) == f"/articles/{article.pk}/comment/#comment-form"
    for field in ("name", "email", "body"):
        assert f'<label for="id_{field}">' in form.group(2)
    assert "csrfmiddlewaretoken" in form.group(2)
    assert "التعليقات مغلقة." not in text


def test_article_page_context_renders_a_draft_for_staff_preview(rf):
    from django.template.loader import render_to_string

    from articles.models import Article
    from articles.views import article_page_context

    draft = make_article(headline_ar="مسودة للمعاينة", status=Article.Status.DRAFT, published_at=None)
    request = rf.get("/preview/")
    context = {**article_page_context(request, draft), "is_preview": True}
    html = render_to_string("articles/article_detail.html", context, request=request)
    assert "مسودة للمعاينة" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


# --- Absolute URLs come from SITE_URL, never from the request's Host -------------------------


def test_canonicals_and_robots_use_site_url_whatever_the_host(client, settings):
    settings.SITE_URL = "https://news.example.ma"
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    region, article = make_region(), make_article()
    pages = {
        "/": "https://news.example.ma/",
        region.get_absolute_url(): f"https://news.example.ma{region.get_absolute_url()}",
    }
    for path, canonical in pages.items():
        text = client.get(path, HTTP_HOST="other.example").content.decode()
        assert f'<link rel="canonical" href="{canonical}">' in text
    robots = client.get("/robots.txt", HTTP_HOST="other.example").content.decode()
    assert "Sitemap: https://news.example.ma/sitemap.xml\n" in robots
    assert "Sitemap: https://news.example.ma/news-sitemap.xml" in robots
    text = client.get(article.get_absolute_url(), HTTP_HOST="other.example").content.decode()
    assert f">https://news.example.ma/a/{article.pk}/</a>" in text
    assert "other.example" not in text


def test_tag_event_dates_use_moroccan_month_names(client):
    from datetime import date

    tag = make_tag(name_ar="مهرجان", name_fr="Festival", starts_on=date(2023, 7, 5), ends_on=date(2023, 8, 2))
    make_article(tags=[tag], headline_fr="Article")
    text = client.get(tag.get_absolute_url()).content.decode()
    assert '<time datetime="2023-07-05">5 يوليوز 2023</time>' in text
    assert '<time datetime="2023-08-02">2 غشت 2023</time>' in text
    assert "يوليو " not in text and "أغسطس" not in text
    french = client.get(f"/fr{tag.get_absolute_url()}").content.decode()
    assert "5 juillet 2023" in french


def test_region_breadcrumb_costs_no_query_at_any_depth(client):
    top = make_region()
    commune = make_region(parent=make_region(parent=top), level=Region.Level.COMMUNE)
    assert count_queries(client, commune.get_absolute_url()) == count_queries(client, top.get_absolute_url())
    text = client.get(commune.get_absolute_url()).content.decode()
    crumbs = re.findall(r'<nav class="breadcrumb".*?</nav>', text, re.S)[0]
    assert [a for a in re.findall(r'href="([^"]+)"', crumbs)] == [
        top.get_absolute_url(),
        commune.parent.get_absolute_url(),
    ]


def test_titles_and_open_graph_carry_the_site_name_setting(client, settings):
    settings.SITE_NAME = "أخبار الجهة"
    article = make_article(headline_ar="عنوان المقال")
    text = client.get(article.get_absolute_url()).content.decode()
    assert "<title>عنوان المقال — أخبار الجهة</title>" in text
    assert '<meta property="og:site_name" content="أخبار الجهة">' in text
    assert "<title>أخبار الجهة</title>" in client.get("/").content.decode()
    assert "— أخبار الجهة</title>" in client.get("/articles/").content.decode()


def test_inactive_author_has_no_page_feed_or_byline_link(client):
    author = make_author(name_ar="كاتب سابق", is_active=False)
    article = make_article(authors=[author])
    assert client.get(author.get_absolute_url()).status_code == 404
    assert client.get(reverse("authors:feed", args=[author.slug])).status_code == 404
    text = client.get(article.get_absolute_url()).content.decode()
    assert "<bdi>كاتب سابق</bdi>" in text and author.get_absolute_url() not in text
    assert author.get_absolute_url() not in client.get("/sitemap-authors.xml").content.decode()


def test_listing_offers_only_tags_and_authors_with_public_articles(client, hidden_articles):
    used_tag, used_author = make_tag(name_ar="وسم مستعمل"), make_author(name_ar="كاتب له مقال")
    idle_tag, idle_author = make_tag(name_ar="وسم بلا مقال"), make_author(name_ar="كاتب بلا مقال")
    hidden_tag = make_tag(name_ar="وسم مسودة")
    hidden_articles[0].tags.add(hidden_tag)
    make_article(tags=[used_tag], authors=[used_author])
    response = client.get("/articles/")
    form = response.context["filter"].form
    assert [label for _slug, label in form.fields["tag"].choices][1:] == ["وسم مستعمل"]
    assert [label for _slug, label in form.fields["author"].choices][1:] == ["كاتب له مقال"]
    assert client.get("/articles/", {"tag": idle_tag.slug}).context["filter"].errors
    assert idle_author.display_name not in response.content.decode()


def test_closed_comments_notice_is_translated_and_tags_are_isolated(client):
    tag = make_tag(name_ar="الرقمنة", name_fr="Numérique")
    article = make_article(headline_fr="Titre", comments_enabled=False, tags=[tag])
    arabic = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="comments-closed">التعليقات مغلقة.</p>' in arabic
    assert f'<a href="{tag.get_absolute_url()}" rel="tag"><bdi>الرقمنة</bdi></a>' in arabic
    french = client.get(f"/fr{article.get_absolute_url()}").content.decode()
    assert '<p class="comments-closed">Les commentaires sont fermés.</p>' in french
    assert "التعليقات مغلقة." not in french
    assert 'rel="tag"><bdi>Numérique</bdi></a>' in french


def test_a_tag_name_with_markup_is_shown_as_text_in_the_filters(client):
    hostile = make_tag(name_ar='<b>وسم</b> "مقتبس" & <script>alert(1)</script>', slug="hostile")
    make_article(tags=[hostile])
    html = client.get("/articles/", {"tag": "hostile"}).content.decode()
    option = (
        '<option value="hostile" selected>&lt;b&gt;وسم&lt;/b&gt; &quot;مقتبس&quot; &amp; '
        "&lt;script&gt;alert(1)&lt;/script&gt;</option>"
    )
    assert option in html
    assert "<script>alert(1)" not in html
