from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

migration = import_module("articles.migrations.0004_comment_moderation_permissions")


def test_permissions_migration_lets_the_existing_editor_group_moderate():
    editor, journalist = Group.objects.create(name="Editor"), Group.objects.create(name="Journalist")
    migration.grant_comment_permissions(apps, None)
    migration.grant_comment_permissions(apps, None)  # idempotent
    assert set(editor.permissions.values_list("codename", flat=True)) == {"moderate_comment", "view_comment"}
    assert set(journalist.permissions.values_list("codename", flat=True)) == {"view_comment"}
    migration.revoke_moderation(apps, None)
    assert set(editor.permissions.values_list("codename", flat=True)) == {"view_comment"}
