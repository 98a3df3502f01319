from articles.views import SubjectArticlesView

from .models import Author


class AuthorView(SubjectArticlesView):
    """An active author's page: their bio and their published articles."""

    subject_model = Author
    template_name = "authors/author_detail.html"

    def subjects(self):
        return Author.objects.active()

    def articles_of(self, articles):
        return articles.by_author(self.subject)
