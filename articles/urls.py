from django.urls import path, register_converter

from . import feeds, views


class UnicodeSlugConverter:
    """A Unicode slug in a path segment; control characters (NUL among them) never match, so they 404."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    # Before the detail route, whose <slug> would otherwise swallow "comment".
    path("articles/<int:pk>/comment/", views.comment, name="comment"),
    path("articles/<int:pk>/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("a/<int:pk>/", views.short_link, name="short"),
    path("regions/<uslug:slug>/", views.RegionView.as_view(), name="region"),
    path("regions/<uslug:slug>/feed/", feeds.RegionFeed(), name="region-feed"),
    path("regions/<uslug:slug>/feed/atom/", feeds.RegionAtomFeed(), name="region-feed-atom"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("tags/<uslug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tags/<uslug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("authors/<uslug:slug>/", views.AuthorView.as_view(), name="author"),
    path("authors/<uslug:slug>/feed/", feeds.AuthorFeed(), name="author-feed"),
    path("authors/<uslug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
]

# --- Corrections ------------------------------------------------------------------------------
urlpatterns += [
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
]

# Previews (staff; outside reviewers with a signed link). Never public, never cached.
urlpatterns += [
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("preview/shared/<str:token>/", views.shared_preview, name="shared-preview"),
]

# Search (issue 6)
urlpatterns += [path("search/", views.search, name="search")]
