"""Adding an embed through the editor's chooser, and what readers and feeds get for it."""

import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from articles.models import Article
from embeds import providers
from embeds.models import Embed
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db
CHOOSER = "/admin/embeds/embed/chooser/"


@pytest.fixture
def staff_client(client):
    client.force_login(make_user("journalist", groups=["Journalist"], is_staff=True))
    return client


@pytest.mark.parametrize(
    ("url", "provider", "frame"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ?t=3",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (
            "https://x.com/hespress/status/1234567890",
            "X",
            "https://platform.twitter.com/embed/Tweet.html?id=1234567890",
        ),
        (
            "https://twitter.com/hespress/status/1234567890",
            "X",
            "https://platform.twitter.com/embed/Tweet.html?id=1234567890",
        ),
        ("https://www.instagram.com/p/Cabc123/", "Instagram", "https://www.instagram.com/p/Cabc123/embed/"),
        (
            "https://www.instagram.com/reel/Cabc123/",
            "Instagram",
            "https://www.instagram.com/reel/Cabc123/embed/",
        ),
        (
            "https://www.tiktok.com/@2m.ma/video/7301234567890",
            "TikTok",
            "https://www.tiktok.com/embed/v2/7301234567890",
        ),
        (
            "https://soundcloud.com/radio-mars/episode-1",
            "SoundCloud",
            "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fradio-mars%2Fepisode-1&auto_play=true",
        ),
        (
            "https://www.facebook.com/2m.ma/videos/123456789/",
            "Facebook",
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2F2m.ma%2Fvideos%2F123456789%2F",
        ),
        (
            "https://www.facebook.com/2m.ma/posts/pfbid0abc",
            "Facebook",
            "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2F2m.ma%2Fposts%2Fpfbid0abc",
        ),
        (
            "https://www.google.com/maps/embed?pb=!1m18!1m12",
            "Google Maps",
            "https://www.google.com/maps/embed?pb=!1m18!1m12",
        ),
        (
            "https://maps.google.com/maps?q=Agadir",
            "Google Maps",
            "https://www.google.com/maps?q=Agadir&output=embed",
        ),
    ],
)
def test_each_provider_on_the_allowlist_gets_its_own_frame_address(url, provider, frame):
    found, src = providers.find(url)
    assert (found.name, src) == (provider, frame)
    assert providers.allowed_frame(src)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
    ],
)
def test_a_url_off_the_allowlist_is_refused_in_arabic(staff_client, url):
    response = staff_client.post(CHOOSER, {"url": url})
    assert response.status_code == 400
    assert re.search("[\u0600-\u06ff]", response.json()["error"])
    assert not Embed.objects.exists()


def test_the_chooser_asks_the_provider_once_and_keeps_the_thumbnail_here(staff_client, local_provider):
    url = f"{local_provider.origin}/video/agadir1"
    response = staff_client.post(CHOOSER, {"url": url})
    assert response.status_code == 200
    data = response.json()
    assert (data["provider"], data["title"]) == ("فيديو الجهة", "فيديو agadir1")
    embed = Embed.objects.get(pk=data["id"])
    assert embed.frame_src == f"{local_provider.origin}/player/agadir1"
    assert embed.fetched_at and embed.author_name == "قناة الجهة"
    # Stored under an unguessable name, re-encoded as JPEG, served from our own media.
    name = embed.thumbnail.name
    assert re.fullmatch(r"embeds/[A-Za-z0-9_-]{24}\.jpg", name)
    assert default_storage.exists(name)
    assert (embed.thumbnail_width, embed.thumbnail_height) == (480, 270)
    assert data["thumbnail"] == embed.thumbnail.url and "127.0.0.1" not in data["thumbnail"]
    asked = len(local_provider.requests)
    assert asked == 2  # the oEmbed answer and the thumbnail

    again = staff_client.post(CHOOSER, {"url": url})
    assert again.json()["id"] == embed.pk
    assert len(local_provider.requests) == asked


