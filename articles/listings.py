"""The listing pages: /articles/ with its filters, and the pages of one region, tag or author.
Each is paged only as far as `CappedPaginator` counts, and draws its page from kept ids and cards."""

from types import SimpleNamespace

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.generic import ListView
from django_filters.views import FilterView

from newsroom.pagecache import tag_page
from newsroom.pagecache.fragments import remembered, remembered_with_tags
from newsroom.pagination import CappedPaginator

from .blocks import public_articles
from .cards import drawn_cards
from .filters import ArticleFilter
from .models import EventTag, Region
from .pagetags import subject_tag
from .search import backends


class ArchivePagination:
    """Listing pages counted and paged only as far as `CappedPaginator` goes; a page past that
    shows how to reach older articles (the date filter, the search) instead of a bare 404."""

    paginator_class = CappedPaginator
    past_cap = None

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            paginator = self.get_paginator(queryset, page_size)
            number = self.request.GET.get("page", "")
            if not (number.isdigit() and int(number) > paginator.max_pages and paginator.capped):
                raise
            self.past_cap = paginator.past_cap_message
            return paginator, None, queryset.none(), False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = context["object_list"]
        key, page = self.count_key(), context.get("page_obj")
        if key and page is not None and settings.FRAGMENT_CACHE_SECONDS > 0:  # which ones, as the count
            articles = remembered(f"{key}:page:{page.number}", ["lists"], articles.ids)
        cards = drawn_cards(self.request, articles, level=2)
        return {**context, "past_cap": self.past_cap, "cards": cards}

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.remember_as = self.count_key()
        return paginator

    def count_key(self):
        """What names this list's count for every reader (None: counted each time); every such
        list changes only when an article enters or leaves the lists."""
        return None


class ArticleListView(ArchivePagination, FilterView):
    """/articles/: everything published, newest first, filtered by django-filter."""

    page_query = ArticleFilter.query_names() | {"page"}
    filterset_class = ArticleFilter
    paginate_by = 20
    template_name = "articles/article_list.html"

    def get_queryset(self):
        return public_articles()

    def paginate_queryset(self, queryset, page_size):
        # The `q` filter's ranked matches are paged by their ids, as on /search/: a page's cards
        # are then drawn (or read, when kept) from those ids.
        return super().paginate_queryset(
            queryset.ids if isinstance(queryset, backends.SearchResults) else queryset, page_size
        )

    def unfiltered(self):
        """Whether the page lists the whole archive, the same for every reader but for its number."""
        return set(self.request.GET) <= {"page"}

    def count_key(self):
        return f"count:articles:{translation.get_language()}" if self.unfiltered() else None

    def get_context_data(self, **kwargs):
        tag_page(self.request, "lists", "nav")
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(**kwargs)
        return {**context, "filter_query": query.urlencode(), "filter_fields": self.drawn_filter_fields()}

    def drawn_filter_fields(self):
        """The filters' fields as HTML: while nothing is filtered, drawn once for every reader until
        a region, tag or author list changes (250 options, a third of the page's work)."""

        def draw():
            return str(render_to_string("articles/article_filters.html", {"filter": self.filterset}))

        if not self.unfiltered():
            return mark_safe(draw())
        return mark_safe(remembered(f"filter-fields:{translation.get_language()}", ["nav", "lists"], draw))


class SubjectArticlesView(ArchivePagination, ListView):
    """The articles of one region, tag or author (its `slug`), with the subject's description.

    The page reads the subject as plain values (`shown`), kept for every reader under the
    subject's tag, which a rename purges and so does an article naming it entering or leaving the
    public site (who may see a tag or an author), and `nav`, which any region's rename purges (a
    breadcrumb, a tag's region). With its count, its pages' ids and its cards kept too, a page is
    then drawn without a query.
    """

    subject_model = None
    paginate_by = 20
    page_query = frozenset({"page"})

    def subjects(self):
        return self.subject_model.objects.all()

    def get(self, request, *args, **kwargs):
        self.subject = self.shown_subject(kwargs["slug"])
        tag_page(request, self.subject.page_tag, "nav")
        return super().get(request, *args, **kwargs)

    def shown_subject(self, slug):
        """What the page shows of the subject at `slug`; a 404 (never kept) when readers may not see it."""

        def read():
            subject = get_object_or_404(self.subjects(), slug=slug)
            return self.shown(subject), [subject_tag(subject), "nav"]

        key = f"subject:{self.subject_model._meta.label}:{slug}:{translation.get_language()}"
        return remembered_with_tags(key, read)[0]

    def shown(self, subject):
        """The subject's values its template reads, under the same names."""
        return SimpleNamespace(
            pk=subject.pk,
            slug=subject.slug,
            page_tag=subject_tag(subject),
            display_name=subject.display_name,
            get_absolute_url=subject.get_absolute_url(),
            description=getattr(subject, "description", ""),
        )

    def get_queryset(self):
        return self.articles_of(public_articles())

    def count_key(self):
        return f"count:{self.subject_model._meta.label}:{self.subject.pk}:{translation.get_language()}"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "subject": self.subject}


def shown_region(region):
    """A region as a breadcrumb shows it."""
    return SimpleNamespace(
        level=region.level,
        get_level_display=region.get_level_display(),
        display_name=region.display_name,
        get_absolute_url=region.get_absolute_url(),
    )


class RegionView(SubjectArticlesView):
    subject_model = Region
    template_name = "articles/region_detail.html"

    def subjects(self):
        return Region.objects.select_related("parent__parent")  # the breadcrumb, in the same query

    def shown(self, subject):
        shown = super().shown(subject)
        shown.code, shown.level = subject.code, subject.level
        shown.get_level_display = subject.get_level_display()
        shown.breadcrumb = [shown_region(region) for region in subject.ancestors()]
        return shown

    def articles_of(self, articles):
        return articles.in_region(self.subject)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "breadcrumb": self.subject.breadcrumb}


class TagView(SubjectArticlesView):
    subject_model = EventTag
    template_name = "articles/tag_detail.html"

    def subjects(self):
        return EventTag.objects.public().select_related("region")

    def shown(self, subject):
        shown = super().shown(subject)
        shown.starts_on, shown.ends_on = subject.starts_on, subject.ends_on
        shown.region = SimpleNamespace(display_name=subject.region.display_name) if subject.region else None
        return shown

    def articles_of(self, articles):
        return articles.tagged(self.subject.pk)
