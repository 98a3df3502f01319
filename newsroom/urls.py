import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from articles.sitemaps import NewsSitemap, sitemaps
from newsroom.media import serve_media

admin.site.site_header = "نيوزروم"
admin.site.site_title = "نيوزروم"
admin.site.index_title = "إدارة المحتوى"

urlpatterns = [
    path("admin/account/", include("accounts.urls")),  # before the admin's own catch-all
    path("admin/", admin.site.urls),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
]
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    prefix_default_language=False,
)

# Django's default handler404/handler500 render templates/404.html and templates/500.html (Arabic);
# 500.html is self-contained because it must render even when the database is down.

# Development only (the view answers 404 without DEBUG): the web server serves media in production.
urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_media)]
