from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    label = "images"
    verbose_name = _("مكتبة الصور")

    def ready(self):
        from django.db.models.signals import post_delete

        from . import signals

        post_delete.connect(
            signals.delete_files, sender=self.get_model("Image"), dispatch_uid="images-delete-files"
        )
