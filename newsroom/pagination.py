"""Pagination that does not count the whole archive.

`CappedPaginator` counts at most `max_pages` pages' worth of rows (`SELECT count(*) FROM (… LIMIT
n)`, which stops early), and refuses pages past that: OFFSET cost grows with the page number, and
at 100,000 articles a reader is better served by the date filter or the search than by page 4,000.
"""

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .pagecache.fragments import remembered


class PastLastPage(EmptyPage):
    """A page number beyond the cap: the view shows the way to older articles instead."""


class CappedPaginator(Paginator):
    """`remember_as`, when set, keeps the count (`newsroom.pagecache.fragments`) under the tags
    `remember_under`: the same list counted for every reader."""

    max_pages = 50
    remember_as = None
    remember_under = ("lists",)
    past_cap_message = _(
        "الصفحات الأقدم غير متاحة بالتصفح: استعمل البحث أو التصفية بالتاريخ للوصول إلى المقالات الأقدم."
    )

    @cached_property
    def cap(self):
        return self.max_pages * self.per_page

    @cached_property
    def count(self):
        """Rows up to the cap, plus one to know whether there are more."""
        if isinstance(self.object_list, QuerySet):
            # Any order counts the same, and only the keys: a card's annotations (its comment
            # count, a subquery per row) would otherwise be computed for every row counted.
            rows = self.object_list.order_by().values("pk")[: self.cap + 1]
            return (
                remembered(self.remember_as, self.remember_under, rows.count)
                if self.remember_as
                else rows.count()
            )
        return super().count  # search results, already capped, count themselves

    @cached_property
    def capped(self):
        """True when there are more rows than the pages offered."""
        return self.count > self.cap

    @cached_property
    def num_pages(self):
        return min(super().num_pages, self.max_pages)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage as error:
            number = int(number)
            if self.capped and number > self.max_pages:
                raise PastLastPage(self.past_cap_message) from error
            raise

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.cap)
        return Page(self.object_list[bottom:top], number, self)