def test_youtube_is_asked_through_its_configured_endpoint(staff_client, local_provider):
    response = staff_client.post(CHOOSER, {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"})
    data = response.json()
    assert (data["provider"], data["title"]) == ("YouTube", "فيديو dQw4w9WgXcQ")
    assert data["thumbnail"]


def test_an_unreachable_provider_leaves_an_embed_with_its_name_and_no_thumbnail(
    staff_client, settings, oembed_server
):
    closed = oembed_server.origin
    oembed_server.shutdown()
    oembed_server.server_close()
    settings.EMBED_OEMBED_ENDPOINTS = {"YouTube": f"{closed}/oembed"}
    settings.EMBED_FETCH_TIMEOUT = 2
    response = staff_client.post(CHOOSER, {"url": "https://youtu.be/dQw4w9WgXcQ"})
    assert response.status_code == 200
    data = response.json()
    assert (data["provider"], data["title"], data["thumbnail"]) == ("YouTube", "", None)
    assert Embed.objects.get().fetched_at is None


@pytest.mark.parametrize("video", ["no-thumbnail", "bad-thumbnail", "away"])
def test_a_thumbnail_that_is_missing_broken_or_elsewhere_is_left_out(staff_client, local_provider, video):
    data = staff_client.post(CHOOSER, {"url": f"{local_provider.origin}/video/{video}"}).json()
    assert data["thumbnail"] is None
    assert "/redirect-away" not in local_provider.requests[2:]  # the redirect was never followed


def test_nothing_is_fetched_from_inside_our_network_unless_allowed(staff_client, settings, local_provider):
    settings.EMBED_FETCH_ALLOW_PRIVATE = False
    data = staff_client.post(CHOOSER, {"url": f"{local_provider.origin}/video/inside"}).json()
    assert (data["provider"], data["title"], data["thumbnail"]) == ("فيديو الجهة", "", None)
    assert local_provider.requests == []


def test_an_answer_over_the_size_cap_is_not_read(staff_client, settings, local_provider):
    settings.EMBED_OEMBED_PROVIDERS[0]["endpoint"] = f"{local_provider.origin}/huge"
    data = staff_client.post(CHOOSER, {"url": f"{local_provider.origin}/video/big"}).json()
    assert (data["title"], data["thumbnail"]) == ("", None)


def test_the_chooser_is_for_staff_and_posts_only(staff_client):
    from django.test import Client

    client = Client()
    assert client.post(CHOOSER, {"url": "https://youtu.be/dQw4w9WgXcQ"}).status_code == 302
    client.force_login(make_user("reader"))
    assert client.post(CHOOSER, {"url": "https://youtu.be/dQw4w9WgXcQ"}).status_code == 302
    client.force_login(make_user("staff-without-role", is_staff=True))
    assert client.post(CHOOSER, {"url": "https://youtu.be/dQw4w9WgXcQ"}).status_code == 403
    assert staff_client.get(CHOOSER).status_code == 405
    assert not Embed.objects.exists()


def test_the_chooser_refuses_without_a_csrf_token(local_provider):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("journalist", groups=["Journalist"], is_staff=True))
    assert client.post(CHOOSER, {"url": f"{local_provider.origin}/video/a"}).status_code == 403


def _embed(origin, **overrides):
    values = {
        "url": f"{origin}/video/agadir1",
        "provider": "فيديو الجهة",
        "title": "افتتاح المعرض",
        "frame_src": f"{origin}/player/agadir1",
    }
    return Embed.objects.create(**{**values, **overrides})


def test_the_article_page_draws_a_facade_and_frames_only_allowlisted_origins(
    client, local_provider, django_assert_num_queries
):
    embed = _embed(local_provider.origin)
    article = make_article(body_ar=f'<p>قبل</p><figure data-embed="{embed.pk}"></figure><p>بعد</p>')
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "<iframe" not in html
    assert f'data-embed-src="{local_provider.origin}/player/agadir1"' in html
    assert f'href="{embed.url}"' in html and "افتتاح المعرض" in html
    assert "embeds/facade.js" in html
    policy = response.headers["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]+)", policy)[1].split()
    assert local_provider.origin in frame_src
    assert "https://www.youtube-nocookie.com" in frame_src
    assert set(providers.frame_origins()) <= set(frame_src)


def test_one_query_draws_every_embed_of_a_body(client, local_provider, django_assert_num_queries):
    from embeds.rendering import expand

    embeds = [_embed(local_provider.origin, url=f"{local_provider.origin}/video/v{n}") for n in range(5)]
    body = "".join(f'<figure data-embed="{embed.pk}"></figure>' for embed in embeds)
    with django_assert_num_queries(1):
        html = expand(body)
    assert html.count('class="embed"') == 5
    with django_assert_num_queries(0):
        assert expand("<p>نص فقط</p>") == "<p>نص فقط</p>"


def test_a_deleted_embed_or_one_off_the_allowlist_is_a_link_or_nothing(settings, local_provider):
    from embeds.rendering import expand

    embed = _embed(local_provider.origin)
    settings.EMBED_OEMBED_PROVIDERS = []
    html = expand(f'<figure data-embed="{embed.pk}"></figure><figure data-embed="999999"></figure>')
    assert "data-embed-src" not in html and f'href="{embed.url}"' in html
    assert html.count("<figure") == 1


def test_the_body_keeps_its_embed_figures_through_the_sanitiser(local_provider):
    embed = _embed(local_provider.origin)
    article = make_article(
        body_ar=f'<figure data-embed="{embed.pk}" onclick="x()"></figure><iframe src="https://evil.example"></iframe>'
    )
    assert article.body_ar == f'<figure data-embed="{embed.pk}"></figure>'


def test_feeds_carry_an_embed_as_a_link_never_as_markup(client, local_provider, django_assert_num_queries):
    embed = _embed(local_provider.origin)
    make_article(body_ar=f'<p>نص</p><figure data-embed="{embed.pk}"></figure>')
    rss = client.get(reverse("articles:feed")).content.decode()
    assert f"افتتاح المعرض (فيديو الجهة): {embed.url}" in rss
    atom = client.get(reverse("articles:feed-atom")).content.decode()
    assert f'<link href="{embed.url}" rel="related" title="افتتاح المعرض"' in atom
    for body in (rss, atom):
        assert (
            "<iframe" not in body
            and "<script" not in body
            and "data-embed" not in body
            and "<figure" not in body
        )


def test_a_feed_asks_for_its_embeds_once(client, local_provider, django_assert_max_num_queries):
    for n in range(3):
        embed = _embed(local_provider.origin, url=f"{local_provider.origin}/video/f{n}")
        make_article(body_ar=f'<figure data-embed="{embed.pk}"></figure>')
    with django_assert_max_num_queries(20) as three:
        client.get(reverse("articles:feed"))
    embed = _embed(local_provider.origin, url=f"{local_provider.origin}/video/f9")
    make_article(body_ar=f'<figure data-embed="{embed.pk}"></figure>')
    with django_assert_max_num_queries(len(three.captured_queries)):
        client.get(reverse("articles:feed"))


@pytest.mark.parametrize(
    "url",
    [
        "https://www.google.com.evil.example/maps?q=Agadir",
        "https://maps.google.com.evil.example/maps?q=Agadir",
        "https://soundcloud.com.evil.example/a/b",
        "https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
    ],
)
def test_a_lookalike_host_is_no_provider(url):
    assert providers.find(url) == (None, "")


def test_the_demo_photo_story_has_a_video_embed_made_without_asking_youtube(client):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    embed = Embed.objects.get()
    assert (embed.provider, embed.thumbnail.name, embed.fetched_at) == ("YouTube", "", None)
    story = Article.objects.get(body_ar__contains=f'<figure data-embed="{embed.pk}">')
    html = client.get(story.get_absolute_url()).content.decode()
    assert (
        'class="embed"' in html and "youtube-nocookie.com/embed/aqz-KE-bpKQ" in html and "<iframe" not in html
    )
