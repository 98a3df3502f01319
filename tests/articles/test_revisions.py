from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Revision
from articles.revisions import record_revision
from articles.workflow import restore_revision
from tests.admin_forms import form_data
from tests.factories import make_article, make_author, make_image, make_region, make_tag, make_user

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save_in_admin(client, article, **changes):
    """Open the article's change form and submit it as a browser would, with `changes` typed in."""
    data = form_data(client.get(change_url(article)))
    data.update({name: [value] for name, value in changes.items()})
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    return response


def history_urls(article, number=1):
    return [
        reverse("admin:articles_article_revisions", args=[article.pk]),
        reverse("admin:articles_article_revision_compare", args=[article.pk]),
        reverse("admin:articles_article_revision_restore", args=[article.pk, number]),
    ]


def test_admin_save_records_the_content_in_every_language(admin_client):
    first, second = make_author(name_ar="سلمى"), make_author(name_ar="يوسف")
    region, tag = make_region(name_ar="تغازوت"), make_tag(name_ar="السجل الاجتماعي")
    article = make_article(
        headline_ar="عنوان أول",
        headline_fr="Premier titre",
        body_en="<p>English body.</p>",
        byline="MAP",
        region=region,
        tags=[tag],
        authors=[second, first],
    )

    save_in_admin(admin_client, article, headline_ar="عنوان ثان", lead_fr="Chapeau", kicker_en="Kicker")

    latest, baseline = Revision.objects.filter(article=article)
    assert (latest.number, baseline.number) == (2, 1)
    assert baseline.snapshot["fields"]["headline_ar"] == "عنوان أول"  # the state before the first edit
    content = latest.snapshot["fields"]
    assert content["headline_ar"] == "عنوان ثان"
    assert content["headline_fr"] == "Premier titre"
    assert content["lead_fr"] == "Chapeau"
    assert content["kicker_en"] == "Kicker"
    assert content["body_en"] == "<p>English body.</p>"
    assert content["byline"] == "MAP"
    assert {"meta_description_ar", "lead_image_id", "byline"} <= content.keys()
    assert latest.snapshot["region"] == {"id": region.pk, "name": "تغازوت"}
    assert latest.snapshot["tags"] == [{"id": tag.pk, "name": "السجل الاجتماعي"}]
    assert [a["name"] for a in latest.snapshot["authors"]] == ["يوسف", "سلمى"]
    assert latest.created_by.is_superuser

    save_in_admin(admin_client, article, lead_ar="مقدمة جديدة")
    assert article.revisions.count() == 3
    # A save that changes no content (publishing, say) is the audit log's business, not history's.
    save_in_admin(admin_client, article)
    assert article.revisions.count() == 3


def test_compare_marks_inserted_and_deleted_words_escaped_right_to_left(admin_client):
    article = make_article(headline_ar="وزير الفلاحة يزور أكادير", body_ar="<p>زار الوزير المدينة.</p>")
    record_revision(article, by=None)
    article.headline_ar = "وزير الصيد يزور أكادير <b>"
    article.body_ar = "<p>زار الوزير المدينة.</p><p>فقرة جديدة.</p>"
    article.save()
    record_revision(article, by=None)

    compare = reverse("admin:articles_article_revision_compare", args=[article.pk])
    html = admin_client.get(compare, {"old": 1, "new": 2}).content.decode()

    assert "<del>الفلاحة</del>" in html
    assert "<ins>الصيد</ins>" in html
    assert "<ins>&lt;b&gt;</ins>" in html
    assert "<ins><br> فقرة جديدة.</ins>" in html
    assert 'lang="ar" dir="rtl"' in html
    default = admin_client.get(compare).context  # the latest pair
    assert (default["old"].number, default["new"].number) == (1, 2)
    assert admin_client.get(compare, {"old": 1, "new": 9}).status_code == 404


def test_history_lists_revisions_and_links_compare_and_restore(admin_client):
    article = make_article(headline_ar="الأولى")
    save_in_admin(admin_client, article, headline_ar="الثانية")
    html = admin_client.get(reverse("admin:articles_article_revisions", args=[article.pk])).content.decode()
    assert reverse("admin:articles_article_revision_restore", args=[article.pk, 1]) in html
    assert reverse("admin:articles_article_revision_compare", args=[article.pk]) in html
    assert "الحالة قبل أول تعديل مسجّل" in html
    change_page = admin_client.get(change_url(article)).content.decode()
    assert reverse("admin:articles_article_revisions", args=[article.pk]) in change_page


