"""Which period each entry belongs to, and grouping entries by period.

Events and agreements name their period. Actors and venues belong to the
periods of the published events and agreements they are linked to, so an
actor who took part in both the Minsk talks and the 2025 proposal bridges them.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from kb.models import Actor, Agreement, Event, Participation, Period, Venue


@dataclass
class PeriodGroup:
    periods: tuple
    entries: list = field(default_factory=list)

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


def period_ids_by_entry(entries):
    """Map each entry to the set of period ids it belongs to (a fixed number of queries)."""
    by_kind = defaultdict(list)
    for entry in entries:
        by_kind[type(entry)].append(entry)
    result = {}
    for entry in by_kind[Event] + by_kind[Agreement]:
        result[entry] = {entry.period_id} if entry.period_id else set()
    result.update(_actor_periods(by_kind[Actor]))
    result.update(_venue_periods(by_kind[Venue]))
    return result


def group_by_period(entries):
    """Group entries by the combination of periods they belong to, in period order."""
    periods = {period.pk: period for period in Period.objects.all()}
    order = {pk: index for index, pk in enumerate(periods)}
    groups = {}
    for entry, period_ids in period_ids_by_entry(entries).items():
        key = tuple(sorted(period_ids, key=order.get))
        group = groups.setdefault(key, PeriodGroup(tuple(periods[pk] for pk in key)))
        group.entries.append(entry)
    return sorted(
        groups.values(),
        key=lambda group: (not group.periods, len(group.periods), [order[p.pk] for p in group.periods]),
    )


def _actor_periods(actors):
    result = {actor: set() for actor in actors}
    if not actors:
        return result
    by_pk = {actor.pk: actor for actor in actors}
    rows = (
        Participation.objects.public()
        .filter(actor__in=actors)
        .values_list("actor_id", "event__period_id", "agreement__period_id")
    )
    for actor_id, event_period, agreement_period in rows:
        period_id = event_period or agreement_period
        if period_id:
            result[by_pk[actor_id]].add(period_id)
    return result


def _venue_periods(venues):
    result = {venue: set() for venue in venues}
    if not venues:
        return result
    by_pk = {venue.pk: venue for venue in venues}
    for model in (Event, Agreement):
        rows = (
            model.objects.published()
            .filter(venue__in=venues, period__isnull=False)
            .values_list("venue_id", "period_id")
        )
        for venue_id, period_id in rows:
            result[by_pk[venue_id]].add(period_id)
    return result
