from django.contrib.auth.management import create_permissions
from django.db import migrations

# Copied from articles.roles when written: a migration never imports live code.
ROLE_PERMISSIONS = {
    "Journalist": ["view_embed", "add_embed", "change_embed"],
    "Editor": ["view_embed", "add_embed", "change_embed", "delete_embed"],
}


def grant_embed_permissions(apps, schema_editor):
    """Journalists and editors add embeds through the editor from the start."""
    app_config = apps.get_app_config("embeds")
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
                *Permission.objects.filter(content_type__app_label="embeds", codename__in=codenames)
            )


def revoke_embed_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="embeds"))


class Migration(migrations.Migration):
    dependencies = [
        ("embeds", "0001_embed"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("articles", "0005_create_roles"),
    ]

    operations = [migrations.RunPython(grant_embed_permissions, revoke_embed_permissions)]
