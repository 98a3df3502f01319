"""The site's URLs with a stand-in `articles:comment`, as the comments feature will add it."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponseNotAllowed
from django.urls import include, path

from articles.urls import urlpatterns as article_urlpatterns


def comment(request, pk):
    return HttpResponseNotAllowed(["POST"])


with_comment = [*article_urlpatterns, path("articles/<int:pk>/comment/", comment, name="comment")]
urlpatterns = i18n_patterns(path("", include((with_comment, "articles"))), prefix_default_language=False)
