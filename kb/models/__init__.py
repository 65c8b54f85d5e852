import reversion

from .actor import Actor, ActorKind
from .agreement import Agreement, AgreementStatus
from .base import BODY_LIMIT, Entry, EntryQuerySet, PublicationStatus, public_or_none
from .changes import DataVersion
from .derived import Dated, DerivedFields
from .event import Event, EventKind, EventStatus
from .participation import Participation, Role
from .period import Period
from .search import SearchDocument, SearchName, SearchWord
from .sources import Citation, Source
from .tags import Tag, TaggedEntry
from .venue import Venue, VenueKind

ENTRY_MODELS = (Event, Agreement, Actor, Venue)

# Revision history: each version of an entry carries the rows that hang off it,
# so a diff shows and a revert restores its tags, participants and citations.
# Tags themselves are not followed: reverting one entry must not rename a tag
# that other entries share.
for model in (Participation, Citation, TaggedEntry):
    reversion.register(model)
for model in (Event, Agreement, Actor):
    reversion.register(model, follow=("participations", "citations", "tagged_items"))
reversion.register(Venue, follow=("citations", "tagged_items"))
for model in (Tag, Period):
    reversion.register(model, follow=("citations",))
reversion.register(Source)

__all__ = [
    "BODY_LIMIT",
    "ENTRY_MODELS",
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementStatus",
    "Citation",
    "DataVersion",
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
    "SearchWord",
    "Source",
    "Tag",
    "TaggedEntry",
    "Venue",
    "VenueKind",
    "public_or_none",
]
