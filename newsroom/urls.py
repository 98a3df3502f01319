from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from articles.sitemaps import NewsSitemap, sitemaps

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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
