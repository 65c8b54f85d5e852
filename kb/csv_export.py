"""Lists and search results as CSV: UTF-8, a header row, and no cell a spreadsheet would run.

A cell that begins with ``=``, ``+``, ``-`` or ``@``, also after spaces or
line breaks (which some spreadsheets trim before reading a formula), or that
begins with a tab or a line break, is prefixed with an apostrophe, as OWASP
advises against CSV injection. Numbers are written as numbers and left alone.
"""

import csv

from django.db.models import Prefetch
from django.http import StreamingHttpResponse

from kb.models import Actor, Agreement, Event, Participation, Venue, public_or_none

FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r", "\n")
CHUNK_SIZE = 500


def escape_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and (
        value.startswith(CONTROL_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def _public_name(related):
    shown = public_or_none(related)
    return shown.name if shown else ""


def tag_names(entry):
    return "; ".join(sorted(tag.name for tag in entry.tags.all()))


def _participants(entry):
    return "; ".join(
        f"{participation.actor.name} ({participation.get_role_display().lower()})"
        for participation in entry.participations.all()
    )


DATE_COLUMNS = [
    ("date (EDTF)", lambda e: e.date),
    ("date as worded", lambda e: e.date_display),
    ("first day", lambda e: e.date_start and e.date_start.isoformat()),
    ("last day", lambda e: e.date_end and e.date_end.isoformat()),
]

COLUMNS = {
    Event: [
        ("kind", lambda e: e.get_kind_display()),
        ("status", lambda e: e.get_status_display()),
        *DATE_COLUMNS,
        ("venue", lambda e: _public_name(e.venue)),
        ("period", lambda e: e.period.name if e.period else ""),
        ("participants (role)", _participants),
        ("outcome", lambda e: e.outcome),
    ],
    Agreement: [
        ("status", lambda e: e.get_status_display()),
        *DATE_COLUMNS,
        ("venue", lambda e: _public_name(e.venue)),
        ("produced by", lambda e: _public_name(e.event)),
        ("period", lambda e: e.period.name if e.period else ""),
        ("participants (role)", _participants),
    ],
    Actor: [
        ("kind", lambda e: e.get_kind_display()),
        ("description", lambda e: e.description),
        ("belongs to", lambda e: _public_name(e.affiliation)),
    ],
    Venue: [
        ("kind", lambda e: e.get_kind_display()),
        ("located in", lambda e: _public_name(e.located_in)),
        ("latitude", lambda e: e.latitude),
        ("longitude", lambda e: e.longitude),
    ],
}
RELATED = {Event: ("venue", "period"), Agreement: ("venue", "event", "period"), Actor: ("affiliation",)}


def _choice(entry, field):
    display = getattr(entry, f"get_{field}_display", None)
    return display() if display else ""


def _if_dated(value):
    return lambda entry: value(entry) if hasattr(entry, "date_start") else ""


# Search mixes the four kinds, so its rows keep to what they have in common, blank where a kind lacks it.
MIXED_COLUMNS = [
    ("type", lambda e: e._meta.verbose_name),
    ("kind", lambda e: _choice(e, "kind")),
    ("status", lambda e: _choice(e, "status")),
    *[(title, _if_dated(value)) for title, value in DATE_COLUMNS],
    ("venue", lambda e: _public_name(getattr(e, "venue", None))),
    ("period", lambda e: e.period.name if getattr(e, "period", None) else ""),
]


def header(model=None):
    """The header row for a list of ``model``, or for search results (no model) with their rank first."""
    columns = COLUMNS[model] if model else MIXED_COLUMNS
    return [
        *([] if model else ["rank"]),
        "name",
        "slug",
        "url",
        *[t for t, _ in columns],
        "tags",
        "Wikidata ID",
    ]


def row(entry, absolute, rank=None):
    columns = COLUMNS[type(entry)] if rank is None else MIXED_COLUMNS
    values = [] if rank is None else [rank]
    values += [entry.name, entry.slug, absolute(entry.get_absolute_url())]
    values += [value(entry) for _, value in columns]
    values += [tag_names(entry), entry.wikidata_id]
    return values


def for_rows(queryset):
    """``queryset`` with what its rows show loaded in a fixed number of queries per chunk."""
    model = queryset.model
    queryset = queryset.select_related(*RELATED.get(model, ())).prefetch_related("tags")
    if model in (Event, Agreement):
        queryset = queryset.prefetch_related(
            Prefetch("participations", queryset=Participation.objects.as_shown())
        )
    return queryset


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value):
        return value


def streaming_csv(filename, lines):
    """A download of ``lines`` (lists of cells), escaped, streamed as it is written."""
    writer = csv.writer(_Echo())
    body = (writer.writerow([escape_cell(cell) for cell in line]) for line in lines)
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
