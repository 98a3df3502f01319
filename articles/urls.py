from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("a/<int:pk>/", views.short_link, name="short"),
    path("regions/<str:slug>/", views.RegionView.as_view(), name="region"),
    path("regions/<str:slug>/feed/", feeds.RegionFeed(), name="region-feed"),
    path("regions/<str:slug>/feed/atom/", feeds.RegionAtomFeed(), name="region-feed-atom"),
    path("tags/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tags/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("authors/<str:slug>/", views.AuthorView.as_view(), name="author"),
    path("authors/<str:slug>/feed/", feeds.AuthorFeed(), name="author-feed"),
    path("authors/<str:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
]
