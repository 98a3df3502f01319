from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from newsroom.direction import ContentDirectionMixin

from .forms import AuthorAdminForm
from .models import Author


@admin.register(Author)
class AuthorAdmin(ContentDirectionMixin, TabbedTranslationAdmin):
    form = AuthorAdminForm
    list_display = ["name", "job_title", "user", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_ar", "name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_ar"]}
    raw_id_fields = ["user"]
