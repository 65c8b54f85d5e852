"""“Minsk then and now”: two periods side by side, and what bridges them.

Every figure is counted in the database and every list is capped, so the page
costs the same few queries however many entries a period holds; a capped list
says how many there are in all and, where a filtered list exists, links to it.

An offer is not a meeting: every actor and venue on a side records whether
anything it was part of there took place, so the page can say when its only
presence is in an offer or proposal.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse

from kb import tagging
from kb.models import (
    Actor,
    Agreement,
    Event,
    Participation,
    Period,
    PublicationStatus,
    Tag,
    Venue,
)

EVENTS_SHOWN = 12
AGREEMENTS_SHOWN = 12
VENUES_SHOWN = 12
ACTORS_SHOWN = 15
ENTRIES_PER_ROLE = 3
SHARED_TAGS_SHOWN = 30
SHARED_ACTORS_SHOWN = 20
SHARED_VENUES_SHOWN = 20

# The kinds of entry that belong to a period.
ENTRIES = (Event, Agreement)

# Long texts the page never shows; loading them would only weigh the rows down.
UNSHOWN_TEXT = ("alternative_names", "body", "body_html", "summary", "summary_html")


def _unshown(model, through=""):
    """The fields of UNSHOWN_TEXT that ``model`` has, reached through the relation ``through``."""
    names = {field.name for field in model._meta.get_fields()}
    return [f"{through}{name}" for name in UNSHOWN_TEXT if name in names]


@dataclass
class RoleLine:
    """One role of an actor on one side: its first few entries, and how many it has in all."""

    label: str
    actor: Actor
    period: Period
    total: int
    has_events: bool
    entries: list = field(default_factory=list)

    @property
    def more(self):
        return self.total - len(self.entries)

    @property
    def more_url(self):
        """The actor's entries in the period, on the list that holds this role's entries."""
        list_name = "kb:event-list" if self.has_events else "kb:agreement-list"
        return f"{reverse(list_name)}?{urlencode({'actor': self.actor.slug, 'period': self.period.slug})}"


@dataclass
class Presence:
    """An actor or venue on one side: how many entries it has there, and whether any took place."""

    obj: object
    entries: int
    took_place: bool
    roles: dict = field(default_factory=dict)

    @property
    def role_lines(self):
        return list(self.roles.values())


@dataclass
class Capped:
    """The first items of a list counted in the database, and how many it holds in all."""

    items: list
    total: int

    @property
    def more(self):
        return self.total - len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __bool__(self):
        return bool(self.items)


@dataclass
class PeriodSide:
    period: Period
    events: Capped
    agreements: Capped
    venues: Capped
    actors: Capped


@dataclass
class Shared:
    """An actor or venue found on both sides."""

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
    bridging_tags: Capped
    shared_actors: Capped
    shared_venues: Capped


def compare_periods():
    """Compare the earliest and the latest period; None until two periods exist."""
    periods = list(Period.objects.all())
    if len(periods) < 2:
        return None
    then, now = periods[0], periods[-1]
    events = _first_entries(Event, then, now, EVENTS_SHOWN, "venue")
    agreements = _first_entries(Agreement, then, now, AGREEMENTS_SHOWN)
    venues = _presences(Venue, _venue_counts(then, now), then, now, VENUES_SHOWN, SHARED_VENUES_SHOWN)
    actors = _presences(Actor, _actor_counts(then, now), then, now, ACTORS_SHOWN, SHARED_ACTORS_SHOWN)
    _add_roles(actors[then], actors[now], then, now)
    return Comparison(
        then=PeriodSide(then, events[then], agreements[then], venues[then], actors[then]),
        now=PeriodSide(now, events[now], agreements[now], venues[now], actors[now]),
        bridging_tags=_shared_tags(then, now),
        shared_actors=actors["shared"],
        shared_venues=venues["shared"],
    )


def _first_entries(model, then, now, cap, *related):
    """Each period's first ``cap`` published entries of ``model`` in the model's order, with the total."""
    unshown = [
        name
        for relation in related
        for name in _unshown(model._meta.get_field(relation).related_model, f"{relation}__")
    ]
    first = {}
    for period in (then, now):
        published = model.objects.published().filter(period=period)
        shown = published.select_related(*related).defer(*_unshown(model), *unshown)[:cap]
        first[period] = Capped(list(shown), published.count())
    return first


def _presences(model, counts, then_period, now_period, cap, shared_cap):
    """{then period, now period, "shared"}: Capped lists of Presence (of Shared for "shared"), busiest first.

    ``counts`` maps the primary key of each ``model`` in use on either side to its
    name and COUNTED; its rows number the actors or venues, not their entries.
    """

    def first(entries, limit):
        chosen = [pk for pk, row in counts.items() if entries(row)]
        chosen.sort(key=lambda pk: (-entries(counts[pk]), counts[pk]["name"]))
        return chosen[:limit], len(chosen)

    then, then_total = first(lambda row: row["then_entries"], cap)
    now, now_total = first(lambda row: row["now_entries"], cap)
    shared, shared_total = first(_entries_on_both_sides, shared_cap)
    objects = model.objects.only("name", "slug").in_bulk({*then, *now, *shared})

    def presence(pk, side):
        return Presence(objects[pk], counts[pk][f"{side}_entries"], counts[pk][f"{side}_held"] > 0)

    return {
        then_period: Capped([presence(pk, "then") for pk in then], then_total),
        now_period: Capped([presence(pk, "now") for pk in now], now_total),
        "shared": Capped(
            [Shared(objects[pk], presence(pk, "then"), presence(pk, "now")) for pk in shared], shared_total
        ),
    }


COUNTED = ("then_entries", "now_entries", "then_held", "now_held")


def _entries_on_both_sides(row):
    """Entries on the two sides together, or 0 for an actor or venue found on one side only."""
    if row["then_entries"] and row["now_entries"]:
        return row["then_entries"] + row["now_entries"]
    return 0


def _counted_on_each_side(rows, key, name, counts=None):
    """Add ``rows`` (``key``, ``name`` and COUNTED) into ``counts``: primary key → name and COUNTED."""
    counts = {} if counts is None else counts
    for row in rows:
        total = counts.setdefault(row[key], dict.fromkeys(COUNTED, 0) | {"name": row[name]})
        for counted in COUNTED:
            total[counted] += row[counted]
    return counts


def _venue_counts(then, now):
    """Published venues with their entries, and entries that took place, on each side."""
    counts = {}
    for model in (Event, Agreement):
        rows = (
            model.objects.published()
            .filter(period__in=[then, now], venue__publication_status=PublicationStatus.PUBLISHED)
            .order_by()
            .values("venue", "venue__name")
            .annotate(
                then_entries=Count("pk", filter=Q(period=then)),
                now_entries=Count("pk", filter=Q(period=now)),
                then_held=Count("pk", filter=Q(period=then) & model.took_place_condition()),
                now_held=Count("pk", filter=Q(period=now) & model.took_place_condition()),
            )
        )
        _counted_on_each_side(rows, "venue", "venue__name", counts)
    return counts


def _actor_counts(then, now):
    """Published actors with their public entries, and those that took place, on each side."""

    def on_side(period, took_place=False):
        events = Q(event__period=period)
        agreements = Q(agreement__period=period)
        if took_place:
            events &= Event.took_place_condition("event__")
            agreements &= Agreement.took_place_condition("agreement__")
        return Count("pk", filter=events | agreements)

    rows = (
        Participation.objects.public()
        .filter(Q(event__period__in=[then, now]) | Q(agreement__period__in=[then, now]))
        .order_by()
        .values("actor", "actor__name")
        .annotate(
            then_entries=on_side(then),
            now_entries=on_side(now),
            then_held=on_side(then, took_place=True),
            now_held=on_side(now, took_place=True),
        )
    )
    return _counted_on_each_side(rows, "actor", "actor__name")


def _add_roles(then_actors, now_actors, then, now):
    """Give each shown actor its roles, each with its first few entries, earliest first."""
    shown = {(then.pk, presence.obj.pk): presence for presence in then_actors}
    shown |= {(now.pk, presence.obj.pk): presence for presence in now_actors}
    if not shown:
        return
    wanted = Q()
    for period, presences in ((then, then_actors), (now, now_actors)):
        wanted |= Q(side=period.pk, actor__in=[presence.obj.pk for presence in presences])
    group = [F("side"), F("actor"), F("role")]
    date = Coalesce("event__date_start", "agreement__date_start")
    name = Coalesce("event__name", "agreement__name")
    # Ranked on narrow rows: a busy actor has thousands of entries in a period, of which few are shown.
    firsts = (
        Participation.objects.public()
        .alias(side=Coalesce("event__period", "agreement__period"))
        .filter(wanted)
        .annotate(
            side_id=F("side"),
            place=Window(
                RowNumber(), partition_by=group, order_by=[date.asc(nulls_last=True), name, F("pk")]
            ),
            role_total=Window(Count("pk"), partition_by=group),
            role_events=Window(Count("event"), partition_by=group),
            entry_date=date,
        )
        .filter(place__lte=ENTRIES_PER_ROLE)
        .order_by(F("entry_date").asc(nulls_last=True), "place", "pk")
        .values_list("pk", "side_id", "role_total", "role_events")
    )
    ranked = {pk: (side_id, total, events) for pk, side_id, total, events in firsts}
    participations = (
        Participation.objects.select_related("event", "agreement")
        .defer(*_unshown(Event, "event__"), *_unshown(Agreement, "agreement__"))
        .in_bulk(ranked)
    )
    periods = {then.pk: then, now.pk: now}
    for pk, (side_id, role_total, role_events) in ranked.items():
        participation = participations.get(pk)
        if participation is None:  # Deleted since it was ranked.
            continue
        presence = shown[(side_id, participation.actor_id)]
        line = presence.roles.get(participation.role)
        if line is None:
            line = presence.roles[participation.role] = RoleLine(
                participation.get_role_display(),
                presence.obj,
                periods[side_id],
                role_total,
                role_events > 0,
            )
        line.entries.append(participation.target)


def _shared_tags(then, now):
    """Tags carried by published entries of both periods, most used first."""
    then_uses, now_uses = (
        tagging.tag_counts(
            {model: model.objects.published().filter(period=period) for model in (Event, Agreement)}
        )
        for period in (then, now)
    )
    shared = sorted(then_uses.keys() & now_uses.keys(), key=lambda pk: -(then_uses[pk] + now_uses[pk]))
    tags = Tag.objects.in_bulk(shared[:SHARED_TAGS_SHOWN])
    shown = sorted(tags.values(), key=lambda tag: (-(then_uses[tag.pk] + now_uses[tag.pk]), tag.name.lower()))
    return Capped(shown, len(shared))
