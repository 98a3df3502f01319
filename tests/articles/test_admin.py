import json
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleEvent, Region
from articles.revisions import record_revision
from tests.admin_forms import read_form
from tests.factories import make_article, make_author, make_comment, make_image, make_region, make_tag

pytestmark = pytest.mark.django_db

RTL_HTML = re.compile(r'<html lang="ar" dir="rtl"')
ADD_URL = reverse("admin:articles_article_add")


@pytest.fixture
def one_of_everything():
    region = make_region()
    author = make_author()
    tag = make_tag(region=region)
    article = make_article(authors=[author], tags=[tag], region=region)
    make_comment(article)
    Group.objects.create(name="محررون")


def admin_urls():
    yield reverse("admin:index")
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        yield reverse("admin:app_list", args=[opts.app_label])
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if model_admin.has_add_permission(_superuser_request()):
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        if obj := model._default_manager.first():
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _superuser_request():
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def test_every_admin_page_loads_in_arabic_right_to_left(admin_client, one_of_everything):
    urls = set(admin_urls())
    changed = {"/".join(url.split("/")[2:4]) for url in urls if url.endswith("/change/")}
    assert {
        "articles/article",
        "articles/region",
        "articles/eventtag",
        "comments/comment",
        "authors/author",
        "auth/user",
        "auth/group",
    } <= changed

    for url in sorted(urls):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert RTL_HTML.search(response.content.decode()), url


def test_the_article_page_shows_links_workflow_warnings_and_log_in_order(admin_client):
    article = make_article()
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    page = response.content.decode()

    assert [template.name for template in response.templates].count(
        "admin/articles/article/change_form.html"
    ) == 1
    landmarks = [
        reverse("articles:preview", args=[article.pk]),
        reverse("admin:articles_article_revisions", args=[article.pk]),
        'id="workflow-title"',
        'id="prepublish-title"',
        'name="loaded_version"',
        'id="events-title"',
        'addEventListener("beforeunload"',
    ]
    positions = [page.find(landmark) for landmark in landmarks]
    assert -1 not in positions, dict(zip(landmarks, positions, strict=True))
    assert positions == sorted(positions)


def test_admin_pages_take_their_styles_from_the_newsroom_stylesheet_not_inline(
    admin_client, django_user_model
):
    article = make_article(status=Article.Status.REVIEW, published_at=None, lead_image=make_image())
    make_comment(article)
    record_revision(article, by=None)
    article.headline_ar = "عنوان ثان"
    article.save()
    record_revision(article, by=None)
    workflow.record(article, by=django_user_model.objects.get(), action=ArticleEvent.Action.EDITED)
    change = reverse("admin:articles_article_change", args=[article.pk])
    pages = {
        url: admin_client.get(url)
        for url in [
            reverse("admin:index"),
            reverse("admin:articles_article_changelist"),
            change,
            reverse("admin:articles_article_revision_compare", args=[article.pk]),
            reverse("admin:comments_comment_changelist"),
        ]
    }
    pages["preview link"] = admin_client.post(
        reverse("admin:articles_article_preview_link", args=[article.pk])
    )
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED, published_at=timezone.now())
    journalist = django_user_model.objects.create_user("j", is_staff=True)
    journalist.groups.set(Group.objects.filter(name="Journalist"))
    make_author(user=journalist)
    article.bylines.create(author=journalist.author, position=1)
    admin_client.force_login(journalist)
    pages["refused save"] = admin_client.post(change, {"headline_ar": "نص لم يُحفظ"})
    assert pages["refused save"].status_code == 403

    for name, response in pages.items():
        page = response.content.decode()
        assert "articles/admin/newsroom_admin.css" in page, name
        assert "style=" not in page and "<style" not in page, name
    assert 'class="awaiting"' in pages[reverse("admin:articles_article_changelist")].content.decode()
    assert 'class="lead-image-preview"' in pages[change].content.decode()
    preview = admin_client.get(reverse("articles:preview", args=[article.pk])).content.decode()
    assert '<div class="preview-banner" role="status">' in preview  # styled by the site's sheet


# --- Direction of each input ------------------------------------------------------------------


def test_each_translated_input_takes_the_direction_of_its_language(admin_client):
    _data, inputs = read_form(admin_client.get(ADD_URL), "article_form")

    translated = {name: attrs for name, attrs in inputs.items() if re.search(r"_(ar|fr|en)$", name)}
    assert {"headline_ar", "headline_fr", "body_ar", "body_en", "meta_description_fr"} <= translated.keys()
    for name, attrs in translated.items():
        expected = "rtl" if name.endswith("_ar") else "ltr"
        assert attrs.get("dir") == expected, name
        assert attrs.get("lang") == name[-2:], name


