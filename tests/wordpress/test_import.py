"""import_wxr end to end: a WordPress export in, articles, comments, bylines and old links out."""

import csv

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError

from articles.models import Article, ArticleEvent, EventTag, Revision
from authors.models import Author
from comments.models import Comment
from embeds.models import Embed
from redirects.models import Redirect
from wordpress.models import ImportedItem

from .conftest import DATA, comment, item, wxr

pytestmark = pytest.mark.django_db
SITE = DATA / "site.xml"


def article(wp_id):
    row = ImportedItem.objects.get(kind__in=["post", "page"], key=str(wp_id))
    return Article.objects.get(pk=row.object_id)


def counts(out, label):
    """A row of the command's summary: imported, updated, unchanged, skipped, failed."""
    return next(line.split()[-5:] for line in out.splitlines() if line.startswith(label))


def table_counts():
    models = (Article, ArticleEvent, Revision, Comment, Author, EventTag, Redirect, ImportedItem)
    return {model.__name__: model.objects.count() for model in models}


def test_statuses_dates_and_flags_follow_wordpress(souss_massa, import_wxr):
    import_wxr(SITE, "--pages")
    published = article(101)
    assert published.status == "published" and published.is_published()
    assert published.published_at.isoformat() == "2024-03-05T09:30:00+00:00"  # the GMT field
    assert published.is_featured  # sticky
    assert published.lead == "مشروع لتزويد أكادير بالماء"  # the excerpt
    assert published.slug == "انطلاق-مشروع-تحلية-مياه-البحر-في-أكادير"  # decoded, never ASCII junk
    assert article(102).comments_enabled is False  # comment_status closed
    scheduled = article(103)
    assert scheduled.status == "published" and not scheduled.is_published()
    assert Article.objects.scheduled().filter(pk=scheduled.pk).exists()
    assert article(104).status == "draft"
    assert article(105).status == "review"
    for private in (106, 107):  # private and password-protected: never public, with a note
        assert article(private).status == "draft"
        assert "ووردبريس" in article(private).events.get(action="imported").note
    assert not ImportedItem.objects.filter(key="108").exists()  # trash
    assert article(110).region is None  # a page, imported with --pages


def test_categories_become_the_most_specific_region_and_tags(souss_massa, import_wxr):
    import_wxr(SITE)
    agadir = article(101)
    # «أكادير» (the commune) and «جهة سوس ماسة»: the commune, the more specific of the two.
    assert agadir.region.name_ar == "أكادير" and agadir.region.code.startswith("09.001.")
    assert list(agadir.tags.values_list("name_ar", flat=True)) == ["الماء الصالح للشرب"]
    french = article(102)
    assert french.region == agadir.region  # the French name «Agadir» of the same place
    assert "Société & culture" in french.tags.values_list("name_ar", flat=True)  # not a place: a tag


