"""Comments and moderation rules, taken over from the articles app with their tables and rows.

The tables keep their names (`db_table`), so this creates nothing in the database; the content
types are renamed to this app, and with them go the permissions (the Editor group's moderation
rights included) and the admin history (LogEntry) of every comment and rule.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ("comment", "moderationrule")


def move_content_types(apps, schema_editor, source="articles", target="comments"):
    """Give the models' content types to `target`; where both exist, keep one and move what
    points at the other (permissions, admin history) onto it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    db = schema_editor.connection.alias
    for model in MOVED_MODELS:
        old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.using(db).filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.using(db).filter(content_type=old):
            twin = Permission.objects.using(db).filter(content_type=new, codename=permission.codename).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
            else:
                for group in permission.group_set.all():
                    group.permissions.add(twin)
                for user in permission.user_set.all():
                    user.user_permissions.add(twin)
                permission.delete()
        LogEntry.objects.using(db).filter(content_type=old).update(content_type=new)
        old.delete()
    ContentType.objects.clear_cache()


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="comments", target="articles")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0009_comments_move_to_comments_app'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ModerationRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('word', 'كلمة أو عبارة'), ('email', 'بريد إلكتروني أو نطاق'), ('ip', 'عنوان IP أو نطاق')], max_length=5, verbose_name='النوع')),
                        ('value', models.CharField(help_text='كلمة أو عبارة؛ أو بريد كامل أو \u200e@نطاق؛ أو عنوان IP أو نطاق مثل \u200e196.200.0.0/16.', max_length=200, verbose_name='القيمة')),
                        ('action', models.CharField(choices=[('hold', 'حجز للمراجعة'), ('block', 'اعتبار التعليق مزعجًا')], default='block', max_length=5, verbose_name='الإجراء')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='ملاحظة')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='أنشئ في')),
                    ],
                    options={
                        'verbose_name': 'قاعدة إشراف',
                        'verbose_name_plural': 'قواعد الإشراف على التعليقات',
                        'db_table': 'articles_moderationrule',
                        'ordering': ['kind', 'value'],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'value'), name='moderationrule_unique'), models.CheckConstraint(condition=models.Q(('kind__in', ['word', 'email', 'ip'])), name='moderationrule_kind'), models.CheckConstraint(condition=models.Q(('action__in', ['hold', 'block'])), name='moderationrule_action')],
                    },
                ),
                migrations.CreateModel(
                    name='Comment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='الاسم')),
                        ('email', models.EmailField(max_length=254, verbose_name='البريد الإلكتروني')),
                        ('body', models.TextField(max_length=3000, verbose_name='التعليق')),
                        ('original_body', models.TextField(blank=True, help_text='يُحفظ عند تعديل المشرف للتعليق.', verbose_name='النص الأصلي')),
                        ('status', models.CharField(choices=[('pending', 'في انتظار المراجعة'), ('approved', 'مقبول'), ('rejected', 'مرفوض'), ('spam', 'مزعج')], default='pending', max_length=10, verbose_name='الحالة')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='أرسل في')),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='عنوان IP')),
                        ('user_agent', models.CharField(blank=True, max_length=300, verbose_name='المتصفح')),
                        ('moderated_at', models.DateTimeField(blank=True, null=True, verbose_name='روجع في')),
                        ('edited_at', models.DateTimeField(blank=True, null=True, verbose_name='عُدّل في')),
                        ('flag_reason', models.CharField(blank=True, help_text='لماذا حُجز التعليق أو عُدّ مزعجًا أو قُبل تلقائيًا.', max_length=200, verbose_name='ملاحظة المرشّح')),
                        ('fingerprint', models.CharField(blank=True, db_index=True, editable=False, max_length=64, verbose_name='بصمة النص')),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='articles.article', verbose_name='المقال')),
                        ('edited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='عدّله')),
                        ('moderated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='راجعه')),
                    ],
                    options={
                        'verbose_name': 'تعليق',
                        'verbose_name_plural': 'التعليقات',
                        'db_table': 'articles_comment',
                        'ordering': ['created_at', 'id'],
                        'permissions': [('moderate_comment', 'يمكنه مراجعة التعليقات (قبول، رفض، مزعج، تعديل)')],
                        'indexes': [models.Index(fields=['article', 'status', 'created_at'], name='comment_article_status_idx'), models.Index(fields=['status', '-created_at'], name='comment_queue_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'approved', 'rejected', 'spam'])), name='comment_status_valid')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
