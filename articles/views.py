from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from images.html import render_body
from images.renditions import share_image
from newsroom.pagecache import reads_query, tag_page
from newsroom.pagecache.fragments import remembered, remembered_with_tags

from . import previews
from .blocks import drawn_region_blocks, public_articles, related_articles
from .cards import drawn_cards
from .filters import ArticleFilter
from .metadata import absolute_url, default_share_image, description, json_ld, news_article
from .models import Article, ArticleAuthor, Correction, PreviewLink
from .pagetags import card_tags
from .search import backends
from .search.query import MAX_QUERY_CHARS, parse_query
from .search.results import drawn_results
from .search.suggest import suggest

# --- Home -------------------------------------------------------------------------------------


def front_lists():
    """The home page's featured articles and the latest of the others."""
    articles = public_articles()
    featured = articles.featured()[:4]
    return featured, articles.exclude(pk__in=featured.values("pk"))[:10]


@reads_query()
def home(request):
    if settings.FRAGMENT_CACHE_SECONDS > 0:  # which ones, for every reader until an article moves
        featured, latest = remembered(
            f"front-ids:{translation.get_language()}",
            ["front", "lists"],
            lambda: [articles.ids() for articles in front_lists()],
        )
    else:
        featured, latest = front_lists()
    tag_page(request, "front", "nav")
    # Drawn once for every reader until something they show changes: 36 cards, most of the page.
    blocks, shown = remembered_with_tags(f"region-blocks:{translation.get_language()}", drawn_region_blocks)
    tag_page(request, *shown, cacheable=False)
    return render(
        request,
        "articles/home.html",
        {
            "featured": drawn_cards(request, featured, first_variant="lead"),
            "latest": drawn_cards(request, latest),
            "region_blocks": mark_safe(blocks),
        },
    )


# --- Article ----------------------------------------------------------------------------------


def translations(article):
    """[(language code, URL)] of the article in every language it has text in."""
    links = []
    for code in article.languages():
        with translation.override(code):
            links.append((code, article.get_absolute_url()))
    return links


def alternates(article):
    """The hreflang alternates of the article's <head>: absolute (search engines ignore relative
    ones), and `x-default` for readers of any other language: the Arabic page, the site's own."""
    links = [(code, absolute_url(url)) for code, url in translations(article)]
    default = dict(links).get(settings.LANGUAGE_CODE)
    return [*links, ("x-default", default)] if default else links


def article_content(request, article):
    """What the article's <head> entries and the article itself show, read from the database."""
    bylines = Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
    prefetch_related_objects([article], "tags", "corrections", bylines)
    authors = [byline.author for byline in article.bylines.all()]
    tags = list(article.tags.all())
    breadcrumb = [*article.region.ancestors(), article.region] if article.region else []
    body, body_images = render_body(article.body, eager_first=not article.lead_image_id)
    image = share_image(article.lead_image or next(iter(body_images), None)) or default_share_image()
    return {
        "article": article,
        "authors": authors,
        "tags": tags,
        "breadcrumb": breadcrumb,
        "image": image,
        "body": body,
        "related": drawn_cards(request, related_articles(article), variant="compact"),
        "alternates": alternates(article),
        "canonical_url": absolute_url(article.get_absolute_url()),
        "description": description(article),
        "structured_data": json_ld(
            news_article(article, authors=authors, tags=tags, breadcrumb=breadcrumb, image=image)
        ),
        "site_name": settings.SITE_NAME,
    }


def drawn_article(article, **flags):
    """({"head": …, "main": …}, page tags): the article page's <head> entries and the article
    with its related articles as HTML, and the tags of everything they show."""
    collector = SimpleNamespace(page_tags=set())  # what the related cards tag the page with
    context = {**article_content(collector, article), **flags}
    regions = context["breadcrumb"]
    collector.page_tags.update(["nav", *card_tags(article), *(f"region:{r.pk}" for r in regions)])
    drawn = {
        "head": str(render_to_string("articles/article_head.html", context)),
        "main": str(render_to_string("articles/article_main.html", context)),
    }
    return drawn, sorted(collector.page_tags)


# Around its drawn parts the article page shows only the title, the language links and comments.
ARTICLE_FRAME = (
    *("pk", "slug", "status", "published_at", "comments_enabled"),
    *(f"headline_{code}" for code, _name in settings.LANGUAGES),
)
ARTICLE_IN_FULL = ("region__parent__parent", "lead_image")


def in_full(article):
    """`article` with every column and what its page draws, when it was loaded as a frame."""
    if not article.get_deferred_fields():
        return article
    return Article.objects.select_related(*ARTICLE_IN_FULL).get(pk=article.pk)


