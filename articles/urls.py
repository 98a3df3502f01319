from django.urls import path

from newsroom.converters import UnicodeSlugConverter  # noqa: F401  (registers <uslug:>)

from . import feeds, listings, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("articles/", listings.ArticleListView.as_view(), name="list"),
    path("articles/<int:pk>/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("a/<int:pk>/", views.short_link, name="short"),
    path("regions/<uslug:slug>/", listings.RegionView.as_view(), name="region"),
    path("regions/<uslug:slug>/feed/", feeds.RegionFeed(), name="region-feed"),
    path("regions/<uslug:slug>/feed/atom/", feeds.RegionAtomFeed(), name="region-feed-atom"),
    path("tags/<uslug:slug>/", listings.TagView.as_view(), name="tag"),
    path("tags/<uslug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tags/<uslug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("search/", views.search, name="search"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    # Staff previews, and outside reviewers' signed links: never public, never cached.
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("preview/shared/<str:token>/", views.shared_preview, name="shared-preview"),
]
