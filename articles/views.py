from django.shortcuts import render
from django.views.generic import DetailView, ListView

from .forms import CommentForm
from .models import Article, Correction


def home(request, slug=None):
    articles = Article.objects.published().select_related("region")[:20]
    return render(request, "articles/home.html", {"articles": articles})


def article_page_context(request, article):
    """Everything the article page shows; the public view and staff previews both use it."""
    return {
        "article": article,
        "comments": article.comments.approved(),
        "comment_form": CommentForm() if article.accepts_comments() else None,
    }


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.published().select_related("region")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **article_page_context(self.request, self.object)}


# --- Corrections ------------------------------------------------------------------------------


class CorrectionListView(ListView):
    """Every correction and clarification on a published article, newest first."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 30

    def get_queryset(self):
        return Correction.objects.public().select_related("article").order_by("-created_at", "-id")
