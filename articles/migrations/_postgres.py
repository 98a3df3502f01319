"""Migration operations of this app's own (frozen, like `_search_text.py`: never import live code)."""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """SQL that only PostgreSQL needs (triggers, GIN indexes): a no-op on SQLite."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
