from datetime import date

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from authors.models import Author

from . import search
from .models import EventTag, Region


class ArticleFilter(django_filters.FilterSet):
    """The /articles/ filters. They combine; an invalid value gives an explained empty list.

    Choices are plain slugs loaded once per request (one query per list), so validating a value
    costs no further query whatever is selected. Tags and authors are only those with articles in
    the view's queryset: the lists stay short, and a choice never leads to an empty page.
    """

    q = django_filters.CharFilter(
        label=_("بحث"),
        method="filter_q",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}),
    )
    region = django_filters.ChoiceFilter(label=_("المنطقة"), method="filter_region", empty_label=_("الكل"))
    tag = django_filters.ChoiceFilter(label=_("الوسم"), field_name="tags__slug", empty_label=_("الكل"))
    author = django_filters.ChoiceFilter(label=_("الكاتب"), field_name="authors__slug", empty_label=_("الكل"))
    date = django_filters.DateFromToRangeFilter(label=_("تاريخ النشر"), field_name="published_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.exclude(level=Region.Level.COMMUNE)
        self.regions = {region.slug: region for region in regions}
        indent = {Region.Level.REGION: ""}
        self.filters["region"].extra["choices"] = [
            (slug, f"{indent.get(region.level, '— ')}{region.display_name}")
            for slug, region in self.regions.items()
        ]
        articles = self.queryset.order_by()
        tags = EventTag.objects.filter(Exists(articles.filter(tags=OuterRef("pk"))))
        self.filters["tag"].extra["choices"] = [(tag.slug, tag.display_name) for tag in tags]
        authors = Author.objects.active().filter(Exists(articles.filter(authors=OuterRef("pk"))))
        self.filters["author"].extra["choices"] = [(author.slug, author.display_name) for author in authors]

    def filter_q(self, queryset, name, value):
        return queryset  # applied in filter_queryset, after every other filter

    def filter_queryset(self, queryset):
        """Search ranks (and caps) what the other filters leave, so it runs last."""
        queryset = super().filter_queryset(queryset)
        q = self.form.cleaned_data.get("q")
        return search.filter_queryset(queryset, q) if q else queryset

    def filter_region(self, queryset, name, value):
        return queryset.in_region(self.regions[value])

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
