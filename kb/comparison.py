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

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.functions import Coalesce, Lower, RowNumber
from django.urls import reverse

from kb.models import (
    Actor,
    Agreement,
    AgreementStatus,
    Event,
    EventStatus,
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
    venues = _presences(*_venue_counts(then, now), then, now, VENUES_SHOWN, SHARED_VENUES_SHOWN)
    actor_counts = _presences(*_actor_counts(then, now), then, now, ACTORS_SHOWN, SHARED_ACTORS_SHOWN)
    actors = _with_actors(actor_counts)
    _add_roles(actors[then], actors[now], then, now)
    return Comparison(
        then=PeriodSide(then, events[then], agreements[then], venues[then], actors[then]),
        now=PeriodSide(now, events[now], agreements[now], venues[now], actors[now]),
        bridging_tags=_shared_tags(then, now),
        shared_actors=actors["shared"],
        shared_venues=venues["shared"],
    )


def _took_place(model, through=""):
    """Entries of ``model`` that took place, reached through the relation ``through``."""
    if model is Event:
        return Q(**{f"{through}status": EventStatus.HELD})
    agreed = [status for status in AgreementStatus if status != AgreementStatus.PROPOSED]
    return Q(**{f"{through}status__in": agreed})


def _first_entries(model, then, now, cap, *related):
    """Each period's first ``cap`` published entries of ``model`` in the model's order, with the total."""
    order = [*model._meta.ordering, "pk"]
    order = [F(term) if isinstance(term, str) else term for term in order]
    unshown = [
        name
        for relation in related
        for name in _unshown(model._meta.get_field(relation).related_model, f"{relation}__")
    ]
    entries = (
        model.objects.published()
        .filter(period__in=[then, now])
        .select_related(*related)
        .defer(*_unshown(model), *unshown)
        .annotate(
            place=Window(RowNumber(), partition_by=F("period"), order_by=order),
            in_period=Window(Count("pk"), partition_by=F("period")),
        )
        .filter(place__lte=cap)
        .order_by("period", "place")
    )
    found = {then.pk: [], now.pk: []}
    for entry in entries:
        found[entry.period_id].append(entry)
    return {
        period: Capped(found[period.pk], found[period.pk][0].in_period if found[period.pk] else 0)
        for period in (then, now)
    }


def _ranked(counts, name, cap, shared_cap):
    """``counts`` (entries and entries that took place, per side) cut to the rows some list shows.

    Each row carries its rank in the three lists (then, now, both), so one
    query serves them all; a row ranked within a list it has no entries in is
    left out of that list by the caller.
    """
    both = Q(then_entries__gt=0, now_entries__gt=0)
    return counts.annotate(
        then_rank=Window(RowNumber(), order_by=[F("then_entries").desc(), F(name)]),
        now_rank=Window(RowNumber(), order_by=[F("now_entries").desc(), F(name)]),
        shared_rank=Window(
            RowNumber(),
            order_by=[
                Case(When(both, then=Value(0)), default=Value(1)).asc(),
                (F("then_entries") + F("now_entries")).desc(),
                F(name),
            ],
        ),
    ).filter(Q(then_rank__lte=cap) | Q(now_rank__lte=cap) | Q(shared_rank__lte=shared_cap))


def _totals(counts, key):
    """How many rows of ``counts`` have entries then, now, and on both sides."""
    return counts.aggregate(
        then=Count(key, filter=Q(then_entries__gt=0)),
        now=Count(key, filter=Q(now_entries__gt=0)),
        shared=Count(key, filter=Q(then_entries__gt=0, now_entries__gt=0)),
    )


def _presences(rows, totals, then_period, now_period, cap, shared_cap):
    """{then period, now period, "shared"}: Capped lists of Presence (Shared for "shared")."""
    then, now, shared = [], [], []
    for row in rows:
        obj = row["obj"]
        in_then, in_now = row["then_entries"] > 0, row["now_entries"] > 0
        then_presence = Presence(obj, row["then_entries"], row["then_held"] > 0)
        now_presence = Presence(obj, row["now_entries"], row["now_held"] > 0)
        if in_then and row["then_rank"] <= cap:
            then.append((row["then_rank"], then_presence))
        if in_now and row["now_rank"] <= cap:
            now.append((row["now_rank"], now_presence))
        if in_then and in_now and row["shared_rank"] <= shared_cap:
            shared.append((row["shared_rank"], Shared(obj, then_presence, now_presence)))
    return {
        then_period: Capped([item for _, item in sorted(then, key=_first)], totals["then"]),
        now_period: Capped([item for _, item in sorted(now, key=_first)], totals["now"]),
        "shared": Capped([item for _, item in sorted(shared, key=_first)], totals["shared"]),
    }


def _first(pair):
    return pair[0]


def _venue_counts(then, now):
    """Published venues with their entries, and entries that took place, on each side, ranked.

    Counted per venue in the database, one query per kind of entry; the rows
    number the venues in use, however many entries the periods hold.
    """
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
                then_held=Count("pk", filter=Q(period=then) & _took_place(model)),
                now_held=Count("pk", filter=Q(period=now) & _took_place(model)),
            )
        )
        for row in rows:
            total = counts.setdefault(row["venue"], dict.fromkeys(COUNTED, 0) | {"name": row["venue__name"]})
            for key in COUNTED:
                total[key] += row[key]
    ranked = list(counts.items())
    both = [pk for pk, row in ranked if row["then_entries"] and row["now_entries"]]
    for side, key in (
        ("then", lambda item: (-item[1]["then_entries"], item[1]["name"])),
        ("now", lambda item: (-item[1]["now_entries"], item[1]["name"])),
    ):
        for rank, (_pk, row) in enumerate(sorted(ranked, key=key), 1):
            row[f"{side}_rank"] = rank
    shared_order = sorted(
        ranked,
        key=lambda item: (
            item[0] not in both,
            -(item[1]["then_entries"] + item[1]["now_entries"]),
            item[1]["name"],
        ),
    )
    for rank, (_pk, row) in enumerate(shared_order, 1):
        row["shared_rank"] = rank
    totals = {
        "then": sum(1 for _, row in ranked if row["then_entries"]),
        "now": sum(1 for _, row in ranked if row["now_entries"]),
        "shared": len(both),
    }
    wanted = [
        pk
        for pk, row in ranked
        if min(row["then_rank"], row["now_rank"]) <= VENUES_SHOWN or row["shared_rank"] <= SHARED_VENUES_SHOWN
    ]
    venues = Venue.objects.defer(*_unshown(Venue)).in_bulk(wanted)
    return [{"obj": venues[pk], **counts[pk]} for pk in wanted], totals


