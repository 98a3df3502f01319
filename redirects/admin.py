from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "destination_display", "hits", "last_hit_at")
    search_fields = ("old_path", "new_path")
    readonly_fields = ("hits", "last_hit_at", "created_at")
    fields = ("old_path", "new_path", "content_type", "object_id", "hits", "last_hit_at", "created_at")
    ordering = ("-hits", "old_path")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    @admin.display(description=_("إلى"))
    def destination_display(self, redirect):
        return redirect.destination() or "—"
