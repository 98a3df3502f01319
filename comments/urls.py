from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("articles/<int:pk>/comment/", views.post, name="post"),
]