def test_rich_text_editor_area_is_wrapped_in_its_language_direction(admin_client):
    page = admin_client.get(ADD_URL).content.decode()

    for language, direction in (("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")):
        wrapper = re.search(
            rf'<div class="rich-text" dir="(\w+)" lang="{language}">\s*<textarea[^>]*body_{language}', page
        )
        assert wrapper and wrapper.group(1) == direction, language
        assert "data-django-prose-editor-configurable" in page


def test_author_email_input_stays_left_to_right(admin_client):
    _data, inputs = read_form(admin_client.get(reverse("admin:authors_author_add")), "author_form")

    assert inputs["public_email"]["dir"] == "ltr"
    assert inputs["name_ar"]["dir"] == "rtl"
    assert inputs["bio_fr"]["dir"] == "ltr"


def test_language_tabs_use_the_vendored_jquery_ui_not_a_cdn(admin_client):
    page = admin_client.get(ADD_URL).content.decode()

    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in page
    assert "googleapis" not in page
    assert "tabbed_translation_fields.js" in page


# --- Posting the add form -----------------------------------------------------------------------


def article_form(admin_client, **changes):
    data, _inputs = read_form(admin_client.get(ADD_URL), "article_form")
    assert "bylines-TOTAL_FORMS" in data, "the inline's management form must be posted too"
    data.update({"headline_ar": "خبر من أكادير", "lead_ar": "مقدمة كتبها الصحفي بعناية.", "status": "draft"})
    data.update(changes)
    return data


HOSTILE = (
    '<p onclick="steal()">نص <strong>مهم</strong><script>alert(1)</script></p>'
    '<p><a href="javascript:alert(1)">رابط</a> <a href="https://example.ma/x">مصدر</a></p>'
    '<img src="x" onerror="alert(1)"><iframe src="https://evil.example"></iframe>'
    '<p style="position:fixed">مقطع</p><style>body{display:none}</style>'
)


def test_hostile_body_posted_through_the_admin_is_stored_sanitised(admin_client):
    response = admin_client.post(ADD_URL, article_form(admin_client, body_ar=HOSTILE, body_fr=HOSTILE))

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    article = Article.objects.get()
    for body in (article.body_ar, article.body_fr):
        for forbidden in ("<script", "onclick", "onerror", "javascript:", "<iframe", "style", "<img"):
            assert forbidden not in body
        assert "<strong>مهم</strong>" in body
        assert '<a href="https://example.ma/x" rel="noopener noreferrer">مصدر</a>' in body


def test_form_sent_back_for_an_error_shows_the_sanitised_body_and_keeps_the_typed_text(admin_client):
    data = article_form(admin_client, body_ar=HOSTILE, headline_ar="")

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    form = response.context["adminform"].form
    assert "headline_ar" in form.errors
    assert "<script" not in form.cleaned_data["body_ar"]
    page = response.content.decode()
    assert "مقدمة كتبها الصحفي بعناية." in page
    assert "&lt;strong&gt;مهم&lt;/strong&gt;" in page
    assert "alert(1)&lt;/script" not in page


def test_empty_editor_paragraph_is_stored_as_an_empty_body(admin_client):
    admin_client.post(ADD_URL, article_form(admin_client, body_fr="<p></p>"))

    assert Article.objects.get().body_fr == ""


# --- The lead image comes from the library ------------------------------------------------------


def test_lead_image_is_chosen_from_the_library_and_previewed(admin_client):
    image = make_image(alt_ar="شاطئ تغازوت")
    response = admin_client.post(ADD_URL, article_form(admin_client, lead_image=image.pk))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.lead_image == image and list(article.images.all()) == [image]
    change = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'<img src="{image.original_url()}" alt="شاطئ تغازوت"' in change


# --- Change list ----------------------------------------------------------------------------------


@pytest.fixture
def souss_massa():
    region = make_region(code="09", level=Region.Level.REGION, name_ar="سوس ماسة", slug="سوس-ماسة")
    province = make_region(
        code="09.001", parent=region, level=Region.Level.PREFECTURE, name_ar="أكادير", slug="أكادير"
    )
    commune = make_region(
        code="09.001.07.23",
        parent=province,
        level=Region.Level.COMMUNE,
        name_ar="تغازوت",
        slug="تغازوت",
    )
    return region, province, commune


