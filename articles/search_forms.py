from django import forms
from django.utils.translation import gettext_lazy as _

from authors.models import Author

from .models import EventTag, Region
from .search import MAX_QUERY_CHARS


class SearchForm(forms.Form):
    """The search page's GET parameters; anything invalid is dropped rather than refused."""

    q = forms.CharField(label=_("ابحث"), required=False, strip=True)
    region = forms.ModelChoiceField(Region.objects.all(), to_field_name="slug", required=False)
    tag = forms.ModelChoiceField(EventTag.objects.all(), to_field_name="slug", required=False)
    author = forms.ModelChoiceField(Author.objects.all(), to_field_name="slug", required=False)
    start = forms.DateField(label=_("من"), required=False)
    end = forms.DateField(label=_("إلى"), required=False)

    def clean_q(self):
        return self.cleaned_data["q"][:MAX_QUERY_CHARS]

    def filters(self):
        """The valid filters only: a bad date or unknown slug in the URL narrows nothing."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value and name != "q"}

    def filter(self, queryset):
        filters = self.filters()
        if "region" in filters:
            queryset = queryset.in_region(filters["region"])
        if "tag" in filters:
            queryset = queryset.tagged(filters["tag"])
        if "author" in filters:
            queryset = queryset.by_author(filters["author"])
        if "start" in filters:
            queryset = queryset.filter(published_at__date__gte=filters["start"])
        if "end" in filters:
            queryset = queryset.filter(published_at__date__lte=filters["end"])
        return queryset
