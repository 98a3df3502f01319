"""A URLconf for tests/newsroom/test_errors.py: views that meet a real database error."""

from django.db import connections
from django.http import HttpResponse
from django.urls import path

from newsroom.urls import handler500, urlpatterns

__all__ = ["handler500", "urlpatterns"]


def unreachable_database(request):
    connections["unreachable"].ensure_connection()  # a database file that cannot be opened
    return HttpResponse("never")


def broken_code(request):
    raise ValueError("a bug, not an outage")


urlpatterns = [
    path("unreachable/", unreachable_database),
    path("broken/", broken_code),
    *urlpatterns,
]
