from django.shortcuts import render
from django.views.generic import DetailView

from .models import Article


def home(request, slug=None):
    articles = Article.objects.published().select_related("region")[:20]
    return render(request, "articles/home.html", {"articles": articles})


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.published().select_related("region")
