"""Pages of long lists that cost about the same at page 2,000 as at page 1."""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from kb import page_cache


class IndexedPaginator(Paginator):
    """Counts a list and finds each page's keys once per change to the data, then loads only the page's rows.

    Finding a deep page's keys walks the list's index, which holds the sort
    columns and the key (see ``Event.Meta.indexes``), rather than whole rows;
    once found, they are kept, so page 2,000 costs what page 1 does.

    They are kept under ``kept_as``, a name for the list that its view gives
    (the kind and the filters), or else under the list's SQL, which takes a
    millisecond to work out.
    """

    def __init__(self, object_list, per_page, *args, kept_as=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.kept_as = kept_as

    @cached_property
    def count(self):
        return page_cache.kept_about("count", self._list_name, self.object_list.count)

    @cached_property
    def _list_name(self):
        return self.kept_as or page_cache.sql_of(self.object_list)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = page_cache.kept_about(
            f"page-keys:{bottom}:{top}",
            self._list_name,
            lambda: list(self.object_list.values_list("pk", flat=True)[bottom:top]),
        )
        return self._get_page(RowsByKey(self.object_list, keys), number, self)


class RowsByKey(Sequence):
    """A page's rows, known by their keys at once and read, in the list's order, when first needed.

    A page whose every card is kept (``{% entry_cards %}``) never reads them.
    """

    def __init__(self, queryset, keys):
        self.model = queryset.model
        self.queryset = queryset
        self.keys = keys

    @cached_property
    def rows(self):
        return list(self.queryset.filter(pk__in=self.keys))

    def row_with_key(self, key):
        """The row with this key; None if it has gone since the keys were found."""
        return self._rows_by_key.get(key)

    def kept_each(self, name, render):
        """``render(row)`` for each of the page's rows in order, each kept under ``name`` and the row's
        kind and key until the data changes; None for a row gone since the keys were found.

        The rows are read only if some answer is not kept.
        """
        label = self.model._meta.label_lower
        named = [(f"{name}:{label}:{key}", key) for key in self.keys]

        def render_key(key):
            row = self.row_with_key(key)
            return None if row is None else render(row)

        return page_cache.kept_each(named, render_key)

    @cached_property
    def _rows_by_key(self):
        return {row.pk: row for row in self.rows}

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, index):
        return self.rows[index]
