"""The one place an entry's page is described in schema.org terms, as JSON-LD.

A detail page is an ``ItemPage`` whose ``mainEntity`` is the entry and whose
``citation``s are the quotations supporting it: schema.org allows ``citation``
on creative works only, and a page is one. Each thing is identified by its
page's address with a fragment (``…/actors/belarus/#actor``), so the same
actor named on several pages is one node to a consumer.

What is said is what the page shows, and no more:

- Only published entries are named; a reference to anything else is left out.
- Dates keep the precision stored: a month stays ``2014-08``, a period gives a
  start and an end. An uncertain or approximate end (``2020?``, ``2022-02~``) is
  left out, since schema.org cannot say "about" and a consumer would take the
  value as fact.
- An event that was only offered or proposed has no ``eventStatus`` (schema.org
  has none for it, and only a held event is ``EventScheduled``) and no
  ``startDate`` (its date is when it was offered, not when it would meet); its
  description opens with "Offered, not held." and the date of the offer.
- Roles are kept by wrapping each actor in a schema.org ``Role``: hosts are the
  ``organizer``, everyone else an ``attendee`` (or an agreement's
  ``contributor``), each with the role's name and the page's note.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kb import dates, markdown
from kb.models import Actor, ActorKind, Agreement, Event, EventStatus, Role, Venue, VenueKind, public_or_none

CONTEXT = "https://schema.org"
EVENT_SCHEDULED = "https://schema.org/EventScheduled"

# A state acts through its government, and organizer, attendee and contributor
# accept only people and organisations (schema.org's Country is a place).
# Groups such as "The West" have no type of their own; Organization is nearest.
ACTOR_TYPES = {
    ActorKind.PERSON: "Person",
    ActorKind.STATE: "GovernmentOrganization",
    ActorKind.ORGANISATION: "Organization",
    ActorKind.GROUP: "Organization",
    ActorKind.MEDIA: "NewsMediaOrganization",
}
# Regions, borders and buildings are plain places.
VENUE_TYPES = {VenueKind.CITY: "City", VenueKind.COUNTRY: "Country", VenueKind.ONLINE: "VirtualLocation"}

# The Minsk agreements were political documents, not acts of a legislature, so
# Legislation would invent a jurisdiction and a lawgiver; CreativeWork does not.
AGREEMENT_TYPE = "CreativeWork"

# Those who were there. An author, a publisher or an invitee need not have been.
ATTENDING_ROLES = {
    Role.PARTICIPANT,
    Role.PARTY,
    Role.NEGOTIATOR,
    Role.MEDIATOR,
    Role.FACILITATOR,
    Role.SIGNATORY,
    Role.INTERVIEWER,
    Role.INTERVIEWEE,
}

# An event not held is known by the date it was offered or proposed.
NOT_HELD_NOUNS = {EventStatus.OFFERED: "offer", EventStatus.PROPOSED: "proposal"}

_UNCERTAIN_OR_APPROXIMATE = ("?", "~", "%")
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_element(data):
    """``data`` as a JSON-LD script element; escaped like Django's json_script, so no text can close it."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def describe_page(entry, absolute_uri, citations, **related):
    """The JSON-LD for an entry's detail page.

    ``absolute_uri`` turns a path into a full address (``request.build_absolute_uri``);
    ``citations`` are the entry's, with their sources; ``related`` holds what else
    the page's view fetched: an event's or agreement's ``participations``, an
    event's ``parts`` and the agreements it ``produced``.
    """
    describer = _Describer(absolute_uri)
    url = absolute_uri(entry.get_absolute_url())
    page = {
        "@context": CONTEXT,
        "@type": "ItemPage",
        "@id": url,
        "url": url,
        "name": entry.name,
        "mainEntity": describer.main_entity(entry, **related),
    }
    _set(page, mentions=describer.mentioned)
    quotations = [describer.quotation(citation) for citation in citations]
    if quotations:
        page["citation"] = quotations
    return page


def schema_dates(value):
    """(start, end) of an EDTF string in ISO 8601 at its own precision; "" where there is none.

    A single date has no end; an uncertain or approximate end is left out.
    """
    if not value:
        return "", ""
    ends = [
        "" if end.endswith(_UNCERTAIN_OR_APPROXIMATE) else dates.iso_for_time_element(end)
        for end in value.strip().split("/")
    ]
    return ends[0], ends[1] if len(ends) == 2 else ""


def _single_date(value):
    start, end = schema_dates(value)
    return "" if end else start


def _plain_text(html):
    return " ".join(markdown.plain_text(html).split())