def test_restore_adds_a_revision_and_keeps_every_earlier_one(admin_client):
    old_tag, new_tag = make_tag(), make_tag()
    old_author, new_author = make_author(), make_author()
    article = make_article(headline_ar="الأولى", tags=[old_tag], authors=[old_author])
    record_revision(article, by=None)
    for headline in ("الثانية", "الثالثة"):
        save_in_admin(admin_client, article, headline_ar=headline)
    article.tags.set([new_tag])
    article.bylines.update(author=new_author)
    record_revision(article, by=None)
    before = list(article.revisions.values_list("number", "snapshot", "created_at"))
    assert [number for number, *_ in before] == [4, 3, 2, 1]

    restore = reverse("admin:articles_article_revision_restore", args=[article.pk, 1])
    preview = admin_client.get(restore).content.decode()
    assert "<ins>الأولى</ins>" in preview and "<del>الثالثة</del>" in preview
    assert Article.objects.get(pk=article.pk).headline_ar == "الثالثة"  # looking changes nothing

    response = admin_client.post(restore)
    assert response.status_code == 302 and response.url == change_url(article)
    article.refresh_from_db()
    assert article.headline_ar == "الأولى"
    assert list(article.tags.all()) == [old_tag]
    assert list(article.authors.all()) == [old_author]
    after = list(article.revisions.values_list("number", "snapshot", "created_at"))
    assert after[1:] == before
    newest = article.revisions.first()
    assert newest.number == 5 and newest.restored_from.number == 1
    assert newest.snapshot == article.revisions.get(number=1).snapshot


def test_restore_reports_what_no_longer_exists(admin_client):
    gone = make_tag(name_ar="وسم محذوف")
    article = make_article(tags=[gone])
    record_revision(article, by=None)
    article.tags.clear()
    gone.delete()
    record_revision(article, by=None)
    response = admin_client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, 1]), follow=True
    )
    assert "وسم محذوف" in response.content.decode()
    assert article.revisions.count() == 3


def test_who_may_not_change_the_article_gets_403_and_nothing_changes(client):
    article = make_article(headline_ar="كما هو")
    record_revision(article, by=None)
    article.headline_ar = "تعديل"
    article.save()
    record_revision(article, by=None)
    viewer = make_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)

    for url in history_urls(article):
        assert client.get(url).status_code == 403
    assert client.post(history_urls(article)[2]).status_code == 403
    article.refresh_from_db()
    assert article.headline_ar == "تعديل"
    assert article.revisions.count() == 2


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    article = make_article()
    for url in history_urls(article):
        response = client.get(url)
        assert response.status_code == 302 and reverse("admin:login") in response.url


def test_editing_a_live_article_moves_its_modified_date_editing_a_draft_does_not(admin_client):
    live = make_article(published_at=timezone.now() - timedelta(days=2))
    draft = make_article(status=Article.Status.DRAFT, published_at=None)

    save_in_admin(admin_client, live, lead_ar="مقدمة منقحة")
    save_in_admin(admin_client, draft, lead_ar="مقدمة منقحة")

    live.refresh_from_db()
    draft.refresh_from_db()
    assert live.modified_at == live.revisions.first().created_at
    assert live.date_modified() == live.modified_at > live.published_at
    assert draft.modified_at is None


def test_a_new_article_starts_its_history_at_revision_one(admin_client):
    add = reverse("admin:articles_article_add")
    data = form_data(admin_client.get(add))
    data.update({"headline_ar": ["خبر جديد"], "slug": ["خبر-جديد"], "body_ar": ["<p>نص الخبر.</p>"]})
    assert admin_client.post(add, data).status_code == 302
    revision = Revision.objects.get(article__headline_ar="خبر جديد")
    assert revision.number == 1 and revision.snapshot["fields"]["body_ar"] == "<p>نص الخبر.</p>"


@pytest.mark.browser
def test_diff_reads_right_to_left_in_chromium(browser_context, live_server):
    """The compare page as an editor sees it: Arabic rows laid out right to left, deletions struck."""
    make_user("chief", is_staff=True, is_superuser=True)
    article = make_article(headline_ar="وزير الفلاحة يزور أكادير", headline_fr="Le ministre visite Agadir")
    record_revision(article, by=None)
    article.headline_ar, article.headline_fr = "وزير الصيد يزور أكادير", "Le ministre visite Tiznit"
    article.save()
    record_revision(article, by=None)

    with browser_context() as context:
        page = context.new_page()
        page.goto(live_server.url + reverse("admin:login"))
        page.fill("#id_username", "chief")
        page.fill("#id_password", "pass-1234-word")
        page.click("input[type=submit]")
        page.goto(live_server.url + reverse("admin:articles_article_revision_compare", args=[article.pk]))
        arabic = page.locator("td[lang=ar]", has=page.locator("del")).first
        french = page.locator("td[lang=fr]", has=page.locator("del")).first
        assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"
        assert french.evaluate("el => getComputedStyle(el).direction") == "ltr"
        assert arabic.locator("del").inner_text() == "الفلاحة"
        assert arabic.locator("ins").inner_text() == "الصيد"
        struck = arabic.locator("del").evaluate("el => getComputedStyle(el).textDecorationLine")
        assert "line-through" in struck
        # In a right-to-left row the first word sits at the right edge.
        first, last = arabic.evaluate(
            """el => { const r = document.createRange(); r.selectNodeContents(el);
                       const rects = [...r.getClientRects()];
                       return [rects[0].right, rects[rects.length - 1].left]; }"""
        )
        assert first > last


