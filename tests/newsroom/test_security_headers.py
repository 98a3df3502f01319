"""What every response tells the browser: the Content-Security-Policy (public and admin, enforced
or report-only), framing, referrer, opener and transport rules, and how media may be served."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.factories import make_article, make_author, make_region, make_tag
from tests.images import image_bytes

pytestmark = pytest.mark.django_db

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def directives(header):
    return {name: value for name, _, value in (part.strip().partition(" ") for part in header.split(";"))}


@pytest.fixture
def public_urls():
    region, tag, author = make_region(), make_tag(), make_author()
    article = make_article(region=region, tags=[tag], authors=[author], headline_ar="حملة تحسيسية في أكادير")
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "list": "/articles/?q=حملة",
        "region": region.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
        "search": "/search/?q=أكادير",
        "corrections": reverse("articles:corrections"),
        "french": "/fr/",
        "rss": "/feed/",
        "atom": "/feed/atom/",
        "region feed": reverse("articles:region-feed", args=[region.slug]),
        "not found": "/no-such-page/",
    }


def test_every_public_page_type_has_a_policy_without_inline_script(client, public_urls):
    for name, url in public_urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not found" else 200), name
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == "'self'", name
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], name
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], name
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", name
        assert policy["base-uri"] == "'none'", name
        assert "Content-Security-Policy-Report-Only" not in response, name


def test_the_article_page_json_ld_is_data_not_code(client):
    page = client.get(make_article().get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in page
    assert "<script>" not in page and " on" + "load=" not in page


def test_the_admin_policy_allows_only_its_own_nonce_and_the_editor_stylesheet(admin_client):
    article = make_article()
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    policy = directives(response["Content-Security-Policy"])
    nonce = response.wsgi_request.csp_nonce
    assert policy["script-src"] == f"'self' 'nonce-{nonce}'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    page = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in page  # the editor's import map
    assert page.count("<script>") == 0  # every inline script carries the nonce
    assert policy["style-src"].startswith("'self' 'sha256-")
    # A public page gets no nonce and no editor exceptions.
    public = directives(admin_client.get("/")["Content-Security-Policy"])
    assert public["script-src"] == "'self'" and public["style-src"] == "'self'"


def test_frames_referrers_openers_and_transport(client):
    response = client.get("/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def settings_in(code, **env):
    """Evaluate `code` against settings loaded in a fresh process with `env`."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env}
    script = f"import django; django.setup(); from django.conf import settings; print({code})"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True,
                            text=True, timeout=60, check=True)  # fmt: skip
    return result.stdout.strip()


def test_report_only_mode_and_embed_origins_come_from_the_environment(client, settings):
    enforced = (
        "(settings.CONTENT_SECURITY_POLICY is None, settings.CONTENT_SECURITY_POLICY_REPORT_ONLY is None)"
    )
    assert settings_in(enforced) == "(False, True)"
    assert settings_in(enforced, CSP_REPORT_ONLY="1") == "(True, False)"
    frames = "settings.CSP_PUBLIC_DIRECTIVES['frame-src'], settings.CSP_ADMIN_DIRECTIVES['frame-src']"
    assert settings_in(frames) == "[\"'none'\"] [\"'none'\"]"
    assert settings_in(frames, CSP_EMBED_ORIGINS="https://www.youtube-nocookie.com") == (
        "['https://www.youtube-nocookie.com'] [\"'none'\"]"
    )


@pytest.mark.parametrize(
    "origin", ["https://*.example.com", "https://www.example.com/embed", "http://example.com"]
)
def test_embed_origins_must_be_exact_https_origins(origin):
    with pytest.raises(subprocess.CalledProcessError) as refused:
        settings_in("1", CSP_EMBED_ORIGINS=origin)
    assert "is not an exact origin" in refused.value.stderr


def test_in_report_only_mode_the_admin_and_the_public_site_report_their_own_policy(admin_client, settings):
    settings.CONTENT_SECURITY_POLICY = None
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": settings.CSP_PUBLIC_DIRECTIVES}
    public = admin_client.get("/")
    admin = admin_client.get(reverse("admin:articles_article_add"))
    for response in (public, admin):
        assert "Content-Security-Policy" not in response
    assert directives(public["Content-Security-Policy-Report-Only"])["script-src"] == "'self'"
    assert "'nonce-" in directives(admin["Content-Security-Policy-Report-Only"])["script-src"]


def test_media_in_development_is_served_only_as_images_that_run_nothing(client, settings):
    settings.DEBUG = True
    (settings.MEDIA_ROOT / "renditions" / "abc").mkdir(parents=True)
    (settings.MEDIA_ROOT / "renditions" / "abc" / "photo.jpg").write_bytes(image_bytes())
    (settings.MEDIA_ROOT / "originals").mkdir()
    (settings.MEDIA_ROOT / "originals" / "photo.jpg").write_bytes(image_bytes())
    (settings.MEDIA_ROOT / "renditions" / "abc" / "page.html").write_text("<script>alert(1)</script>")
    (settings.MEDIA_ROOT / "renditions" / "abc" / "icon.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'
    )
    image = client.get("/media/renditions/abc/photo.jpg")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert client.get("/media/renditions/abc/page.html").status_code == 404
    assert client.get("/media/renditions/abc/icon.svg").status_code == 404
    assert client.get("/media/../newsroom/settings.py").status_code == 404
    assert (
        client.get("/media/originals/photo.jpg").status_code == 404
    )  # originals: images.views.original only
    settings.DEBUG = False
    assert client.get("/media/renditions/abc/photo.jpg").status_code == 404
