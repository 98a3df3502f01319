from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    # Before the detail route, whose <slug> would otherwise swallow "comment".
    path("articles/<int:pk>/comment/", views.comment, name="comment"),
    path("articles/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("regions/<str:slug>/", views.home, name="region"),
    path("tags/<str:slug>/", views.home, name="tag"),
    path("authors/<str:slug>/", views.home, name="author"),
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
