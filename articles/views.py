from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from . import previews
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


# --- Previews: staff, and outside reviewers with a signed link -------------------------------


def _render_preview(request, article, *, shared=False):
    context = {**article_page_context(request, article), "is_preview": True, "is_shared_preview": shared}
    response = render(request, "articles/article_preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@login_required
def preview(request, pk):
    """Any article as the public page will show it, for staff allowed to see it in the admin."""
    if not (request.user.is_staff and request.user.has_perm("articles.view_article")):
        raise Http404
    article = get_object_or_404(Article.objects.select_related("region"), pk=pk)
    return _render_preview(request, article)


@never_cache
def shared_preview(request, token):
    """One article for a reader without an account; once the article is live, its public page."""
    try:
        pk, issued_at = previews.read_token(token)
        article = get_object_or_404(Article.objects.select_related("region"), pk=pk)
        if article.is_published():
            return redirect(article)
        previews.check_not_published_since(article, issued_at)
    except signing.BadSignature as error:
        raise Http404 from error
    except previews.LinkExpired:
        response = render(request, "articles/preview_link_expired.html", status=410)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    return _render_preview(request, article, shared=True)