class _Describer:
    """Builds the nodes of one page, describing each source in full only once."""

    def __init__(self, absolute_uri):
        self.absolute_uri = absolute_uri
        self.described_sources = set()
        # Who and where an offer or proposal names: the page mentions them, the event has none.
        self.mentioned = []

    def main_entity(self, entry, **related):
        builders = {Event: self.event, Agreement: self.agreement, Actor: self.actor, Venue: self.place}
        return builders[type(entry)](entry, **related)

    def reference(self, entry):
        """What identifies an entry wherever it is named: type, @id, name, address, Wikidata item."""
        node = {"@type": _schema_type(entry), "@id": self._node_id(entry), "name": entry.name}
        # A VirtualLocation's url is where one joins it online, which this site is not.
        if not (isinstance(entry, Venue) and entry.is_online):
            node["url"] = self.absolute_uri(entry.get_absolute_url())
        if entry.wikidata_url:
            node["sameAs"] = entry.wikidata_url
        return node

    def event(self, event, participations=(), parts=(), produced=()):
        node = self._described(event, _event_description(event))
        venue = public_or_none(event.venue)
        roles = [participation for participation in participations if participation.actor.is_published]
        if event.is_held:
            node["eventStatus"] = EVENT_SCHEDULED
            start, end = schema_dates(event.date)
            _set(node, startDate=start, endDate=end)
            if venue:
                node["location"] = self.place(venue)
            _set(
                node,
                organizer=[self._role("organizer", p) for p in roles if p.role == Role.HOST],
                attendee=[self._role("attendee", p) for p in roles if p.role in ATTENDING_ROLES],
            )
        else:
            # Nobody met anywhere: an offer has no location, organiser or attendees.
            self.mentioned += [self.reference(p.actor) for p in roles]
            if venue:
                self.mentioned.append(self.place(venue))
        if parent := public_or_none(event.parent):
            node["superEvent"] = self.reference(parent)
        _set(
            node,
            subEvent=[self.reference(part) for part in parts],
            recordedIn=[self.reference(agreement) for agreement in produced],
        )
        return node

    def agreement(self, agreement, participations=()):
        node = self._described(agreement, _plain_text(agreement.summary_html))
        node["creativeWorkStatus"] = agreement.get_status_display()
        _set(node, dateCreated=_single_date(agreement.date))
        if venue := public_or_none(agreement.venue):
            node["locationCreated"] = self.place(venue)
        # The event at which it was agreed: schema.org's nearest is where a work was recorded.
        if event := public_or_none(agreement.event):
            node["recordedAt"] = self.reference(event)
        _set(
            node,
            contributor=[self._role("contributor", p) for p in participations if p.actor.is_published],
        )
        return node

    def actor(self, actor):
        node = self._described(actor, actor.description)
        if affiliation := public_or_none(actor.affiliation):
            belongs_to = "affiliation" if actor.kind == ActorKind.PERSON else "parentOrganization"
            node[belongs_to] = self.reference(affiliation)
        return node

    def place(self, venue):
        node = self._described(venue, "")
        if located_in := public_or_none(venue.located_in):
            node["containedInPlace"] = self.reference(located_in)
        if venue.has_coordinates:
            node["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(venue.latitude),
                "longitude": float(venue.longitude),
            }
        return node

    def quotation(self, citation):
        return {"@type": "Quotation", "text": citation.quote, "isPartOf": self._source(citation.source)}

    def _source(self, source):
        """The source in full where first quoted; by its @id alone after that."""
        page = self.absolute_uri(source.get_absolute_url())
        source_id = f"{page}#source"
        if source.pk in self.described_sources:
            return {"@id": source_id}
        self.described_sources.add(source.pk)
        node = {"@type": "CreativeWork", "@id": source_id, "name": source.title, "url": source.url or page}
        if author := public_or_none(source.author):
            node["author"] = self.reference(author)
        if publisher := public_or_none(source.publisher):
            node["publisher"] = self.reference(publisher)
        _set(node, datePublished=_single_date(source.date))
        return node

    def _described(self, entry, description):
        node = self.reference(entry)
        _set(node, alternateName=entry.alternative_name_list, description=description)
        return node

    def _role(self, prop, participation):
        """schema.org's Role between a thing and an actor: the same property inside, with the role named."""
        role = {
            "@type": "Role",
            "roleName": participation.get_role_display(),
            prop: self.reference(participation.actor),
        }
        _set(role, description=participation.note)
        return role

    def _node_id(self, entry):
        return f"{self.absolute_uri(entry.get_absolute_url())}#{entry._meta.model_name}"


def _schema_type(entry):
    if isinstance(entry, Actor):
        return ACTOR_TYPES[entry.kind]
    if isinstance(entry, Venue):
        return VENUE_TYPES.get(entry.kind, "Place")
    if isinstance(entry, Agreement):
        return AGREEMENT_TYPE
    return "Event"


def _event_description(event):
    summary = _plain_text(event.summary_html)
    if event.is_held:
        return summary
    said = [f"{event.get_status_display()}."]
    if event.date_display:
        said.append(f"Date of the {NOT_HELD_NOUNS[event.status]}: {event.date_display}.")
    return " ".join([*said, summary]).strip()


def _set(node, **values):
    """Adds the values that say something; empty strings and lists are left out."""
    node.update((key, value) for key, value in values.items() if value)
