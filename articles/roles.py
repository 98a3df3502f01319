"""The newsroom's two roles as auth groups: what each may do, and how to (re)create them."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

JOURNALIST = "Journalist"
EDITOR = "Editor"

_JOURNALIST_PERMISSIONS = [
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
    "comments.view_comment",
    "articles.view_correction",
    "authors.view_author",
    "images.view_image",
    "images.add_image",
    "images.change_image",
    "embeds.view_embed",
    "embeds.add_embed",
    "embeds.change_embed",
]

ROLES = {
    JOURNALIST: _JOURNALIST_PERMISSIONS,
    EDITOR: [
        *_JOURNALIST_PERMISSIONS,
        "articles.publish_article",
        "articles.change_eventtag",
        "comments.change_comment",
        "comments.moderate_comment",
        "comments.view_moderationrule",
        "comments.add_moderationrule",
        "comments.change_moderationrule",
        "comments.delete_moderationrule",
        "articles.add_correction",
        "articles.change_correction",
        "authors.add_author",
        "authors.change_author",
        "images.delete_image",
        "embeds.delete_embed",
    ],
}


def ensure_roles(apps=global_apps, roles=ROLES):
    """Create the groups and give each exactly its permissions; safe to run any number of times.

    Returns the names of the groups whose permissions changed. Works with a migration's
    historical `apps` too: permissions are created first, since on a fresh database the
    post-migrate signal that normally makes them has not run yet.
    """
    for app_config in apps.get_app_configs():
        models_module = app_config.models_module  # None on a migration's app stubs
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    changed = []
    for name, codes in roles.items():
        wanted = set()
        for code in codes:
            app_label, codename = code.split(".")
            wanted.add(Permission.objects.get(content_type__app_label=app_label, codename=codename).pk)
        group, created = Group.objects.get_or_create(name=name)
        if created or set(group.permissions.values_list("pk", flat=True)) != wanted:
            group.permissions.set(wanted)
            changed.append(name)
    return changed
