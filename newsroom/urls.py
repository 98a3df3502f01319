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

# templates/404.html, 500.html and 503.html are Arabic; 500 and 503 are self-contained because they
# must render when the database is down (a database error is a 503: see newsroom/errors.py).
handler500 = "newsroom.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
