"""Comments and moderation rules now belong to the `comments` app.

Only Django's idea of the models moves: the tables (articles_comment, articles_moderationrule)
and their rows stay where they are, and comments' 0001 takes them over together with their
content types, so permissions, the Editor group's rights and the admin history follow.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_articleevent_more_actions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Comment"),
                migrations.DeleteModel(name="ModerationRule"),
            ],
            database_operations=[],
        ),
    ]
