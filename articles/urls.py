from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("regions/<str:slug>/", views.home, name="region"),
    path("tags/<str:slug>/", views.home, name="tag"),
    path("authors/<str:slug>/", views.home, name="author"),
]

# Search (issue 6)
urlpatterns += [path("search/", views.search, name="search")]