COUNTED = ("then_entries", "now_entries", "then_held", "now_held")


def _actor_counts(then, now):
    """Published actors with their public entries, and those that took place, on each side, ranked."""

    def on_side(period, took_place=False):
        events = Q(event__period=period)
        agreements = Q(agreement__period=period)
        if took_place:
            events &= _took_place(Event, "event__")
            agreements &= _took_place(Agreement, "agreement__")
        return Count("pk", filter=events | agreements)

    counts = (
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
    rows = _ranked(counts, "actor__name", ACTORS_SHOWN, SHARED_ACTORS_SHOWN)
    return [{"obj": row["actor"], **row} for row in rows], _totals(counts, "actor")


def _with_actors(presences):
    """``presences`` with each actor's primary key replaced by the Actor, loaded in one query."""
    lists = list(presences.values())
    ids = {item.obj for capped in lists for item in capped}
    actors = Actor.objects.only("name", "slug").in_bulk(ids)
    for capped in lists:
        for item in capped:
            item.obj = actors[item.obj]
            if isinstance(item, Shared):
                item.then.obj = item.now.obj = item.obj
    return presences


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
    lines = (
        Participation.objects.public()
        .alias(side=Coalesce("event__period", "agreement__period"))
        .filter(wanted)
        .select_related("event", "agreement")
        .defer(*_unshown(Event, "event__"), *_unshown(Agreement, "agreement__"))
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
    )
    periods = {then.pk: then, now.pk: now}
    for participation in lines:
        presence = shown[(participation.side_id, participation.actor_id)]
        line = presence.roles.get(participation.role)
        if line is None:
            line = presence.roles[participation.role] = RoleLine(
                participation.get_role_display(),
                presence.obj,
                periods[participation.side_id],
                participation.role_total,
                participation.role_events > 0,
            )
        line.entries.append(participation.target)


def _shared_tags(then, now):
    """Tags carried by published entries of both periods, most used first."""
    event_type = ContentType.objects.get_for_model(Event)
    agreement_type = ContentType.objects.get_for_model(Agreement)

    def uses(period):
        events = Event.objects.published().filter(period=period).values("pk")
        agreements = Agreement.objects.published().filter(period=period).values("pk")
        return Count(
            "tagged_entries",
            filter=Q(tagged_entries__content_type=event_type, tagged_entries__object_id__in=events)
            | Q(tagged_entries__content_type=agreement_type, tagged_entries__object_id__in=agreements),
        )

    tags = list(
        Tag.objects.annotate(then_uses=uses(then), now_uses=uses(now))
        .filter(then_uses__gt=0, now_uses__gt=0)
        .annotate(shared_total=Window(Count("pk")))
        .order_by((F("then_uses") + F("now_uses")).desc(), Lower("name"))[:SHARED_TAGS_SHOWN]
    )
    return Capped(tags, tags[0].shared_total if tags else 0)
