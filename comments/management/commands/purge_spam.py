from django.core.management.base import BaseCommand, CommandError

from comments.models import Comment


class Command(BaseCommand):
    help = "Delete comments marked as spam that are older than --older-than DAYS, and say how many."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        parser.add_argument("--dry-run", action="store_true", help="Count without deleting.")

    def handle(self, *args, older_than, dry_run, **options):
        if older_than < 0:
            raise CommandError("--older-than must be 0 or more days.")
        old_spam = Comment.objects.spam().older_than(older_than)
        if dry_run:
            self.stdout.write(
                f"{old_spam.count()} spam comment(s) older than {older_than} days would be deleted."
            )
            return
        deleted, _ = old_spam.delete()
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {deleted} spam comment(s) older than {older_than} days.")
        )