def test_body_is_converted_and_sanitised(souss_massa, import_wxr):
    import_wxr(SITE)
    body = article(101).body
    assert "<p>أعطيت اليوم انطلاقة مشروع تحلية مياه البحر بأكادير.<br>" in body
    assert "ملاحظة: المشروع ممول من الجهة." in body and "[su_note]" not in body  # shortcode text kept
    assert "<!--more-->" not in body and "[caption" not in body
    # A YouTube URL on its own line: an embed of the library (the provider is not asked), drawn
    # as the facade with a plain link to the video.
    embed = Embed.objects.get(url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert embed.provider == "YouTube" and not embed.thumbnail
    assert f'<figure data-embed="{embed.pk}">' in body
    block = article(102).body
    assert "<!-- wp:" not in block and "<h3>Les chiffres</h3>" in block


def test_every_imported_article_has_a_revision_and_an_audit_trail(souss_massa, import_wxr):
    import_wxr(SITE, "--pages")
    for row in ImportedItem.objects.filter(kind="post"):
        imported = Article.objects.get(pk=row.object_id)
        assert imported.revisions.count() == 1
        actions = set(imported.events.values_list("action", flat=True))
        assert {"created", "imported"} <= actions
        assert not imported.events.exclude(actor=None).exists()  # the system, nobody in particular
    assert "published" in article(101).events.values_list("action", flat=True)
    assert "scheduled" in article(103).events.values_list("action", flat=True)
    assert "submitted" in article(105).events.values_list("action", flat=True)


def test_comments_keep_status_sender_date_and_threads(souss_massa, import_wxr):
    out = import_wxr(SITE)
    comments = {c.name: c for c in article(101).comments.all()}
    assert len(comments) == 5  # the pingback and the trackback are left out, and counted
    assert counts(out, "الإشارات")[3] == "2"  # skipped
    first, reply, nested = comments["يوسف"], comments["فاطمة الزهراء"], comments["Karim"]
    assert (first.status, first.url, first.ip_address) == (
        "approved",
        "https://youssef.example.com/",
        "196.200.1.10",
    )
    assert reply.parent == first and nested.parent == reply and nested.status == "pending"
    assert comments["cheap pills"].status == "spam"
    assert comments["مجهول"].status == "rejected"  # trash
    assert first.created_at.isoformat() == "2024-03-05T11:00:00+00:00"


def test_authors_matched_on_login_then_email_without_accounts(souss_massa, import_wxr):
    User = get_user_model()
    existing = Author.objects.create(
        name_ar="ج. دوبون", user=User.objects.create(username="jean", email="J.Dupont@example.ma")
    )
    import_wxr(SITE)
    assert article(102).authors.get() == existing  # same e-mail, other login
    fatima = article(101).authors.get()
    assert fatima.name_ar == "فاطمة الزهراء" and fatima.user is None  # no account without --create-users
    assert Author.objects.count() == 2


def test_create_users_gives_accounts_without_usable_passwords(souss_massa, import_wxr):
    import_wxr(SITE, "--create-users")
    user = get_user_model().objects.get(username="fatima")
    assert user.author.name_ar == "فاطمة الزهراء"
    assert not user.has_usable_password() and not user.is_staff


def test_a_second_run_duplicates_nothing_and_counts_unchanged(souss_massa, import_wxr):
    import_wxr(SITE, "--pages")
    before = table_counts()
    out = import_wxr(SITE, "--pages")
    assert table_counts() == before
    assert counts(out, "المقالات") == [
        "0",
        "0",
        "7",
        "1",
        "0",
    ]  # imported, updated, unchanged, skipped, failed


def test_a_changed_post_is_updated_with_a_new_revision(souss_massa, import_wxr, write_wxr):
    import_wxr(SITE)
    changed = SITE.read_text(encoding="utf-8").replace("مشروع لتزويد أكادير بالماء", "مقدمة جديدة")
    out = import_wxr(write_wxr(changed))
    updated = article(101)
    assert updated.lead == "مقدمة جديدة"
    assert updated.revisions.count() == 2
    assert updated.comments.count() == 5  # comments not duplicated
    assert counts(out, "المقالات")[0:2] == ["0", "1"]


def test_an_interrupted_run_continues_where_it_stopped(db, import_wxr, write_wxr):
    posts = [item(n, content=f"نص {n}") for n in range(1, 6)]
    import_wxr(write_wxr(wxr("".join(posts[:2])), "first.xml"))  # the first run stopped after two
    out = import_wxr(write_wxr(wxr("".join(posts)), "all.xml"))
    assert Article.objects.count() == 5
    assert counts(out, "المقالات")[0:3] == [
        "3",
        "0",
        "2",
    ]


def test_dry_run_writes_nothing(souss_massa, import_wxr):
    before = table_counts()
    out = import_wxr(SITE, "--dry-run", "--create-users")
    assert table_counts() == before
    assert not get_user_model().objects.exists()
    assert "تجربة فقط" in out
    assert counts(out, "المقالات")[0] == "7"


@pytest.mark.parametrize(
    "name, message",
    [
        ("malformed.xml", "line"),
        ("bomb-billion-laughs.xml", "XML bomb"),
        ("bomb-external-entity.xml", "Refused"),
    ],
)
def test_a_refused_file_leaves_the_database_unchanged(souss_massa, import_wxr, write_wxr, name, message):
    import_wxr(SITE)
    before = table_counts()
    with pytest.raises(CommandError) as refused:
        import_wxr(DATA / name)
    assert "رُفض الملف" in str(refused.value) and message in str(refused.value)
    assert table_counts() == before


def test_malformed_file_names_line_and_column(db, import_wxr, write_wxr):
    broken = wxr(item(1) + "<item><title>نص & مكسور</title></item>" + item(2))
    with pytest.raises(CommandError, match=r"line \d+, column \d+"):
        import_wxr(write_wxr(broken))
    assert not Article.objects.exists()  # not even the post before the fault


def test_recover_reads_what_it_can_and_reports_the_rest(db, import_wxr, write_wxr, tmp_path):
    broken = wxr(item(1) + "<item><title>نص & مكسور</title><wp:post_id>9</wp:post_id></item>" + item(2))
    import_wxr(write_wxr(broken), "--recover")
    assert Article.objects.count() >= 1
    with open(tmp_path / "problems.csv", encoding="utf-8") as handle:
        reasons = [row["reason"] for row in csv.DictReader(handle)]
    assert any("Unreadable XML skipped" in reason for reason in reasons)


def test_https_namespace_and_wxr_1_0_without_author_records(db, import_wxr):
    import_wxr(DATA / "https-namespace.xml")
    import_wxr(DATA / "wxr-1.0.xml")
    assert Article.objects.count() >= 2
    assert Author.objects.exists()  # made from dc:creator: WXR 1.0 has no <wp:author>
    assert all(a.bylines.exists() for a in Article.objects.all())


def test_a_post_with_500_comments_imports_in_bulk(db, import_wxr, write_wxr, django_assert_max_num_queries):
    comments = "".join(comment(n, parent=n - 1 if n % 10 else 0) for n in range(1, 501))
    path = write_wxr(wxr(item(1, extra=comments) + item(2)))
    with django_assert_max_num_queries(120):  # about 10 per thread level, never one per comment
        import_wxr(path)
    assert article(1).comments.count() == 500
    assert article(2).comments.count() == 0
    reply = article(1).comments.get(body="تعليق رقم 5")
    assert reply.parent.body == "تعليق رقم 4"


def test_pages_are_skipped_unless_asked(db, import_wxr, write_wxr):
    out = import_wxr(write_wxr(wxr(item(1) + item(2, post_type="page"))))
    assert Article.objects.count() == 1
    assert counts(out, "الصفحات")[3] == "1"