def changelist(admin_client, **params):
    return admin_client.get(reverse("admin:articles_article_changelist"), params)


def listed(response):
    return {article.headline for article in response.context["cl"].result_list}


def test_region_filter_includes_everything_under_the_chosen_region(admin_client, souss_massa):
    _region, province, commune = souss_massa
    make_article(headline_ar="في تغازوت", region=commune)
    make_article(headline_ar="في أكادير", region=province)
    make_article(headline_ar="في الرباط", region=make_region(code="04", name_ar="الرباط"))

    assert listed(changelist(admin_client, region="09")) == {"في تغازوت", "في أكادير"}
    assert listed(changelist(admin_client, region="09.001.07.23")) == {"في تغازوت"}
    assert len(listed(changelist(admin_client))) == 3


def test_region_filter_lists_regions_then_opens_the_chosen_branch(admin_client, souss_massa):
    page = changelist(admin_client).content.decode()
    assert "سوس ماسة" in page
    assert "— أكادير" not in page

    page = changelist(admin_client, region="09.001").content.decode()
    assert "— أكادير" in page
    assert "— — تغازوت" in page


def test_list_shows_status_authors_region_and_date_and_filters(admin_client, souss_massa):
    author = make_author(name_ar="كريم بوزاليم")
    make_article(headline_ar="مقال", authors=[author], region=souss_massa[2], tags=[make_tag()])

    page = changelist(admin_client).content.decode()

    for text in ("منشور", "كريم بوزاليم", "تغازوت", "column-published_at"):
        assert text in page
    filters = response_filters(changelist(admin_client))
    assert {"status", "region", "tags", "authors", "published_at"} <= filters


def response_filters(response):
    return {
        getattr(spec, "parameter_name", None) or spec.field_path
        for spec in response.context["cl"].filter_specs
    }


def test_search_finds_articles_by_headline_and_by_author(admin_client):
    author = make_author(name_ar="كريم بوزاليم")
    make_article(headline_ar="حملة تحسيسية", authors=[author])
    make_article(headline_ar="خبر آخر")

    assert listed(changelist(admin_client, q="تحسيسية")) == {"حملة تحسيسية"}
    assert listed(changelist(admin_client, q="بوزاليم")) == {"حملة تحسيسية"}


def test_search_lists_the_newest_matches_drafts_included(admin_client, monkeypatch):
    monkeypatch.setattr("articles.search.backends.MAX_RESULTS", 2)
    make_article(headline_ar="حملة تحسيسية قديمة")
    make_article(headline_ar="حملة تحسيسية منشورة")
    make_article(headline_ar="حملة تحسيسية في المسودة", status=Article.Status.DRAFT, published_at=None)

    assert listed(changelist(admin_client, q="تحسيسية")) == {"حملة تحسيسية منشورة", "حملة تحسيسية في المسودة"}


def test_changelist_queries_do_not_grow_with_the_number_of_articles(
    admin_client, django_assert_max_num_queries
):
    for _ in range(3):
        make_article(authors=[make_author()], region=make_region(), tags=[make_tag()])
    with django_assert_max_num_queries(60) as few:
        changelist(admin_client)
    for _ in range(6):
        make_article(authors=[make_author(), make_author()], region=make_region(), tags=[make_tag()])

    with django_assert_max_num_queries(len(few.captured_queries)):
        changelist(admin_client)


# --- Autocomplete and slug ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_name", "field_name", "term"),
    [("article", "region", "تغازوت"), ("article", "tags", "السجل"), ("articleauthor", "author", "بوزاليم")],
)
def test_autocomplete_for_regions_tags_and_authors(admin_client, souss_massa, model_name, field_name, term):
    make_tag(name_ar="السجل الاجتماعي الموحد")
    make_author(name_ar="كريم بوزاليم")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": model_name, "field_name": field_name, "term": term},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == [
        {"تغازوت": "تغازوت", "السجل": "السجل الاجتماعي الموحد", "بوزاليم": "كريم بوزاليم"}[term]
    ]


def test_slug_is_prepopulated_from_the_arabic_headline(admin_client):
    page = admin_client.get(ADD_URL).content.decode()

    constants = re.search(r'data-prepopulated-fields="([^"]+)"', page).group(1)
    fields = json.loads(constants.replace("&quot;", '"'))
    [slug] = fields
    assert slug["id"] == "#id_slug"
    assert slug["dependency_ids"] == ["#id_headline_ar"]
    assert slug["allowUnicode"] is True
