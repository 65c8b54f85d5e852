"""Long lists inside one page (an actor's events, a source's entries), shown a page at a time.

Each list is paged by a query parameter of its own, so that paging through an
actor's events leaves its agreements where they were. A page number that is
not a number shows the first page; one past the end shows the last.

A page's rows carry the size of the whole list, counted in the same query, so
a list costs one query however long it is. Counting a list of 50,000 takes
half a second, so each page is kept until the data changes.
"""

from math import ceil

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property

from kb import page_cache

PER_PAGE = 50
# Far past any real list, and small enough for every database's OFFSET.
LAST_PAGE_ASKED_FOR = 1_000_000


def page_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), LAST_PAGE_ASKED_FOR)


class SubList:
    """One list's page, as a Django ``Page``, with the parameter and anchor its links use.

    The page is fetched when first shown, so a part of a page kept whole never fetches it.
    """

    def __init__(self, request, object_list, parameter, anchor, per_page=PER_PAGE):
        self.object_list = object_list
        self.parameter = parameter
        self.anchor = anchor
        self.number = page_number(request.GET.get(parameter))
        self.per_page = per_page

    @cached_property
    def page(self):
        object_list, per_page = self.object_list, self.per_page
        number, entries = page_cache.kept_for_query(
            f"sublist:{self.number}:{per_page}",
            object_list,
            lambda: _page(object_list, self.number, per_page),
        )
        paginator = Paginator(entries, per_page)
        paginator.count = entries[0].list_size if entries else 0
        return Page(entries, number, paginator)

    def __iter__(self):
        return iter(self.page)

    def __len__(self):
        return len(self.page)

    @property
    def total(self):
        return self.page.paginator.count


def _page(object_list, number, per_page):
    """The page's number, which is the last page's when ``number`` is past it, and its rows."""
    counted = object_list.annotate(list_size=Window(Count("*")))
    entries = _rows(counted, number, per_page)
    if not entries and number > 1:
        number = max(ceil(object_list.count() / per_page), 1)
        entries = _rows(counted, number, per_page)
    return number, entries


def _rows(counted, number, per_page):
    start = (number - 1) * per_page
    return list(counted[start : start + per_page])
