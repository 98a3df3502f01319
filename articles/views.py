from django.shortcuts import render
from django.views.generic import DetailView

from .forms import CommentForm
from .models import Article


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


# --- Search (issue 6) -------------------------------------------------------------------------


def search(request):
    """`/search/?q=…`: published articles matching the query and the optional filters, best first."""
    from .search import parse_query
    from .search_backends import MAX_RESULTS, search_page, suggest
    from .search_forms import SearchForm

    form = SearchForm(request.GET)
    form.is_valid()  # an unknown region or a bad date only drops that filter
    q = form.cleaned_data.get("q", "")
    page = search_page(form.filter(Article.objects.published()), q, request.GET.get("page")) if q else None
    few = page is not None and page.paginator.count < 3
    context = {
        "form": form,
        "q": q,
        "searched": bool(parse_query(q)),
        "page": page,
        "suggestion": suggest(Article.objects.published(), q) if few else None,
        "filters": form.filters(),
        "max_results": MAX_RESULTS,
    }
    return render(request, "articles/search.html", context)
