"""Entries as plain data for the API and the dataset download: only what readers may see.

A related record appears only when it is published, as on the public pages.
"""

from urllib.parse import urlencode

from django.urls import reverse

from kb.api import records
from kb.models import Source

API_NAMESPACE = "api-v1"


def api_path(kind, slug=None):
    if slug is None:
        return reverse(f"{API_NAMESPACE}:{kind}-list")
    return reverse(f"{API_NAMESPACE}:{kind}-detail", kwargs={"slug": slug})


def kind_of(obj):
    return obj._meta.model_name


class Representer:
    """Builds each record's data with absolute addresses on the requested host."""

    def __init__(self, request):
        self.absolute = request.build_absolute_uri

    # ------------------------------------------------------------ references

    def ref(self, obj):
        """A published entry, tag, period or source by its identifiers; None when it is not public."""
        if obj is None or getattr(obj, "is_published", True) is False:
            return None
        name = obj.title if isinstance(obj, Source) else obj.name
        key = "title" if isinstance(obj, Source) else "name"
        return {
            "slug": obj.slug,
            key: name,
            "url": self.absolute(obj.get_absolute_url()),
            "api_url": self.absolute(api_path(kind_of(obj), obj.slug)),
        }

    def refs(self, objects):
        return [ref for ref in map(self.ref, objects) if ref is not None]

    def list_url(self, kind, **filters):
        return self.absolute(f"{api_path(kind)}?{urlencode(filters)}")

    @staticmethod
    def date(obj):
        if not obj.date:
            return None
        return {
            "edtf": obj.date,
            "label": obj.date_display,
            "first_day": obj.date_start,
            "last_day": obj.date_end,
        }

    def citations(self, citations):
        return [{"quote": c.quote, "locator": c.locator, "source": self.ref(c.source)} for c in citations]

    @staticmethod
    def participant_fields(participation):
        return {
            "role": participation.role,
            "role_label": participation.get_role_display(),
            "note": participation.note,
        }

    def participants(self, participations):
        return [
            {"actor": self.ref(p.actor), **self.participant_fields(p)}
            for p in participations
            if p.actor.is_published
        ]

    # ------------------------------------------------------------ entries

    def entry(self, entry):
        return {
            **self.ref(entry),
            "updated_at": entry.updated_at,
            "tags": self.refs(entry.tags.all()),
        }

    def entry_detail(self, entry):
        return {
            "alternative_names": entry.alternative_name_list,
            "wikidata_id": entry.wikidata_id,
            "wikidata_url": entry.wikidata_url,
            "body": entry.body,
            "body_html": entry.body_html,
            "published_at": entry.published_at,
            "created_at": entry.created_at,
            "citations": self.citations(entry.citations.all()),
        }

    def event(self, event):
        return {
            **self.entry(event),
            "kind": event.kind,
            "status": event.status,
            "status_label": event.get_status_display(),
            "date": self.date(event),
            "venue": self.ref(event.venue),
            "period": self.ref(event.period),
        }

    def detail(self, entry, sizes=None):
        """An entry loaded through ``kb.api.records.detailed``, with its relations.

        ``sizes`` says how many records each list holds in all, where the
        lists were loaded cut short; without it, the lists are whole.
        """
        data = getattr(self, f"{kind_of(entry)}_detail")(entry)
        if sizes is None:
            sizes = {name: len(data[name]) for name, *_ in records.LISTS[type(entry)]}
        return {**data, "counts": sizes, "lists": self.full_lists(entry)}

    def full_lists(self, entry):
        """The API lists that give, page by page, all the events and agreements an actor or venue has."""
        kind = kind_of(entry)
        if kind not in ("actor", "venue"):
            return {}
        return {f"{each}s": self.list_url(each, **{kind: entry.slug}) for each in ("event", "agreement")}

    def event_detail(self, event):
        return {
            **self.event(event),
            **self.entry_detail(event),
            "summary": event.summary,
            "summary_html": event.summary_html,
            "outcome": event.outcome,
            "part_of": self.ref(event.parent),
            "parts": self.refs(event.public_parts),
            "participants": self.participants(event.public_participations),
            "agreements": self.refs(event.public_agreements),
        }

    def agreement(self, agreement):
        return {
            **self.entry(agreement),
            "status": agreement.status,
            "status_label": agreement.get_status_display(),
            "date": self.date(agreement),
            "venue": self.ref(agreement.venue),
            "period": self.ref(agreement.period),
        }

    def agreement_detail(self, agreement):
        return {
            **self.agreement(agreement),
            **self.entry_detail(agreement),
            "summary": agreement.summary,
            "summary_html": agreement.summary_html,
            "produced_by": self.ref(agreement.event),
            "participants": self.participants(agreement.public_participations),
        }

    def actor(self, actor):
        return {
            **self.entry(actor),
            "kind": actor.kind,
            "description": actor.description,
            "belongs_to": self.ref(actor.affiliation),
        }

    def actor_detail(self, actor):
        return {
            **self.actor(actor),
            **self.entry_detail(actor),
            "members": self.refs(actor.public_affiliates),
            "participations": [
                {"kind": kind_of(p.target), "target": self.ref(p.target), **self.participant_fields(p)}
                for p in actor.public_participations
            ],
        }

    def venue(self, venue):
        coordinates = None
        if venue.has_coordinates:
            coordinates = {"latitude": float(venue.latitude), "longitude": float(venue.longitude)}
        return {
            **self.entry(venue),
            "kind": venue.kind,
            "located_in": self.ref(venue.located_in),
            "coordinates": coordinates,
        }

    def venue_detail(self, venue):
        return {
            **self.venue(venue),
            **self.entry_detail(venue),
            "places_within": self.refs(venue.public_places_within),
            "events": self.refs(venue.public_events),
            "agreements": self.refs(venue.public_agreements),
        }

    # ------------------------------------------------------------ the rest

    def tag(self, tag):
        return {**self.ref(tag), "entry_count": tag.entry_count}

    def tag_detail(self, tag, counts):
        return {
            **self.tag(tag),
            "description": tag.description,
            "description_html": tag.description_html,
            "counts": counts,
            "entries": {
                kind: self.list_url(kind, tag=tag.slug) for kind in ("event", "agreement", "actor", "venue")
            },
            "citations": self.citations(tag.citations.all()),
        }

    def source(self, source):
        return {
            **self.ref(source),
            "link": source.url,
            "date": self.date(source),
            "author": self.ref(source.author),
            "publisher": self.ref(source.publisher),
        }

    def quotation(self, citation, target):
        return {
            "quote": citation.quote,
            "locator": citation.locator,
            "cited_by": self.ref(target),
            "cited_by_kind": kind_of(target),
        }

    def source_detail(self, source, quotations, count=None):
        """``quotations``: (citation, what it backs) pairs; ``count``: how many in all, if not all given."""
        return {
            **self.source(source),
            "quotations": [self.quotation(citation, target) for citation, target in quotations],
            "quotation_count": len(quotations) if count is None else count,
            "all_quotations": self.absolute(f"{api_path('source', source.slug)}quotations/"),
        }

    def period(self, period):
        return {**self.ref(period), "date": self.date(period)}

    def period_detail(self, period):
        return {
            **self.period(period),
            "summary": period.summary,
            "summary_html": period.summary_html,
            "citations": self.citations(period.citations.all()),
            "events": self.list_url("event", period=period.slug),
            "agreements": self.list_url("agreement", period=period.slug),
        }
