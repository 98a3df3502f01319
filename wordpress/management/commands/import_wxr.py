import signal
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wordpress.importer import ImportOptions, import_wxr
from wordpress.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools › Export, WXR 1.0–1.2): authors, posts, comments and "
        "old addresses. Safe to run again: what is unchanged is skipped, nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path)
        parser.add_argument("--media-dir", help="the copied wp-content/uploads folder")
        parser.add_argument("--region-map", help="CSV: category slug or name, HCP code")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
        parser.add_argument("--pages", action="store_true", help="import pages as articles too")
        parser.add_argument(
            "--create-users", action="store_true", help="login accounts (no password) for authors"
        )
        parser.add_argument("--recover", action="store_true", help="read a damaged file as far as possible")
        parser.add_argument("--problems", type=Path, help="CSV of problems (default: EXPORT.problems.csv)")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--workers",
            type=int,
            help="processes writing posts on PostgreSQL (default: one per core, up to 4; 1: this one)",
        )

    def handle(self, *args, export, **options):
        if options["workers"] is not None and not 1 <= options["workers"] <= 32:
            raise CommandError(_("عدد العمليات بين 1 و32."))
        if not export.is_file():
            raise CommandError(_("الملف غير موجود: %(path)s") % {"path": export})
        settings = ImportOptions(
            media_dir=options["media_dir"],
            region_map=options["region_map"],
            dry_run=options["dry_run"],
            pages=options["pages"],
            create_users=options["create_users"],
            recover=options["recover"],
            progress=not options["no_progress"],
            workers=options["workers"],
            progress_file=self.stderr._out,
        )
        # A stopped run (a service manager, a time limit) ends like an interrupted one: the
        # batches being written are committed, the worker processes stop.
        previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            report = import_wxr(export, settings)
        except WXRError as error:
            raise CommandError(
                _("رُفض الملف ولم يتغير شيء في قاعدة البيانات: %(error)s") % {"error": error}
            ) from None
        except (ValueError, OSError) as error:
            raise CommandError(_("تعذر الاستيراد: %(error)s") % {"error": error}) from None
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write(report.table())
        problems = options["problems"] or export.with_suffix(".problems.csv")
        report.write_csv(problems)
        if options["dry_run"]:
            self.stdout.write(_("تجربة فقط: لم يُكتب شيء في قاعدة البيانات."))
        self.stdout.write(_("المشكلات: %(n)s، في %(path)s") % {"n": len(report.problems), "path": problems})
        if failed := report.total("failed"):
            # The rest is imported and committed; a run after the fix takes only what is missing.
            raise CommandError(_("تعذر استيراد %(n)s عنصرًا؛ أسبابها في ملف المشكلات.") % {"n": failed})
