"""The shapes the API answers with; its OpenAPI document is generated from them."""

import datetime

from ninja import Schema
from pydantic import Field

from kb.api.records import MAX_EMBEDDED
from kb.models import ActorKind, AgreementStatus, EventKind, EventStatus, Role, VenueKind


class Problem(Schema):
    detail: str = Field(description="What was wrong, in a sentence.")
    errors: list[str] = Field(default_factory=list, description="Each problem with the request, if several.")


class Ref(Schema):
    """Another record, by its stable identifiers."""

    slug: str
    name: str
    url: str = Field(description="The public page, a permalink.")
    api_url: str


class SourceRef(Schema):
    slug: str
    title: str
    url: str
    api_url: str


class DateOut(Schema):
    edtf: str = Field(description="The date at the precision the source gives, in EDTF: 2014-08, 2015/2020.")
    label: str = Field(description="The date as readers see it worded.")
    first_day: datetime.date | None = Field(description="The earliest day the date can mean.")
    last_day: datetime.date | None = Field(description="The latest day the date can mean.")


class CitationOut(Schema):
    quote: str = Field(description="Word for word from the source.")
    locator: str
    source: SourceRef


class ParticipantOut(Schema):
    actor: Ref
    role: Role
    role_label: str
    note: str


class ParticipationOut(Schema):
    """An actor's role seen from the actor: in which event or agreement."""

    kind: str = Field(description="event or agreement")
    target: Ref
    role: Role
    role_label: str
    note: str


class EntryOut(Schema):
    slug: str
    name: str
    url: str
    api_url: str
    updated_at: datetime.datetime
    tags: list[Ref]


class EntryDetailOut(EntryOut):
    counts: dict[str, int] = Field(
        description="How many records each list (participants, parts, events…) holds in all; the lists "
        f"themselves show at most the first {MAX_EMBEDDED}."
    )
    lists: dict[str, str] = Field(
        description="For an actor or a venue, the API lists of all its events and agreements, page by page."
    )
    alternative_names: list[str]
    wikidata_id: str
    wikidata_url: str
    body: str = Field(description="Markdown.")
    body_html: str = Field(description="The body as sanitised HTML.")
    published_at: datetime.datetime | None
    created_at: datetime.datetime
    citations: list[CitationOut]


class EventOut(EntryOut):
    kind: EventKind
    status: EventStatus = Field(
        description="held, or only offered or proposed: never a meeting that was not."
    )
    status_label: str
    date: DateOut | None
    venue: Ref | None
    period: Ref | None


class EventDetailOut(EntryDetailOut, EventOut):
    summary: str
    summary_html: str
    outcome: str
    part_of: Ref | None
    parts: list[Ref]
    participants: list[ParticipantOut]
    agreements: list[Ref]


class AgreementOut(EntryOut):
    status: AgreementStatus
    status_label: str
    date: DateOut | None
    venue: Ref | None
    period: Ref | None


class AgreementDetailOut(EntryDetailOut, AgreementOut):
    summary: str
    summary_html: str
    produced_by: Ref | None
    participants: list[ParticipantOut]


class ActorOut(EntryOut):
    kind: ActorKind
    description: str
    belongs_to: Ref | None


class ActorDetailOut(EntryDetailOut, ActorOut):
    members: list[Ref]
    participations: list[ParticipationOut]


class CoordinatesOut(Schema):
    latitude: float = Field(description="Degrees north, to five decimal places.")
    longitude: float = Field(description="Degrees east, to five decimal places.")


class VenueOut(EntryOut):
    kind: VenueKind
    located_in: Ref | None
    coordinates: CoordinatesOut | None


class VenueDetailOut(EntryDetailOut, VenueOut):
    places_within: list[Ref]
    events: list[Ref]
    agreements: list[Ref]


class TagOut(Schema):
    slug: str
    name: str
    url: str
    api_url: str
    entry_count: int = Field(description="Published entries carrying the tag.")


class TagDetailOut(TagOut):
    description: str
    description_html: str
    counts: dict[str, int] = Field(description="Published entries carrying the tag, by kind.")
    entries: dict[str, str] = Field(description="For each kind, the API list of its entries with this tag.")
    citations: list[CitationOut]


class SourceOut(Schema):
    slug: str
    title: str
    url: str
    api_url: str
    link: str = Field(description="Where the source itself is published, if known.")
    date: DateOut | None
    author: Ref | None
    publisher: Ref | None


class QuotationOut(Schema):
    quote: str
    locator: str
    cited_by: Ref
    cited_by_kind: str = Field(description="event, agreement, actor, venue, tag or period")


class SourceDetailOut(SourceOut):
    quotations: list[QuotationOut] = Field(
        description=f"The first {MAX_EMBEDDED} quotations from it that back public entries, tags and periods."
    )
    quotation_count: int = Field(description="How many quotations from it back public records in all.")
    all_quotations: str = Field(description="The API list of all of them, page by page.")


class PeriodOut(Schema):
    slug: str
    name: str
    url: str
    api_url: str
    date: DateOut | None


class PeriodDetailOut(PeriodOut):
    summary: str
    summary_html: str
    citations: list[CitationOut]
    events: str = Field(description="The API list of the period's events.")
    agreements: str = Field(description="The API list of the period's agreements.")


class Index(Schema):
    title: str
    version: str
    openapi: str = Field(description="This API's OpenAPI 3 description.")
    docs: str = Field(description="The same, browsable.")
    dataset: str = Field(description="Every published record in one JSON document.")
    lists: dict[str, str] = Field(description="Each list, by what it holds.")


class Page(Schema):
    count: int = Field(description="How many records match, on every page.")
    page: int
    pages: int
    next: str | None
    previous: str | None


class EventPage(Page):
    results: list[EventOut]


class AgreementPage(Page):
    results: list[AgreementOut]


class ActorPage(Page):
    results: list[ActorOut]


class VenuePage(Page):
    results: list[VenueOut]


class TagPage(Page):
    results: list[TagOut]


class SourcePage(Page):
    results: list[SourceOut]


class QuotationPage(Page):
    results: list[QuotationOut]


class PeriodPage(Page):
    results: list[PeriodOut]
