"""Which periods entries belong to, and grouping entries by the periods they share.

Events and agreements name their period. Actors and venues belong to the
periods of the published events and agreements they are linked to, so an
actor who took part in both the Minsk talks and the 2025 proposal bridges them.

Groups hold only their first few entries, and are counted without loading the
rest of the events and agreements, so grouping takes the same number of queries
and cards however many entries there are.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber

from kb.models import ENTRY_MODELS, Actor, Agreement, Event, Participation, Period, PublicationStatus

SHOWN_PER_GROUP = 12
NAMING_THEIR_PERIOD = (Event, Agreement)


@dataclass
class KindInGroup:
    """How many entries of one kind a group holds; ``period`` is what their list can be narrowed to."""

    model: type
    count: int
    period: Period | None


@dataclass
class PeriodGroup:
    periods: tuple
    entries: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def label(self):
        if not self.periods:
            return "Outside the compared periods"
        if len(self.periods) == 1:
            return self.periods[0].name
        return "Both " + " and ".join(period.name for period in self.periods)

    @property
    def bridges_periods(self):
        return len(self.periods) > 1

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def has_more(self):
        return self.total > len(self.entries)

    @property
    def kinds(self):
        return [
            KindInGroup(model, self.counts[model], self._list_period(model))
            for model in ENTRY_MODELS
            if self.counts[model]
        ]

    def _list_period(self, model):
        if model in NAMING_THEIR_PERIOD and len(self.periods) == 1:
            return self.periods[0]
        return None


@dataclass
class Grouping:
    """Entries grouped by period, the groups in period order."""

    groups: list

    @property
    def counts_by_kind(self):
        """How many entries of each kind the groups hold together, as (model, count) in the order of kinds."""
        totals = Counter()
        for group in self.groups:
            totals.update(group.counts)
        return [(model, totals[model]) for model in ENTRY_MODELS if totals[model]]

    @property
    def entry_count(self):
        return sum(group.total for group in self.groups)


def group_by_period(querysets, shown=SHOWN_PER_GROUP):
    """Group the entries of ``querysets`` (model → queryset) by the combination of periods they belong to.

    Every group is counted in full but holds only its first ``shown`` entries, kind by kind.
    """
    periods = list(Period.objects.all())
    by_pk = {period.pk: period for period in periods}
    groups = {}

    def group_for(key):
        if key not in groups:
            groups[key] = PeriodGroup(tuple(by_pk[pk] for pk in key))
        return groups[key]

    for model, queryset in querysets.items():
        group_of = {}
        for pk, key, group_size in _first_of_each_group(queryset, periods, shown):
            group_of[pk] = group = group_for(key)
            group.counts[model] = group_size
        for entry in model.objects.filter(pk__in=group_of).for_cards():
            group = group_of[entry.pk]
            if len(group.entries) < shown:
                group.entries.append(entry)
    order = {period.pk: index for index, period in enumerate(periods)}
    return Grouping(
        sorted(
            groups.values(),
            key=lambda group: (not group.periods, len(group.periods), [order[p.pk] for p in group.periods]),
        )
    )


def _first_of_each_group(queryset, periods, shown):
    """(pk, period pks, size of the group) for up to ``shown`` entries of each group, in the model's order."""
    if queryset.model in NAMING_THEIR_PERIOD:
        return _first_of_each_period(queryset, shown)
    return _first_of_each_combination(queryset, periods, shown)


def _first_of_each_period(queryset, shown):
    by_period = {"partition_by": [F("period")]}
    rows = (
        queryset.order_by()
        .annotate(
            place=Window(RowNumber(), order_by=queryset.model._meta.ordering, **by_period),
            group_size=Window(Count("pk"), **by_period),
        )
        .filter(place__lte=shown)
        .values_list("pk", "period", "group_size")
    )
    return [(pk, (period,) if period else (), group_size) for pk, period, group_size in rows]


def _first_of_each_combination(queryset, periods, shown):
    # Ranking in SQL would evaluate the links per period again for each window, and make
    # PostgreSQL's cost estimate high enough to compile the query first; there are few
    # actors and venues, so their (pk, periods) rows come back and are ranked here.
    links = {f"in_period_{period.pk}": _linked_in(queryset.model, period) for period in periods}
    keys = [
        (pk, tuple(period.pk for period, in_period in zip(periods, flags, strict=True) if in_period))
        for pk, *flags in queryset.annotate(**links).values_list("pk", *links)
    ]
    sizes = Counter(key for _, key in keys)
    places = Counter()
    first = []
    for pk, key in keys:
        places[key] += 1
        if places[key] <= shown:
            first.append((pk, key, sizes[key]))
    return first


def _linked_in(model, period):
    """Whether an actor or venue is linked to a published event or agreement of ``period``."""
    published = PublicationStatus.PUBLISHED
    if model is Actor:
        links = [
            Participation.objects.filter(
                actor=OuterRef("pk"), event__period=period, event__publication_status=published
            ),
            Participation.objects.filter(
                actor=OuterRef("pk"), agreement__period=period, agreement__publication_status=published
            ),
        ]
    else:
        links = [
            target.objects.published().filter(venue=OuterRef("pk"), period=period)
            for target in NAMING_THEIR_PERIOD
        ]
    either = Q(*(Exists(link) for link in links), _connector=Q.OR)
    return ExpressionWrapper(either, output_field=BooleanField())
