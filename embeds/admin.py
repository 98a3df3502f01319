from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Embed
from .workflow import add_embed


def as_json(embed):
    return {
        "id": embed.pk,
        "url": embed.url,
        "provider": embed.provider,
        "title": embed.title,
        "thumbnail": embed.thumbnail.url if embed.thumbnail else None,
    }


@admin.register(Embed)
class EmbedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "provider", "url", "fetched_at", "created_by"]
    list_filter = ["provider"]
    search_fields = ["title", "url", "author_name"]
    readonly_fields = ["url", "provider", "frame_src", "thumbnail", "fetched_at", "created_by"]
    fields = ["url", "provider", "title", "author_name", "frame_src", "thumbnail", "fetched_at", "created_by"]

    def has_add_permission(self, request):
        return False  # embeds come from the editor's chooser, which asks the provider once

    def get_urls(self):
        chooser = self.admin_site.admin_view(require_POST(self.chooser_view))
        return [path("chooser/", chooser, name="embeds_embed_chooser"), *super().get_urls()]

    def chooser_view(self, request):
        """POST `url` → the embed as JSON (made on first sight), or 400 with an Arabic message."""
        if not request.user.has_perm("embeds.add_embed"):
            return JsonResponse({"error": _("ليست لديك صلاحية إضافة التضمينات.")}, status=403)
        try:
            embed = add_embed(request.POST.get("url", ""), by=request.user)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        return JsonResponse(as_json(embed))
