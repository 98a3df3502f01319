from django.urls import path

from newsroom.converters import UnicodeSlugConverter  # noqa: F401  (registers <uslug:>)

from . import feeds, views

app_name = "authors"

urlpatterns = [
    path("authors/<uslug:slug>/", views.AuthorView.as_view(), name="detail"),
    path("authors/<uslug:slug>/feed/", feeds.AuthorFeed(), name="feed"),
    path("authors/<uslug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="feed-atom"),
]
