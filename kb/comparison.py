"""“Minsk then and now”: two periods side by side, and what bridges them."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from kb.models import Agreement, Event, Participation, Period


@dataclass
class PeriodSide:
    period: Period
    events: list
    agreements: list
    actors: dict = field(default_factory=dict)
    venues: dict = field(default_factory=dict)
    tags: dict = field(default_factory=dict)

    @property
    def actor_roles(self):
        """[(actor, {role label: [entries]}), ...] sorted by actor name."""
        return sorted(self.actors.values(), key=lambda item: item[0].name)

    @property
    def venue_list(self):
        return sorted(self.venues.values(), key=lambda venue: venue.name)


@dataclass
class Comparison:
    then: PeriodSide
    now: PeriodSide
    bridging_tags: list
    shared_actors: list
    shared_venues: list


def compare_periods():
    """Compare the earliest and the latest period; None until two periods exist."""
    periods = list(Period.objects.all())
    if len(periods) < 2:
        return None
    then, now = _side(periods[0]), _side(periods[-1])
    return Comparison(
        then=then,
        now=now,
        bridging_tags=_shared(then.tags, now.tags),
        shared_actors=_shared(then.actors, now.actors, key=lambda item: item[0]),
        shared_venues=_shared(then.venues, now.venues),
    )


def _side(period):
    participations = Prefetch(
        "participations",
        queryset=Participation.objects.public().select_related("actor"),
        to_attr="public_participations",
    )
    events = list(
        Event.objects.published()
        .filter(period=period)
        .select_related("venue")
        .prefetch_related("tags", participations)
    )
    agreements = list(
        Agreement.objects.published()
        .filter(period=period)
        .select_related("venue", "event")
        .prefetch_related("tags", participations)
    )
    side = PeriodSide(period=period, events=events, agreements=agreements)
    for entry in events + agreements:
        if entry.venue and entry.venue.is_published:
            side.venues[entry.venue.pk] = entry.venue
        for tag in entry.tags.all():
            side.tags[tag.pk] = tag
        for participation in entry.public_participations:
            actor = participation.actor
            roles = side.actors.setdefault(actor.pk, (actor, {}))[1]
            roles.setdefault(participation.get_role_display(), []).append(entry)
    return side


def _shared(left, right, key=lambda item: item):
    items = [left[pk] for pk in left.keys() & right.keys()]
    return sorted(items, key=lambda item: str(key(item)).lower())
