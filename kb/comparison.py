"""“Minsk then and now”: two periods side by side, and what bridges them.

An offer is not a meeting: every actor and venue on a side records whether
anything it was part of there took place, so the page can say when its only
presence is in an offer or proposal.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from kb.models import Agreement, Event, Participation, Period


@dataclass
class Presence:
    """An actor or venue on one side: its roles there, and whether any of it took place."""

    obj: object
    roles: dict = field(default_factory=dict)
    took_place: bool = False

    def add(self, entry, role=None):
        if role:
            self.roles.setdefault(role, []).append(entry)
        self.took_place = self.took_place or entry.took_place


@dataclass
class PeriodSide:
    period: Period
    events: list
    agreements: list
    actors: dict = field(default_factory=dict)
    venues: dict = field(default_factory=dict)
    tags: dict = field(default_factory=dict)

    @property
    def actor_list(self):
        return sorted(self.actors.values(), key=lambda presence: presence.obj.name)

    @property
    def venue_list(self):
        return sorted(self.venues.values(), key=lambda presence: presence.obj.name)


@dataclass
class Shared:
    """An actor, venue or tag found on both sides."""

    obj: object
    then: Presence
    now: Presence

    @property
    def only_offered_now(self):
        return self.then.took_place and not self.now.took_place


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
        bridging_tags=sorted(
            (then.tags[pk] for pk in then.tags.keys() & now.tags.keys()), key=lambda tag: tag.name.lower()
        ),
        shared_actors=_shared(then.actors, now.actors),
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
            side.venues.setdefault(entry.venue.pk, Presence(entry.venue)).add(entry)
        for tag in entry.tags.all():
            side.tags[tag.pk] = tag
        for participation in entry.public_participations:
            actor = participation.actor
            presence = side.actors.setdefault(actor.pk, Presence(actor))
            presence.add(entry, participation.get_role_display())
    return side


def _shared(then, now):
    shared = [Shared(then[pk].obj, then[pk], now[pk]) for pk in then.keys() & now.keys()]
    return sorted(shared, key=lambda item: item.obj.name)
