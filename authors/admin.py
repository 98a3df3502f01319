from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from newsroom.direction import ContentDirectionMixin

from . import workflow
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

    def save_model(self, request, obj, form, change):
        workflow.save_author(obj)

    def delete_model(self, request, obj):
        workflow.delete_authors(Author.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        workflow.delete_authors(queryset)
