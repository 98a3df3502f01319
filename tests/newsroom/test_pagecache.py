"""The page cache through the test client, against a real Redis on 127.0.0.1:6391."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from django.utils.http import urlencode

from articles import workflow
from articles.models import Article, Correction
from articles.roles import ensure_roles
from authors import workflow as author_workflow
from comments import workflow as comment_workflow
from images.tasks import make_renditions
from newsroom.pagecache import store
from newsroom.pagecache.middleware import cache_key
from tests.admin_forms import form_data
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_image,
    make_region,
    make_tag,
    make_user,
)
from tests.servers import RedisServer

pytestmark = pytest.mark.django_db

REDIS_PORT = 6391
purged = []


def record_purge(tags):
    """A CDN purge hook for the tests: remembers what it was told."""
    purged.append(list(tags))


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer(REDIS_PORT).start()
    yield server
    server.cli("flushall")


@pytest.fixture(autouse=True)
def page_cache(settings, redis_server):
    redis_server.cli("flushall")
    settings.CACHES = redis_server.caches()
    settings.PAGE_CACHE_SECONDS = 300
    settings.HTTP_CACHE_SECONDS = 60
    settings.PAGE_CACHE_PURGE_HOOK = "tests.newsroom.test_pagecache.record_purge"
    purged.clear()
    yield
    caches["default"].clear()


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def cached_twice(client, url):
    """Request `url` until it comes from the cache; the second answer."""
    first = get(client, url)
    assert first["X-Page-Cache"] == "MISS"
    second = get(client, url)
    assert second["X-Page-Cache"] == "HIT"
    return second


@pytest.fixture
def region():
    return make_region()


@pytest.fixture
def subjects(region):
    """A region, tag and author, each with an older published article (so each has its page)."""
    found = {"region": region, "tag": make_tag(), "author": make_author()}
    make_article(headline_ar="خبر قديم", region=region, tags=[found["tag"]], authors=[found["author"]],
                 published_at=timezone.now() - timedelta(days=1))  # fmt: skip
    return found


def draft_in(subjects, headline):
    article = make_article(
        headline_ar=headline,
        status=Article.Status.DRAFT,
        published_at=None,
        region=subjects["region"],
        authors=[subjects["author"]],
        tags=[subjects["tag"]],
    )
    return article


def pages_of(subjects):
    return [
        "/",
        "/articles/",
        subjects["region"].get_absolute_url(),
        subjects["tag"].get_absolute_url(),
        subjects["author"].get_absolute_url(),
        "/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
    ]


# --- Serving ------------------------------------------------------------------------------------


def test_a_cached_page_costs_no_query(client, subjects, django_assert_num_queries):
    article = make_article(headline_ar="خبر الصباح", region=subjects["region"], tags=[subjects["tag"]])
    pages = ["/", article.get_absolute_url(), "/articles/", subjects["region"].get_absolute_url(), "/feed/"]
    for url in pages:
        get(client, url)
        with django_assert_num_queries(0):
            response = get(client, url)
        assert response["X-Page-Cache"] == "HIT"
        assert "خبر الصباح" in response.content.decode()


def test_cached_page_headers(client, subjects):
    article = make_article(region=subjects["region"], tags=[subjects["tag"]], authors=[subjects["author"]])
    response = cached_twice(client, article.get_absolute_url())
    control = response["Cache-Control"]
    assert "public" in control and "max-age=60" in control
    assert "stale-while-revalidate=" in control and "stale-if-error=" in control
    tags = response["Cache-Tag"].split(",")
    for tag in [f"article:{article.pk}", f"region:{subjects['region'].pk}", f"tag:{subjects['tag'].pk}",
                f"author:{subjects['author'].pk}", "nav"]:  # fmt: skip
        assert tag in tags
    assert response["ETag"] and response["Last-Modified"]


@pytest.mark.parametrize("page", ["article", "/articles/", "/feed/", "/"])
def test_304_on_a_matching_etag_or_date(client, page):
    article = make_article()
    url = article.get_absolute_url() if page == "article" else page
    first = get(client, url)
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    hit = get(client, url)
    assert hit["ETag"] == first["ETag"]
    assert client.get(url, headers={"if-none-match": hit["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": hit["Last-Modified"]}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200


def stored_pages(redis_server):
    return len(redis_server.cli("--scan", "--pattern", "*pagecache:page:*").split())


def test_a_parameter_the_page_does_not_read_serves_the_same_stored_page(client, subjects, redis_server):
    """A story shared on social networks comes back as ?fbclid=<one per click>: every such visit,
    and a flood of made-up parameters, is the one stored page, not a rendering and a copy each."""
    article = make_article(
        headline_ar="خبر يتداوله القراء", region=subjects["region"], tags=[subjects["tag"]]
    )
    pages = [*pages_of(subjects), article.get_absolute_url(), "/feed/atom/", "/news-sitemap.xml",
             "/corrections/", "/search/?q=خبر",
             *(subject.get_absolute_url() + "feed/" for subject in subjects.values())]  # fmt: skip
    for url in pages:
        cached_twice(client, url)
    stored = stored_pages(redis_server)
    for url in pages:
        joiner = "&" if "?" in url else "?"
        for junk in [
            "fbclid=IwAR3xYz",
            "utm_source=facebook&utm_medium=social",
            "x=1",
            "x=2&y=%FF",
            "page_=",
        ]:
            response = get(client, f"{url}{joiner}{junk}")
            assert response["X-Page-Cache"] == "HIT", (url, junk)
    assert stored_pages(redis_server) == stored


def test_the_parameters_a_page_reads_still_tell_its_pages_apart(client, subjects):
    older = [make_article(headline_ar=f"خبر رقم {n}", tags=[subjects["tag"]]) for n in range(21)]
    tag = subjects["tag"].slug
    first, second = cached_twice(client, "/articles/"), get(client, "/articles/?page=2")
    assert second["X-Page-Cache"] == "MISS" and first.content != second.content
    assert get(client, f"/articles/?tag={tag}&page=2")["X-Page-Cache"] == "MISS"
    assert get(client, f"/articles/?page=2&tag={tag}")["X-Page-Cache"] == "HIT"  # in any order
    assert get(client, f"/articles/?fbclid=1&page=2&tag={tag}")["X-Page-Cache"] == "HIT"
    found = get(client, "/search/?q=" + older[0].headline_ar)
    other = get(client, "/search/?q=" + older[1].headline_ar)
    assert found["X-Page-Cache"] == other["X-Page-Cache"] == "MISS" and found.content != other.content
    assert get(client, "/search/?q=خبر&start=2020-01-01")["X-Page-Cache"] == "MISS"
    assert get(client, "/search/?q=خبر&end=2020-01-01")["X-Page-Cache"] == "MISS"


def test_links_and_robots_follow_only_the_parameters_a_page_reads(client, subjects):
    for n in range(21):
        make_article(headline_ar=f"خبر رقم {n}", tags=[subjects["tag"]])
    shared = get(client, "/articles/?fbclid=IwAR3xYz&utm_source=facebook").content.decode()
    assert "fbclid" not in shared and "utm_source" not in shared
    assert 'name="robots" content="noindex' not in shared  # a shared link is the listing itself
    tag = subjects["tag"].slug
    filtered = get(client, f"/articles/?tag={tag}&fbclid=IwAR3xYz").content.decode()
    assert f"{urlencode({'tag': tag})}&amp;page=2" in filtered and "fbclid" not in filtered
    assert 'name="robots" content="noindex' in filtered


def test_an_old_wordpress_address_on_the_home_page_is_a_301_though_the_home_page_is_cached(client):
    """`/?p=101` names an old post: the home page reads no parameter, but the old address is
    answered before any page is looked up, shared tracking parameters and all."""
    from redirects.models import Redirect

    article = make_article()
    cached_twice(client, "/")
    Redirect.objects.create(old_path="/?p=101", new_path=article.get_absolute_url())
    for url in ["/?p=101", "/?fbclid=IwAR3xYz&p=101"]:
        response = client.get(url)
        assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
        assert "no-store" in response["Cache-Control"]
    assert get(client, "/?p=999")["X-Page-Cache"] == "HIT"  # no such post: the home page, shared


def test_a_page_that_does_not_say_what_it_reads_keeps_its_whole_query(client):
    """The sign-in page is not a cached page and reads `next`: nothing is taken off its query."""
    response = client.get("/admin/login/?next=/admin/articles/article/")
    assert 'name="next" value="/admin/articles/article/"' in response.content.decode()


# --- Invalidation -------------------------------------------------------------------------------


def test_publish_shows_at_once_everywhere_it_enters(client, subjects, commit):
    article = draft_in(subjects, "خبر عاجل جديد")
    for url in pages_of(subjects):
        cached_twice(client, url)
    commit(workflow.publish, article, by=None)
    for url in pages_of(subjects):
        response = get(client, url)
        assert response["X-Page-Cache"] == "MISS", url
        assert "خبر عاجل جديد" in response.content.decode() or url.startswith("/sitemap"), url
    assert f"article:{article.pk}" in client.get("/").get("Cache-Tag")
    assert any(f"region:{subjects['region'].pk}" in tags and "front" in tags for tags in purged)


def test_publish_in_a_division_purges_the_regions_above(client, region, commit):
    division = make_region(parent=region)
    cached_twice(client, region.get_absolute_url())
    article = make_article(headline_ar="خبر من الإقليم", status=Article.Status.DRAFT, published_at=None,
                           region=division)  # fmt: skip
    commit(workflow.publish, article, by=None)
    assert "خبر من الإقليم" in get(client, region.get_absolute_url()).content.decode()


def test_withdraw_is_gone_at_once_including_feeds_and_sitemaps(client, subjects, commit):
    article = draft_in(subjects, "خبر سيسحب")
    commit(workflow.publish, article, by=None)
    url = article.get_absolute_url()
    lists = [page for page in pages_of(subjects) if page != "/sitemap.xml"]  # the index names no article
    pages = [*lists, "/feed/atom/", "/news-sitemap.xml", url]
    for page in pages:
        response = cached_twice(client, page)
        assert str(article.pk) in response.content.decode() or "خبر سيسحب" in response.content.decode()
    commit(workflow.withdraw, article, by=None)
    assert client.get(url).status_code == 404
    for page in pages[:-1]:
        body = get(client, page).content.decode()
        assert "خبر سيسحب" not in body and f"/articles/{article.pk}/" not in body, page


def test_edit_moving_an_article_purges_the_old_and_new_lists(client, subjects, commit):
    article = draft_in(subjects, "خبر ينتقل")
    commit(workflow.publish, article, by=None)
    other = make_region()
    old_page, new_page = subjects["region"].get_absolute_url(), other.get_absolute_url()
    cached_twice(client, old_page)
    cached_twice(client, new_page)
    commit(workflow.edit_article, article, by=None, region=other)
    assert "خبر ينتقل" not in get(client, old_page).content.decode()
    assert "خبر ينتقل" in get(client, new_page).content.decode()


def test_a_scheduled_article_appears_on_its_minute(client, subjects, commit):
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        article = draft_in(subjects, "خبر مجدول")
        commit(workflow.publish, article, by=None, at=start + timedelta(minutes=4))
        for url in pages_of(subjects)[:5]:
            assert "خبر مجدول" not in cached_twice(client, url).content.decode()
    with time_machine.travel(start + timedelta(minutes=3, seconds=59), tick=False):
        assert get(client, "/")["X-Page-Cache"] == "HIT"
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        for url in pages_of(subjects)[:5]:
            assert "خبر مجدول" in get(client, url).content.decode(), url


def test_approving_a_comment_shows_it_on_the_article(client, commit):
    article = make_article()
    comment = make_comment(article, body="تعليق ينتظر الموافقة")
    moderator = make_user("moderator", groups=["Editor"], is_staff=True)
    url = article.get_absolute_url()
    assert "تعليق ينتظر الموافقة" not in cached_twice(client, url).content.decode()
    commit(comment_workflow.approve_comment, comment, by=moderator)
    assert "تعليق ينتظر الموافقة" in get(client, url).content.decode()
    commit(comment_workflow.reject_comment, comment, by=moderator)
    assert "تعليق ينتظر الموافقة" not in get(client, url).content.decode()


def test_corrections_closing_comments_and_renames_purge(client, subjects, commit):
    article = draft_in(subjects, "خبر مصحح")
    commit(workflow.publish, article, by=None)
    editor = make_user("corrector", groups=["Editor"], is_staff=True)
    url = article.get_absolute_url()
    cached_twice(client, url)
    correction = Correction(article=article, text_ar="صُحّح اسم المدينة", kind=Correction.Kind.CORRECTION)
    commit(workflow_corrections().append_correction, correction, by=editor)
    assert "صُحّح اسم المدينة" in get(client, url).content.decode()
    assert get(client, url)["X-Page-Cache"] == "HIT"
    commit(workflow.close_comments, article, by=None)
    assert 'id="comment-form"' not in get(client, url).content.decode()
    assert get(client, url)["X-Page-Cache"] == "HIT"
    author = subjects["author"]
    author.name_ar = "اسم الكاتب الجديد"
    commit(author_workflow.save_author, author)
    assert "اسم الكاتب الجديد" in get(client, url).content.decode()
    assert get(client, url)["X-Page-Cache"] == "HIT"
    tag = subjects["tag"]
    tag.name_ar = "وسم بعد التغيير"
    commit(workflow.save_subject, tag)
    assert "وسم بعد التغيير" in get(client, url).content.decode()


def workflow_corrections():
    from articles import corrections

    return corrections


def test_a_page_rendered_during_a_purge_is_not_stored(client):
    article = make_article()
    url = article.get_absolute_url()
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "HIT"
    key = f"ar|testserver|{url}"
    entry = store.read(key)
    started_at = store.generation()
    store.purge_tags([f"article:{article.pk}"])  # while the copy below was being rendered
    entry.tags = dict.fromkeys(entry.tags)
    assert not store.write(key, entry, started_at=started_at)
    assert get(client, url)["X-Page-Cache"] == "MISS"
    assert get(client, url)["X-Page-Cache"] == "HIT"


def test_a_hit_with_no_purge_since_is_one_round_trip_and_a_purge_since_checks_its_tags(
    client, redis_server, commit
):
    article, other = make_article(headline_ar="خبر الصباح"), make_article()
    url = article.get_absolute_url()
    store.purge_tags(["unrelated"])  # the counter exists, as on any site that has published once
    cached_twice(client, url)
    before = redis_server.calls("mget"), redis_server.calls("get")
    assert get(client, url)["X-Page-Cache"] == "HIT"
    assert (redis_server.calls("mget"), redis_server.calls("get")) == (before[0] + 1, before[1])
    commit(workflow.edit_article, other, by=None, headline_ar="خبر آخر")  # a purge, of other tags
    before = redis_server.calls("mget")
    assert get(client, url)["X-Page-Cache"] == "HIT"  # its tags checked: none of them purged
    assert redis_server.calls("mget") == before + 2
    commit(workflow.edit_article, article, by=None, headline_ar="خبر الصباح مصحح")
    assert "خبر الصباح مصحح" in get(client, url).content.decode()


@pytest.mark.parametrize("counter_before_the_page", [True, False])
@pytest.mark.parametrize("purge_before_reading", [True, False])
def test_tags_lost_with_the_purge_counter_after_an_outage_are_never_taken_for_no_purge(
    client, redis_server, counter_before_the_page, purge_before_reading
):
    """After a Redis outage, the keys a process wrote to its fallback meanwhile (the tags it purged
    and the counter) are deleted from Redis: a page showing such a tag must be drawn again."""
    article = make_article()
    url = article.get_absolute_url()
    if counter_before_the_page:
        store.purge_tags(["unrelated"])
    cached_twice(client, url)
    caches["default"].delete_many([store.tag_key(f"article:{article.pk}"), store.GENERATION_KEY])
    if purge_before_reading:
        store.purge_tags(["unrelated"])  # the counter starts again, above where it was
    assert get(client, url)["X-Page-Cache"] == "MISS"
    assert get(client, url)["X-Page-Cache"] == "HIT"
    store.purge_tags([f"article:{article.pk}"])
    assert get(client, url)["X-Page-Cache"] == "MISS"


def test_a_lost_purge_counter_starts_above_every_tag_version_so_pages_are_stored_again_at_once(client):
    """A page is not stored when one of its tags was purged after its rendering began, which it
    tells by the counter: a counter started again below the tags' versions would keep every page
    showing them out of the cache until it caught up."""
    article = make_article()
    url = article.get_absolute_url()
    for _ in range(50):
        store.purge_tags([f"article:{article.pk}"])
    caches["default"].delete(store.GENERATION_KEY)
    assert get(client, url)["X-Page-Cache"] == "MISS"
    assert get(client, url)["X-Page-Cache"] == "HIT"


# --- Never personal -----------------------------------------------------------------------------


def test_an_editor_never_receives_a_cached_page(client, subjects):
    ensure_roles()
    article = make_article(headline_ar="العنوان الأول", region=subjects["region"])
    url = article.get_absolute_url()
    cached_twice(client, url)
    Article.objects.filter(pk=article.pk).update(headline_ar="العنوان المصحح")  # no purge: bypassed
    editor = make_user("editor", groups=["Editor"], is_staff=True)
    editor_client = Client()
    editor_client.force_login(editor)
    for page in [url, "/", "/articles/"]:
        response = editor_client.get(page)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "العنوان المصحح" in editor_client.get(url).content.decode()
    assert "العنوان الأول" in get(client, url).content.decode()  # the reader still has the cached copy
    assert Group.objects.filter(name="Editor").exists()


def test_previews_and_admin_are_never_cached(client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    editor = make_user("previewer", groups=["Editor"], is_staff=True)
    client.force_login(editor)
    response = client.get(f"/preview/{article.pk}/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    client.logout()
    _link, token = workflow.create_preview_link(article, by=None)
    for _ in range(2):
        response = client.get(f"/preview/shared/{token}/")
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
    assert client.get("/admin/login/")["Cache-Control"].count("no-store") == 1
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_a_cached_page_comment_form_accepts_a_post(subjects):
    reader = Client(enforce_csrf_checks=True)
    article = make_article(region=subjects["region"])
    url = article.get_absolute_url()
    page = cached_twice(reader, url)
    assert not page.cookies
    body = page.content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in body and "comment-form.js" in body
    token = reader.get("/csrf/").json()["token"]  # what the form's script does
    data = {"name": "قارئة", "email": "r@example.com", "body": "تعليق من صفحة مخزنة"}
    response = reader.post(f"/articles/{article.pk}/comment/", {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    after = reader.get(response["Location"])
    assert "X-Page-Cache" not in after  # the message makes it personal
    assert "في انتظار المراجعة" in after.content.decode()
    assert get(reader, url)["X-Page-Cache"] == "HIT"  # the message shown, the shared copy again


def test_without_the_script_the_first_post_gives_the_text_back_with_a_token(subjects):
    reader = Client(enforce_csrf_checks=True)
    article = make_article()
    cached_twice(reader, article.get_absolute_url())
    data = {"name": "قارئ", "email": "r@example.com", "body": "نص لا يضيع"}
    refused = reader.post(f"/articles/{article.pk}/comment/", data)
    assert refused.status_code == 403
    body = refused.content.decode()
    assert "نص لا يضيع" in body and "أعد الإرسال" in body
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    accepted = reader.post(f"/articles/{article.pk}/comment/", {**data, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert article.comments.count() == 1


def test_pages_setting_cookies_or_failing_are_not_cached(client):
    assert client.get("/articles/99999/nothing/").status_code == 404
    assert client.get("/articles/99999/nothing/").get("X-Page-Cache") is None
    assert "no-store" in client.get("/csrf/")["Cache-Control"]


# --- Stampede -----------------------------------------------------------------------------------


def test_while_one_request_rebuilds_others_get_the_stale_copy(rf, client, django_assert_num_queries):
    article = make_article(headline_ar="نسخة سابقة")
    url = article.get_absolute_url()
    cached_twice(client, url)
    with time_machine.travel(timezone.now() + timedelta(seconds=301), tick=False):
        request = rf.get(url)
        from django.utils import translation

        with translation.override("ar"):
            key = cache_key(request)
        assert store.lock(key)  # another request is rebuilding it
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response["X-Page-Cache"] == "STALE"
        assert "max-age=0" in response["Cache-Control"]
        store.unlock(key)
        assert client.get(url)["X-Page-Cache"] == "MISS"


# --- The admin's doors --------------------------------------------------------------------------


@pytest.fixture
def superuser_client():
    admin = Client()
    admin.force_login(make_user("chief", is_staff=True, is_superuser=True))
    return admin


def test_renaming_an_author_in_the_admin_purges_their_bylines(client, subjects, superuser_client, commit):
    article = draft_in(subjects, "خبر بتوقيع")
    commit(workflow.publish, article, by=None)
    author = subjects["author"]
    url = article.get_absolute_url()
    cached_twice(client, url)
    change_url = f"/admin/authors/author/{author.pk}/change/"
    data = {**form_data(superuser_client.get(change_url), "author_form"), "name_ar": "توقيع جديد للكاتب"}
    with django_capture_on_commit_callbacks_for(commit):
        assert superuser_client.post(change_url, data).status_code == 302
    assert "توقيع جديد للكاتب" in get(client, url).content.decode()


def test_deleting_an_article_or_a_comment_in_the_admin_purges(client, superuser_client, commit):
    article = make_article(headline_ar="خبر سيحذف")
    comment = make_comment(article, body="تعليق سيحذف", status="approved")
    url = article.get_absolute_url()
    assert "تعليق سيحذف" in cached_twice(client, url).content.decode()
    cached_twice(client, "/")
    with django_capture_on_commit_callbacks_for(commit):
        superuser_client.post(f"/admin/comments/comment/{comment.pk}/delete/", {"post": "yes"})
    assert "تعليق سيحذف" not in get(client, url).content.decode()
    with django_capture_on_commit_callbacks_for(commit):
        superuser_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    assert "خبر سيحذف" not in get(client, "/").content.decode()
    assert client.get(url).status_code == 404


def test_a_photo_edited_deleted_or_given_renditions_purges_its_pages(
    client, settings, superuser_client, commit
):
    settings.FRAGMENT_CACHE_SECONDS = 300  # the card and the article page are remembered too
    image = make_image(alt="وصف أول للصورة", renditions=False)
    article = workflow.create_article(by=None, headline_ar="خبر مصور", lead_image=image)
    commit(workflow.publish, article, by=None)
    url = article.get_absolute_url()
    assert "وصف أول للصورة" in cached_twice(client, url).text
    assert ".webp" not in cached_twice(client, "/").text  # the original, until renditions exist
    commit(make_renditions.call, image.pk)
    assert ".webp" in get(client, "/").text and ".webp" in get(client, url).text
    change_url = f"/admin/images/image/{image.pk}/change/"
    data = {**form_data(superuser_client.get(change_url), "image_form"), "alt_ar": "وصف مصحح للصورة"}
    with django_capture_on_commit_callbacks_for(commit):
        assert superuser_client.post(change_url, data).status_code == 302
    assert "وصف مصحح للصورة" in get(client, url).text
    assert get(client, url)["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks_for(commit):
        superuser_client.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"})
    assert "وصف مصحح للصورة" not in get(client, url).text
    assert ".webp" not in get(client, "/").text


def django_capture_on_commit_callbacks_for(commit):
    """The capture block `commit` runs its writes in, for writes made through the admin."""
    return commit.capture(execute=True)


def test_a_purged_copy_is_never_served_even_while_another_request_rebuilds(client, settings, commit):
    settings.PAGE_CACHE_WAIT_SECONDS = 0.2
    article = make_article(headline_ar="قبل التعديل")
    url = article.get_absolute_url()
    cached_twice(client, url)
    commit(workflow.edit_article, article, by=None, headline_ar="بعد التعديل")
    key = f"ar|testserver|{url}"
    assert store.lock(key)  # another request is rebuilding it and has not finished
    response = client.get(url)  # waited for it, then rendered the page itself
    assert response["X-Page-Cache"] == "BYPASS"
    assert "بعد التعديل" in response.content.decode()
    store.unlock(key)