def article_page_context(request, article, **flags):
    """Everything the article page shows; the public view and staff previews (with `flags`) both
    use it. For readers of a published article, the drawn parts are remembered until something
    they show changes; so are its comments (comment_section), but not the reader's own notice."""
    if flags or not article.is_published():
        drawn, tags = drawn_article(in_full(article), **flags)
    else:
        key = f"article-page:{article.pk}:{translation.get_language()}"
        drawn, tags = remembered_with_tags(key, lambda: drawn_article(in_full(article)))
    tag_page(request, *tags, cacheable=False)
    return {"article": article, "drawn": drawn, "translations": translations(article), **flags}


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    page_query = frozenset()

    def get_queryset(self):
        if settings.FRAGMENT_CACHE_SECONDS > 0:  # the drawn parts are most likely remembered
            return public_articles().only(*ARTICLE_FRAME)
        return public_articles().select_related(*ARTICLE_IN_FULL)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["slug"] != self.object.slug:
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        tag_page(request, "nav", f"article:{self.object.pk}")  # and what article_page_context adds
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **article_page_context(self.request, self.object)}


def short_link(request, pk):
    """/a/<id>/: a short ASCII link for sharing, answering with the canonical URL."""
    return redirect(get_object_or_404(public_articles().only("pk", "slug"), pk=pk), permanent=True)


# --- Corrections ------------------------------------------------------------------------------


class CorrectionListView(ListView):
    """Every correction and clarification on a public article in the active language, newest first."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 30
    page_query = frozenset({"page"})

    def get_queryset(self):
        tag_page(self.request, "lists", "nav")
        corrections = Correction.objects.filter(article__in=public_articles())
        return corrections.select_related("article").order_by("-created_at", "-id")


# --- Previews: staff, and outside reviewers with a signed link -------------------------------


def _render_preview(request, article, *, shared=False):
    flags = {"is_preview": True, "is_shared_preview": shared}
    if not article.is_published():  # its comment form and short link would only lead to 404s
        flags.update(hide_comment_form=True, hide_share_link=True)
    response = render(
        request, "articles/article_preview.html", article_page_context(request, article, **flags)
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@login_required
def preview(request, pk):
    """Any article as the public page will show it, for staff allowed to see it in the admin."""
    if not (request.user.is_staff and request.user.has_perm("articles.view_article")):
        raise Http404
    article = get_object_or_404(Article.objects.select_related("region__parent__parent"), pk=pk)
    return _render_preview(request, article)


@never_cache
def shared_preview(request, token):
    """One article for a reader without an account; once the article is live, its public page."""
    links = PreviewLink.objects.select_related("article__region__parent__parent")
    link = links.filter(token_hash=previews.digest(token)).first()
    if link is None and not previews.is_previous_release_link(token):
        raise Http404
    if link is None or not link.is_usable():
        response = render(request, "articles/preview_link_expired.html", status=410)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    if link.article.is_published():
        return redirect(link.article)
    link.record_use()
    return _render_preview(request, link.article, shared=True)


# --- Search ---------------------------------------------------------------------------------

SEARCH_DATE_ALIASES = {"start": "date_after", "end": "date_before"}  # the search page's own names


@reads_query(*ArticleFilter.query_names(), *SEARCH_DATE_ALIASES, "page")
def search(request):
    """`/search/?q=…`: published articles matching the query and the optional filters, best first.

    The same filters as /articles/, but lenient: a filter value it cannot use is dropped, so an
    old link still finds something.
    """
    data = request.GET.copy()
    for alias, name in SEARCH_DATE_ALIASES.items():
        if alias in data:
            data.setdefault(name, data.pop(alias)[-1])
    data["q"] = data.get("q", "").strip()[:MAX_QUERY_CHARS]
    data.pop("page", None)
    filterset = ArticleFilter.lenient(data, queryset=public_articles())
    q = filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else ""
    # Paged by ids (the ranked matches), each page's results drawn from those ids.
    page = Paginator(filterset.qs.ids, 10).get_page(request.GET.get("page")) if q else None
    few = page is not None and page.paginator.count < 3
    kept = filterset.data.copy()
    kept.pop("q", None)
    tag_page(request, "lists", "nav")
    context = {
        "filter": filterset,
        "q": q,
        "searched": bool(parse_query(q)),
        "page": page,
        "results": drawn_results(request, list(page.object_list), q) if page else "",
        "suggestion": suggest(Article.objects.published(), q) if few else None,
        "filter_query": kept.urlencode(),
        "max_results": backends.MAX_RESULTS,
    }
    return render(request, "articles/search.html", context)
