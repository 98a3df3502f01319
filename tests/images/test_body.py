"""Photos and galleries in the body: stored as library references, shown as responsive pictures."""

import re

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article
from articles.sanitize import sanitize_html
from tests.admin_forms import read_form
from tests.articles.helpers import count_queries
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def figure(image, **attributes):
    extra = "".join(f' data-{name}="{value}"' for name, value in attributes.items())
    return f'<figure data-image="{image.pk}"{extra}><figcaption>تعليق المحرر</figcaption></figure>'


def test_library_figures_survive_sanitising_and_foreign_media_do_not():
    stored = sanitize_html(
        '<figure data-image="42" data-size="medium" data-align="start" data-credit="سعيد" onclick="x()">'
        '<img src="https://elsewhere.example/p.jpg"><figcaption>تعليق <em>مهم</em></figcaption></figure>'
        '<figure data-gallery="4,7,9"><figcaption>معرض</figcaption></figure>'
        '<figure data-embed="17"></figure>'
        '<figure data-image="42 onerror" data-size="giant" data-gallery="1,x"></figure>'
        '<iframe src="https://evil.example/">فيديو</iframe><img src="data:image/png;base64,AAAA">'
    )
    assert stored == (
        '<figure data-image="42" data-size="medium" data-align="start" data-credit="سعيد">'
        "<figcaption>تعليق <em>مهم</em></figcaption></figure>"
        '<figure data-gallery="4,7,9"><figcaption>معرض</figcaption></figure>'
        '<figure data-embed="17"></figure>'
        "<figure></figure>"
    )


def test_image_and_gallery_are_drawn_with_srcset_sizes_dimensions_caption_and_credit(client):
    first = make_image(width=800, height=600, credit="سعيد الصافي", alt_ar="ساحة المدينة")
    second, third = make_image(width=400, height=300, credit="Karim"), make_image(width=400, height=300)
    body = (
        "<p>مقدمة.</p>"
        + figure(first, size="medium", align="start")
        + f'<figure data-gallery="{third.pk},{second.pk}"><figcaption>صور اليوم</figcaption></figure>'
        + figure(second, credit="مراسلنا")
    )
    article = make_article(body_ar=body)
    html = client.get(article.get_absolute_url()).content.decode()
    body_html = html.split('class="article__body"', 1)[1].split("</div>", 1)[0]
    figures = re.findall(r"<figure.*?</figure>", body_html, re.S)
    assert len(figures) == 3
    assert 'class="figure figure--medium figure--start"' in figures[0]
    assert re.search(
        r'<source type="image/webp" srcset="[^"]+/360\.webp 360w, [^"]+/720\.webp 720w, ', figures[0]
    )
    assert 'sizes="(min-width: 50em) 30rem, 100vw"' in figures[0]
    assert 'width="800" height="600" alt="ساحة المدينة" loading="eager"' in figures[0]
    assert "تعليق المحرر" in figures[0] and "<bdi>سعيد الصافي</bdi>" in figures[0]
    # The gallery keeps its order; every later picture waits until it is scrolled to.
    assert figures[1].index(f"/renditions/{third.file.name.split('/')[-1].split('.')[0]}/") < figures[
        1
    ].index(f"/renditions/{second.file.name.split('/')[-1].split('.')[0]}/")
    assert figures[1].count('loading="lazy"') == 2 and "صور اليوم" in figures[1]
    assert "<bdi>مراسلنا</bdi>" in figures[2] and "Karim" not in figures[2]  # data-credit wins
    assert "<img" not in article.body_ar


def test_figures_of_deleted_images_and_unknown_embeds_are_left_out(client, settings):
    image = make_image(width=400, height=300)
    article = make_article(body_ar=figure(image) + '<figure data-embed="17"></figure><p>بعد</p>')
    image.delete()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "تعليق المحرر" not in html and "data-embed" not in html and "<p>بعد</p>" in html


def render_embeds(ids):
    return {pk: f'<div class="embed" data-id="{pk}">facade</div>' for pk in ids}


def test_embed_figures_go_through_the_embeds_apps_renderer(client, settings):
    settings.BODY_EMBED_RENDERER = "tests.images.test_body.render_embeds"
    article = make_article(body_ar='<figure data-embed="17"></figure>')
    assert '<div class="embed" data-id="17">facade</div>' in client.get(article.get_absolute_url()).text


def test_twenty_images_cost_the_same_queries_as_one(client):
    images = [make_image(width=400, height=300, renditions=False) for _ in range(20)]
    one = make_article(body_ar=figure(images[0]))
    twenty = make_article(
        body_ar="".join(figure(image) for image in images[:19])
        + (f'<figure data-gallery="{",".join(str(i.pk) for i in images)}"></figure>')
    )
    assert count_queries(client, one.get_absolute_url()) == count_queries(client, twenty.get_absolute_url())


def test_the_page_shows_the_original_until_renditions_exist_and_then_the_renditions(client):
    image = make_image(width=400, height=300, renditions=False)
    article = make_article(body_ar=figure(image))
    html = client.get(article.get_absolute_url()).text
    assert f'<img src="{image.original_url()}" width="400" height="300"' in html
    assert client.get(image.original_url()).status_code == 404  # no article of it is published yet
    workflow.edit_article(article, by=None, headline_ar=article.headline_ar + "!")  # records the usage
    assert client.get(image.original_url()).status_code == 200


def test_the_write_path_records_where_each_image_is_used(admin_client):
    lead, inline, unused = make_image(), make_image(), make_image()
    article = workflow.create_article(by=None, headline_ar="خبر", lead_image=lead, body_ar=figure(inline))
    assert set(article.images.all()) == {lead, inline}
    workflow.edit_article(article, by=None, body_ar="<p>بلا صور</p>")
    assert list(article.images.all()) == [lead]
    changelist = admin_client.get(reverse("admin:images_image_changelist"), {"used": "no"}).text
    assert (
        str(inline.title) in changelist
        and str(unused.title) in changelist
        and str(lead.title) not in changelist
    )
    change = admin_client.get(reverse("admin:images_image_change", args=[lead.pk])).text
    assert "خبر" in change and reverse("admin:articles_article_change", args=[article.pk]) in change


def test_a_pasted_foreign_image_is_dropped_and_the_journalist_is_told(admin_client):
    data, _inputs = read_form(admin_client.get(ADD_URL), "article_form")
    data.update(
        headline_ar="خبر",
        status="draft",
        body_ar='<p>نص</p><img src="https://elsewhere.example/photo.jpg">',
    )
    response = admin_client.post(ADD_URL, data, follow=True)
    assert "https://elsewhere.example/photo.jpg" in response.text and "مكتبة الصور" in response.text
    assert "<img" not in Article.objects.get().body_ar
