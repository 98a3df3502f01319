from django.db import migrations

# Editors moderate; journalists read comments (on their own articles, filtered in the admin).
# Only groups that already exist are touched: the roles migration creates them, and should run first.
GRANTS = {"Editor": ["moderate_comment", "view_comment"], "Journalist": ["view_comment"]}
NAMES = {
    "moderate_comment": "يمكنه مراجعة التعليقات (قبول، رفض، مزعج، تعديل)",
    "view_comment": "Can view تعليق",
}


def _permission(apps, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="articles", model="comment")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": NAMES[codename]}
    )
    return permission


def grant_comment_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.add(*(_permission(apps, codename) for codename in GRANTS[group.name]))


def revoke_moderation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderate = Permission.objects.filter(content_type__app_label="articles", codename="moderate_comment")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(*moderate)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_comment_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_comment_permissions, revoke_moderation)]
