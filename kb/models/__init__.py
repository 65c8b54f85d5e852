from .actor import Actor, ActorKind
from .agreement import Agreement, AgreementStatus
from .base import BODY_LIMIT, Entry, EntryQuerySet, PublicationStatus
from .derived import Dated, DerivedFields
from .event import Event, EventKind, EventStatus
from .participation import Participation, Role
from .period import Period
from .search import SearchDocument, SearchName
from .sources import Citation, Source
from .tags import Tag, TaggedEntry
from .venue import Venue, VenueKind

ENTRY_MODELS = (Event, Agreement, Actor, Venue)

__all__ = [
    "BODY_LIMIT",
    "ENTRY_MODELS",
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementStatus",
    "Citation",
    "Dated",
    "DerivedFields",
    "Entry",
    "EntryQuerySet",
    "Event",
    "EventKind",
    "EventStatus",
    "Participation",
    "Period",
    "PublicationStatus",
    "Role",
    "SearchDocument",
    "SearchName",
    "Source",
    "Tag",
    "TaggedEntry",
    "Venue",
    "VenueKind",
]
