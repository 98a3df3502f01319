"""The site's URLs plus one view that fails, to see the 500 page a reader would get."""

from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [*site_urlpatterns, path("boom/", fail)]
