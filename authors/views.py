from articles.listings import SubjectArticlesView

from .models import Author


class AuthorView(SubjectArticlesView):
    """The page of an author readers may see: their bio and their published articles."""

    subject_model = Author
    template_name = "authors/author_detail.html"

    def subjects(self):
        return Author.objects.public()

    def shown(self, subject):
        shown = super().shown(subject)
        shown.job_title, shown.bio = subject.job_title, subject.bio
        return shown

    def articles_of(self, articles):
        return articles.by_author(self.subject.pk)
