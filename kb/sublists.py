"""Long lists inside one page (an actor's events, a source's entries), shown a page at a time.

Each list is paged by a query parameter of its own, so that paging through an
actor's events leaves its agreements where they were. A page number that is
not a number shows the first page; one past the end shows the last.

A page's rows carry the size of the whole list, counted in the same query, so
a list costs one query however long it is.
"""

from math import ceil

from django.db.models import Count, Window

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
    def __init__(self, request, object_list, parameter, anchor, per_page=PER_PAGE):
        self.parameter = parameter
        self.anchor = anchor
        self.per_page = per_page
        self.object_list = object_list.annotate(list_size=Window(Count("*")))
        self.number = page_number(request.GET.get(parameter))
        self.entries = self._page(self.number)
        if not self.entries and self.number > 1:
            self.number = max(ceil(object_list.count() / per_page), 1)
            self.entries = self._page(self.number)
        self.total = self.entries[0].list_size if self.entries else 0

    def _page(self, number):
        start = (number - 1) * self.per_page
        return list(self.object_list[start : start + self.per_page])

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number * self.per_page < self.total

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def start_index(self):
        return (self.number - 1) * self.per_page + 1

    @property
    def end_index(self):
        return self.start_index + len(self.entries) - 1
