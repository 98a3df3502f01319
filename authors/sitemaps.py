from articles.sitemaps import PublishedSubjectSitemap

from .models import Author


class AuthorSitemap(PublishedSubjectSitemap):
    """Active authors with published articles."""

    model = Author
    url_name = "authors:detail"
    relation = "authors"

    def items(self):
        return super().items().filter(is_active=True)
