from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from comments.models import Comment


class Command(BaseCommand):
    help = (
        "Blank the IP address, user agent and browser key of comments older than --older-than DAYS "
        "(keep only the personal data still needed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    def handle(self, *args, older_than, **options):
        if older_than < 0:
            raise CommandError("--older-than must be 0 or more days.")
        old = Comment.objects.older_than(older_than).filter(
            Q(ip_address__isnull=False) | ~Q(user_agent="") | ~Q(browser_key="")
        )
        count = old.update(ip_address=None, user_agent="", browser_key="")
        self.stdout.write(self.style.SUCCESS(f"Anonymised {count} comment(s) older than {older_than} days."))