def test_restore_brings_back_the_lead_image_while_it_is_in_the_library(admin_client):
    beach, port = make_image(title="شاطئ"), make_image(title="ميناء")
    article = make_article(lead_image=beach)
    record_revision(article, by=None)
    article.lead_image = port
    article.save()
    record_revision(article, by=None)

    admin_client.post(reverse("admin:articles_article_revision_restore", args=[article.pk, 1]))
    article.refresh_from_db()
    assert article.lead_image == beach

    admin_client.post(reverse("admin:articles_article_revision_restore", args=[article.pk, 2]))
    beach_id = beach.pk
    beach.delete()
    response = admin_client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, 1]), follow=True
    )
    article.refresh_from_db()
    # The image deleted from the library does not come back, and the editor is told.
    assert article.lead_image == port
    assert f"الصورة الرئيسية رقم {beach_id}" in response.content.decode()


def test_revisions_from_before_the_library_restore_without_their_old_image_fields(admin_client):
    article = make_article(headline_ar="قديم")
    revision = record_revision(article, by=None)
    revision.snapshot["fields"].update({"lead_image": "articles/2025/01/x.jpg", "image_credit": "MAP"})
    revision.save()
    article.headline_ar = "جديد"
    article.save()
    record_revision(article, by=None)
    response = admin_client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, revision.number]), follow=True
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline_ar == "قديم" and article.lead_image is None


def test_history_page_queries_do_not_grow_with_revisions(admin_client, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article()
    url = reverse("admin:articles_article_revisions", args=[article.pk])

    def queries_for_history():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    for number in range(2):
        article.headline_ar = f"عنوان {number}"
        record_revision(article, by=admin_user)
    few = queries_for_history()
    for number in range(2, 8):
        article.headline_ar = f"عنوان {number}"
        record_revision(article, by=admin_user)
    assert queries_for_history() == few


def article_with_two_revisions(**overrides):
    article = make_article(headline_ar="العنوان الأول", **overrides)
    record_revision(article, by=None)
    article.headline_ar = "العنوان الثاني"
    article.save()
    record_revision(article, by=None)
    return article


def test_a_restore_appears_in_the_articles_log(admin_client, admin_user):
    article = article_with_two_revisions()
    admin_client.post(history_urls(article)[2])

    event = article.events.get()
    assert (event.action, event.actor) == ("restored", admin_user)
    page = admin_client.get(change_url(article)).content.decode()
    log = page[page.index('id="events-title"') :]
    assert "استعاد نسخة سابقة" in log and "استعادة النسخة رقم 1" in log


@pytest.mark.parametrize(
    "whose, status",
    [
        ("colleague", Article.Status.DRAFT),
        ("own", Article.Status.PUBLISHED),
        ("own", Article.Status.WITHDRAWN),
    ],
)
def test_journalist_restores_only_what_they_may_edit(client, journalist, other_journalist, whose, status):
    owner = journalist if whose == "own" else other_journalist
    article = article_with_two_revisions(authors=[owner.author], status=status)
    client.force_login(journalist)

    assert client.post(history_urls(article)[2]).status_code == 403
    with pytest.raises(PermissionDenied):
        restore_revision(article.revisions.get(number=1), by=journalist)
    article.refresh_from_db()
    assert article.headline_ar == "العنوان الثاني"
    assert article.revisions.count() == 2 and not article.events.exists()


def test_journalist_restores_a_revision_of_their_own_draft(client, journalist):
    article = article_with_two_revisions(authors=[journalist.author], status=Article.Status.DRAFT)
    client.force_login(journalist)
    assert client.post(history_urls(article)[2]).status_code == 302
    article.refresh_from_db()
    assert article.headline_ar == "العنوان الأول"
    assert article.events.get().action == "restored"
