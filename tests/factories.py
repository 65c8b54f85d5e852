"""Small builders for test data; each fills in only what the caller leaves out."""

import itertools

from kb.models import (
    Actor,
    ActorKind,
    Agreement,
    AgreementStatus,
    Citation,
    DataVersion,
    Event,
    EventKind,
    Participation,
    Period,
    PublicationStatus,
    Role,
    SearchWord,
    Source,
    Tag,
    TaggedEntry,
    Venue,
    VenueKind,
)

_numbers = itertools.count(1)


def _unique(prefix):
    return f"{prefix}-{next(_numbers)}"


def _entry_defaults(kwargs, prefix):
    slug = kwargs.setdefault("slug", _unique(prefix))
    kwargs.setdefault("name", slug.replace("-", " ").title())
    kwargs.setdefault("publication_status", PublicationStatus.PUBLISHED)


def make_actor(tags=(), **kwargs):
    _entry_defaults(kwargs, "test-actor")
    kwargs.setdefault("kind", ActorKind.PERSON)
    return _with_tags(Actor.objects.create(**kwargs), tags)


def make_venue(tags=(), **kwargs):
    _entry_defaults(kwargs, "test-venue")
    kwargs.setdefault("kind", VenueKind.CITY)
    return _with_tags(Venue.objects.create(**kwargs), tags)


def make_event(tags=(), **kwargs):
    _entry_defaults(kwargs, "test-event")
    kwargs.setdefault("kind", EventKind.MEETING)
    kwargs.setdefault("date", "2016-05-04")
    return _with_tags(Event.objects.create(**kwargs), tags)


def make_agreement(tags=(), **kwargs):
    _entry_defaults(kwargs, "test-agreement")
    kwargs.setdefault("status", AgreementStatus.IN_FORCE)
    kwargs.setdefault("date", "2016-05")
    return _with_tags(Agreement.objects.create(**kwargs), tags)


def make_period(**kwargs):
    slug = kwargs.setdefault("slug", _unique("test-period"))
    kwargs.setdefault("name", slug)
    kwargs.setdefault("date", "2030")
    return Period.objects.create(**kwargs)


def make_source(**kwargs):
    slug = kwargs.setdefault("slug", _unique("test-source"))
    kwargs.setdefault("title", slug.title())
    return Source.objects.create(**kwargs)


def make_participation(**kwargs):
    kwargs.setdefault("role", Role.PARTY)
    if "actor" not in kwargs:
        kwargs["actor"] = make_actor()
    return Participation.objects.create(**kwargs)


def make_citation(target, **kwargs):
    if "source" not in kwargs:
        kwargs["source"] = make_source()
    kwargs.setdefault("quote", "A quoted sentence.")
    return Citation.objects.create(content_object=target, **kwargs)


def _with_tags(entry, tags):
    if tags:
        entry.tags.add(*tags)
    return entry


def empty_knowledge_base():
    """Delete every kb row, children first, undoing the PROTECTed links within a table."""
    TaggedEntry.objects.all().delete()
    Citation.objects.all().delete()
    Participation.objects.all().delete()
    Agreement.objects.all().delete()
    Event.objects.update(parent=None)
    Event.objects.all().delete()
    Source.objects.all().delete()
    Period.objects.all().delete()
    Actor.objects.update(affiliation=None)
    Actor.objects.all().delete()
    Venue.objects.update(located_in=None)
    Venue.objects.all().delete()
    Tag.objects.all().delete()
    DataVersion.objects.all().delete()
    SearchWord.objects.all().delete()
