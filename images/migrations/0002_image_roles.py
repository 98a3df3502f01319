from django.contrib.auth.management import create_permissions
from django.db import migrations

# Copied from articles.roles when written: a migration never imports live code.
ROLE_PERMISSIONS = {
    "Journalist": ["view_image", "add_image", "change_image"],
    "Editor": ["view_image", "add_image", "change_image", "delete_image"],
}


def grant_library_permissions(apps, schema_editor):
    """Journalists and editors use the library from the first upload on."""
    app_config = apps.get_app_config("images")
    models_module = getattr(app_config, "models_module", None)  # None on a migration's stubs
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="images", codename__in=codenames)
            )


def revoke_library_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="images"))


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_image"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("articles", "0005_create_roles"),
    ]

    operations = [migrations.RunPython(grant_library_permissions, revoke_library_permissions)]
