"""New posts are written a hundred at a time (one insert per table), on PostgreSQL by several
worker processes: what a journalist finds afterwards must be what one-by-one writing gave,
and one bad post must cost only itself."""

import signal
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, Revision, SearchDocument
from comments.models import Comment
from images.models import Image
from redirects.models import Redirect
from wordpress.models import ImportedItem

from ..servers import ROOT, manage, site_environment, wait_until
from .conftest import DATA, comment, item, wxr
from .test_import import article, counts

REFUSED = "Item 3"  # the headline the database is made to refuse


def refuse_headline(headline):
    """A database trigger that refuses one article: a real failure in the middle of a batch."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_article() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.headline_ar = '{headline}' THEN RAISE EXCEPTION 'refused by the test'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_article BEFORE INSERT ON articles_article "
                "FOR EACH ROW EXECUTE FUNCTION refuse_article()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_article BEFORE INSERT ON articles_article "
                f"WHEN NEW.headline_ar = '{headline}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )


def allow_all():
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER refuse_article"
            + (" ON articles_article" if connection.vendor == "postgresql" else "")
        )
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION refuse_article()")


def posts(n, comments_each=3):
    return "".join(
        item(
            wp_id,
            content=f"نص المقال {wp_id}",
            extra="".join(comment(wp_id * 100 + c) for c in range(comments_each)),
        )
        for wp_id in range(1, n + 1)
    )


def problems(tmp_path):
    return (tmp_path / "problems.csv").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_one_refused_post_fails_alone_and_the_rest_of_its_batch_lands(import_wxr, write_wxr, tmp_path):
    refuse_headline(REFUSED)
    path = write_wxr(wxr(posts(5)))
    with pytest.raises(Exception, match="1"):  # the command ends in error: one item failed
        import_wxr(path)
    assert sorted(Article.objects.values_list("headline_ar", flat=True)) == [
        "Item 1", "Item 2", "Item 4", "Item 5",
    ]  # fmt: skip
    assert Comment.objects.count() == 12 and ImportedItem.objects.filter(kind="post").count() == 4
    assert Revision.objects.count() == 4 and SearchDocument.objects.count() == 4
    report = problems(tmp_path)
    assert report.count("post 3") == 1 and "refused by the test" in report and "post 1" not in report

    allow_all()
    out = import_wxr(path)  # the fixed database: the missing post comes, nothing doubles
    assert counts(out, "المقالات")[0:3] == ["1", "0", "4"]
    assert article(3).comments.count() == 3 and Comment.objects.count() == 15


@pytest.mark.django_db
def test_a_batch_of_posts_costs_about_what_one_post_costs(
    import_wxr, write_wxr, django_assert_max_num_queries, django_assert_num_queries
):
    one, fifty = write_wxr(wxr(posts(1)), "one.xml"), write_wxr(wxr(posts(50)), "fifty.xml")
    import_wxr(one)
    Article.objects.all().delete()
    ImportedItem.objects.all().delete()
    Redirect.objects.all().delete()
    with django_assert_max_num_queries(45):  # one insert per table for all fifty, never fifty
        import_wxr(fifty)
    assert Article.objects.count() == 50 and Comment.objects.count() == 150
    assert all(a.revisions.count() == 1 and a.events.count() == 3 for a in Article.objects.all())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_processes_write_what_one_process_writes(import_wxr, write_wxr, tmp_path):
    """250 posts over two worker processes (three batches each way), one refused."""
    refuse_headline(REFUSED)
    path = write_wxr(wxr(posts(250)))
    try:
        out = StringIO()
        with pytest.raises(CommandError, match="1"):
            call_command(
                "import_wxr", str(path), "--workers", "2", "--no-progress", stdout=out, stderr=StringIO()
            )
        assert "2 عمليات متوازية" in out.getvalue()
    finally:
        allow_all()
    assert Article.objects.count() == 249 and Comment.objects.count() == 249 * 3
    assert not Article.objects.filter(headline_ar=REFUSED).exists()
    assert path.with_suffix(".problems.csv").read_text(encoding="utf-8").count("post 3") == 1
    for wp_id in (1, 100, 101, 250):
        imported = article(wp_id)
        assert imported.is_published() and imported.comments.count() == 3
        assert imported.revisions.count() == 1 and SearchDocument.objects.filter(article=imported).exists()
        assert Redirect.objects.filter(object_id=imported.pk, old_path=f"/?p={wp_id}").exists()
    assert len(set(Article.objects.values_list("slug", flat=True))) == 249
    out = import_wxr(path, "--workers", "2")  # the second run: the one missing, the rest unchanged
    assert counts(out, "المقالات")[0:3] == ["1", "0", "249"]
    assert Article.objects.count() == 250


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_processes_store_attachments_that_posts_then_find(souss_massa, import_wxr, uploads, tmp_path):
    out = import_wxr(DATA / "site.xml", "--media-dir", str(uploads), "--workers", "2")
    assert "2 عمليات متوازية" in out
    image = Image.objects.get()  # stored by a worker; the post's lead image and figure find it
    first = article(101)
    assert first.lead_image == image and set(first.images.all()) == {image}
    assert f'<figure data-image="{image.pk}"' in first.body
    assert "station.jpg" in problems(tmp_path)  # the missing file, reported from the worker
    assert Redirect.objects.filter(new_path=image.original_url()).exists()
    again = import_wxr(DATA / "site.xml", "--media-dir", str(uploads), "--workers", "2")
    # The second run: the port photo unchanged, the missing file still missing, nothing doubled.
    assert counts(again, "المرفقات") == ["0", "0", "1", "1", "0"] and Image.objects.count() == 1


def test_workers_must_be_a_sensible_number(db, import_wxr, write_wxr):
    path = write_wxr(wxr(posts(1)))
    with pytest.raises(CommandError, match="1 و32"):
        import_wxr(path, "--workers", "0")
    with pytest.raises(CommandError, match="invalid int"):
        import_wxr(path, "--workers", "many")
    assert not Article.objects.exists()


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_run_stopped_with_sigterm_leaves_whole_posts_and_the_next_run_finishes(write_wxr, tmp_path):
    """The operator's service manager stops the import midway: the workers finish the batch they
    are on and stop with it (no process left behind), and the same command run again imports
    exactly what is missing."""
    path = write_wxr(wxr(posts(3000, comments_each=2)))
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = site_environment(url)
    command = [sys.executable, "manage.py", "import_wxr", str(path), "--workers", "2", "--no-progress"]
    with open(tmp_path / "stderr.txt", "w") as errors:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=errors, stderr=errors)
    posts_in = ImportedItem.objects.filter(kind="post")
    wait_until(lambda: posts_in.count() >= 200, timeout=120, message="the import wrote no posts")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) != 0
    assert not [p for p in Path("/proc").glob("[0-9]*") if str(path) in _command_line(p)]  # no worker left
    stopped_at = ImportedItem.objects.filter(kind="post").count()
    assert 200 <= stopped_at < 3000
    assert Article.objects.count() == stopped_at  # whole batches: every article has its ledger row
    assert Comment.objects.count() == 2 * stopped_at

    manage(environment, "import_wxr", str(path), "--no-progress")
    assert Article.objects.count() == 3000 and Comment.objects.count() == 6000
    assert len(set(Article.objects.values_list("slug", flat=True))) == 3000


def _command_line(process_dir):
    try:
        return (process_dir / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
