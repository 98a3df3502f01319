from django.urls import path

from . import views

app_name = "images"
urlpatterns = [
    path("images/<int:pk>/original/", views.original, name="original"),
]
