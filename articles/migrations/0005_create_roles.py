"""Seed the Journalist and Editor groups; `manage.py setup_roles` repairs them later."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

JOURNALIST = [
    "articles.view_article",
    "articles.add_article",
    "articles.change_article",
    "articles.view_articleauthor",
    "articles.add_articleauthor",
    "articles.change_articleauthor",
    "articles.delete_articleauthor",
    "articles.view_region",
    "articles.view_eventtag",
    "articles.add_eventtag",
    "articles.view_comment",
    "articles.view_correction",
    "authors.view_author",
]
ROLES = {
    "Journalist": JOURNALIST,
    "Editor": [
        *JOURNALIST,
        "articles.publish_article",
        "articles.change_eventtag",
        "articles.change_comment",
        "articles.moderate_comment",
        "articles.view_moderationrule",
        "articles.add_moderationrule",
        "articles.change_moderationrule",
        "articles.delete_moderationrule",
        "articles.add_correction",
        "articles.change_correction",
        "authors.add_author",
        "authors.change_author",
    ],
}


def create_roles(apps, schema_editor):
    # On a fresh database the post-migrate signal has not created any permission yet.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_events_and_publish_permission"),
        ("authors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
