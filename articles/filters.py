import html
from datetime import date
from functools import cached_property, partial

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from newsroom.pagecache.fragments import remembered

from .models import Article, EventTag, Region
from .search.backends import SearchResults, is_whole_public_archive
from .search.query import MAX_QUERY_CHARS


class LazyChoices(BaseChoiceIterator):
    """Choices loaded on first use, and shared (not copied) by the form's copy of the field."""

    def __init__(self, load):
        self.load = load
        self.loaded = None

    def __iter__(self):
        if self.loaded is None:
            self.loaded = list(self.load())
        return iter(self.loaded)

    def __deepcopy__(self, memo):
        return self


class QuickSelect(forms.Select):
    """A flat select drawn in Python, straight from its choices. Django's draws each option through
    a template of its own and builds a dict per option first: for the three filters' 250 options
    that cost more than the rest of /articles/ (docs/performance.md)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        # The standard library's escape, which Django's wraps (same output) in a lazy-aware call
        # that costs more than the escaping: two per option.
        options = "".join(
            f'<option value="{html.escape(str(choice))}"{" selected" if str(choice) in selected else ""}>'
            f"{html.escape(str(label))}</option>"
            for choice, label in self.choices
        )
        final = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final)}>{options}</select>')


class ArticleFilter(django_filters.FilterSet):
    """The filters of /articles/ and /search/: text, region (with everything under it), tag,
    author, date range. They combine, and the text search runs last, on what the others leave.

    Choices are slugs, loaded only when a value must be checked or the form is drawn (one query
    per list), so a page that filters nothing pays nothing for them. Tags and authors are only
    those with articles in the queryset given: the lists stay short, a choice never leads to an
    empty page, and a draft's tag never shows up.
    """

    q = django_filters.CharFilter(
        label=_("بحث"),
        method="filter_q",
        max_length=MAX_QUERY_CHARS,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}),
    )
    region = django_filters.ChoiceFilter(
        label=_("المنطقة"), method="filter_region", empty_label=_("الكل"), widget=QuickSelect
    )
    tag = django_filters.ChoiceFilter(
        label=_("الوسم"), field_name="tags__slug", empty_label=_("الكل"), widget=QuickSelect
    )
    author = django_filters.ChoiceFilter(
        label=_("الكاتب"), field_name="authors__slug", empty_label=_("الكل"), widget=QuickSelect
    )
    date = django_filters.DateFromToRangeFilter(label=_("تاريخ النشر"), field_name="published_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["region"].extra["choices"] = LazyChoices(partial(self.remembered, "region", ["nav"]))
        self.filters["tag"].extra["choices"] = LazyChoices(partial(self.remembered, "tag", ["lists"]))
        self.filters["author"].extra["choices"] = LazyChoices(partial(self.remembered, "author", ["lists"]))

    def remembered(self, name, tags, /):
        """The choices of filter `name`, kept (`newsroom.pagecache.fragments`) while `tags` are not
        purged, when they are those of the whole public archive: the same on every page."""
        compute = getattr(self, f"{name}_choices")
        if not is_whole_public_archive(self.queryset):
            return compute()
        key = f"filter-choices:{name}:{translation.get_language()}"
        return remembered(key, tags, lambda: [(slug, str(label)) for slug, label in compute()])

    @cached_property
    def regions(self):
        return {region.slug: region for region in Region.objects.exclude(level=Region.Level.COMMUNE)}

    def region_choices(self):
        indent = {Region.Level.REGION: ""}
        return [
            (slug, f"{indent.get(region.level, '— ')}{region.display_name}")
            for slug, region in self.regions.items()
        ]

    def tag_choices(self):
        tags = EventTag.objects.filter(Exists(self.queryset.order_by().filter(tags=OuterRef("pk"))))
        return [(tag.slug, tag.display_name) for tag in tags]

    def author_choices(self):
        # Authors are reached through the relation: articles never imports the authors app.
        authors = Article._meta.get_field("authors").related_model.objects.active()
        authors = authors.filter(Exists(self.queryset.order_by().filter(authors=OuterRef("pk"))))
        return [(author.slug, author.display_name) for author in authors]

    def filter_q(self, queryset, name, value):
        return queryset  # applied in filter_queryset, after every other filter

    def filter_queryset(self, queryset):
        """Search ranks (and caps) what the other filters leave, so it runs last."""
        queryset = super().filter_queryset(queryset)
        q = self.form.cleaned_data.get("q")
        return SearchResults(queryset, q) if q else queryset

    def filter_region(self, queryset, name, value):
        return queryset.in_region(self.regions[value])

    @classmethod
    def query_names(cls):
        """The query parameters the filters read: a range filter's are its widget's suffixed names."""
        names = set()
        for name, declared in cls.base_filters.items():
            widget = declared.extra.get("widget") or declared.field_class.widget
            suffixes = getattr(widget, "suffixes", None) or [None]
            names.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
        return frozenset(names)

    @classmethod
    def lenient(cls, data, queryset):
        """A filterset that drops the values it cannot use (an unknown slug, a bad date) instead
        of refusing them all: for the search page, where a stale link should still find something."""
        filterset = cls(data, queryset=queryset)
        if filterset.is_valid():
            return filterset
        data = data.copy()
        for name in filterset.errors:
            for key in (name, f"{name}_after", f"{name}_before"):
                data.pop(key, None)
        return cls(data, queryset=queryset)

    @property
    def date_values(self):
        """The date inputs' values, kept only when they are dates (type=date accepts nothing else)."""
        values = []
        for suffix in ("after", "before"):
            raw = (self.data or {}).get(f"date_{suffix}", "")
            try:
                values.append(date.fromisoformat(raw).isoformat() if raw else "")
            except ValueError:
                values.append("")
        return values

    @property
    def applied(self):
        """(label, value) of each filter in use, for the «what is applied» line."""
        if not self.is_bound or not self.form.is_valid():
            return []
        shown = []
        for name, value in self.form.cleaned_data.items():
            if not value:
                continue
            if name == "date":
                value = " – ".join(str(d.date()) if d else "…" for d in (value.start, value.stop))
            elif name in ("region", "tag", "author"):
                value = dict(self.filters[name].extra["choices"])[value].lstrip("— ")
            shown.append((self.form.fields[name].label, value))
        return shown
