from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import document


class Command(BaseCommand):
    help = "Recompute every article's stored search document (after changing the normalisation rules)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        total = Article.objects.count()
        self.stdout.write(f"Rebuilding the search document of {total} articles…")
        updated = document.index(Article.objects.all(), batch_size=batch_size)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {updated} articles updated."))
