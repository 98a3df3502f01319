from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", views.setup, name="setup"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/backup-codes/", views.backup_codes, name="backup-codes"),
    path("keepalive/", views.keepalive, name="keepalive"),
]
