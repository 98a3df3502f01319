import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView

from articles.sitemaps import NewsSitemap
from articles.sitemaps import sitemaps as article_sitemaps
from authors.sitemaps import AuthorSitemap
from newsroom.media import serve_media
from newsroom.pagecache import tagged
from newsroom.pagecache.views import csrf_token
from newsroom.sitemaps import index as sitemap_index
from newsroom.sitemaps import sitemap as sitemap_section

admin.site.site_header = "نيوزروم"
admin.site.site_title = "نيوزروم"
admin.site.index_title = "إدارة المحتوى"

sitemaps = {**article_sitemaps, "authors": AuthorSitemap}

urlpatterns = [
    path("admin/account/", include("accounts.urls")),  # before the admin's own catch-all
    # The comment queue and rules lived under the articles app until comments got their own.
    re_path(
        r"^admin/articles/(?P<rest>(?:comment|moderationrule)/.*)$",
        RedirectView.as_view(url="/admin/comments/%(rest)s", query_string=True, permanent=True),
    ),
    path("admin/", admin.site.urls),
    path("", include("images.urls")),
    path("csrf/", csrf_token, name="csrf-token"),  # the comment form of a cached page asks here
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    # An index of sections cut into pages of `limit` entries: no page's cost grows with the archive.
    path("sitemap.xml", tagged(sitemap_index, "lists"), {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        tagged(sitemap_section, "lists", query=["p"]),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        tagged(sitemap_section, "lists", query=["p"]),
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
]
urlpatterns += i18n_patterns(
    # Comments first: /articles/<id>/comment/ would otherwise be read as an article's slug.
    path("", include("comments.urls")),
    path("", include("authors.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

# templates/404.html, 500.html and 503.html are Arabic; 500 and 503 are self-contained because they
# must render when the database is down (a database error is a 503: see newsroom/errors.py).
handler500 = "newsroom.errors.server_error"

# Development only (the view answers 404 without DEBUG): the web server serves media in production.
urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_media)]
