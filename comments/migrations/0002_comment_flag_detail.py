"""The rule a comment matched moves out of its flag reason, which journalists see, into
`flag_detail`, which only editors see.

The previous release wrote «قاعدة حظر: <rule>» and «قاعدة حجز: <rule>», the rule naming the
e-mail, address or word matched; those rows keep «قاعدة حظر» / «قاعدة حجز» as their reason and
the rule as their detail. Backward, the two are joined again.
"""

from django.db import migrations, models

RULE_REASONS = ("قاعدة حظر", "قاعدة حجز")  # block rule, hold rule: frozen as the release wrote them
SEPARATOR = ": "
BATCH = 500


def split_rule_out_of_reason(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    db = schema_editor.connection.alias
    for reason in RULE_REASONS:
        rows = Comment.objects.using(db).filter(flag_reason__startswith=reason + SEPARATOR)
        changed = []
        for comment in rows.only("pk", "flag_reason").iterator(chunk_size=BATCH):
            comment.flag_reason, comment.flag_detail = reason, comment.flag_reason[len(reason + SEPARATOR) :]
            changed.append(comment)
        Comment.objects.using(db).bulk_update(changed, ["flag_reason", "flag_detail"], batch_size=BATCH)


def join_rule_into_reason(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    db = schema_editor.connection.alias
    rows = Comment.objects.using(db).filter(flag_reason__in=RULE_REASONS).exclude(flag_detail="")
    changed = []
    for comment in rows.only("pk", "flag_reason", "flag_detail").iterator(chunk_size=BATCH):
        comment.flag_reason = f"{comment.flag_reason}{SEPARATOR}{comment.flag_detail}"[:200]
        changed.append(comment)
    Comment.objects.using(db).bulk_update(changed, ["flag_reason"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="flag_detail",
            field=models.CharField(blank=True, help_text="القاعدة التي طابقها التعليق؛ لا يراها إلا المحررون.", max_length=300, verbose_name="ما طابقه المرشّح"),
        ),
        migrations.RunPython(split_rule_out_of_reason, join_rule_into_reason),
    ]
