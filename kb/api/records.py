"""Published entries with everything their detail shows, loaded in a fixed number of queries.

The API's detail operations and the dataset download both read entries
through ``detailed()``, so both show the same relations, drafts left out. The
API shows the first ``limit`` of each list of related records, with how many
there are in all; the dataset shows them all.
"""

from django.db.models import Prefetch

from kb.citations import citations_with_sources
from kb.models import Actor, Agreement, Event, Participation, Venue

# The API's detail shows at most this many records of each list, with how many there are.
MAX_EMBEDDED = 100


def _published(model):
    return model.objects.published


def _shown_in_date_order():
    return Participation.objects.as_shown().in_date_order()


# Each list of related records: its name in the API, the reverse relation it
# follows, the field on the other side, and the public records of that kind.
LISTS = {
    Event: (
        ("parts", "parts", "parent", _published(Event)),
        ("participants", "participations", "event", Participation.objects.as_shown),
        ("agreements", "agreements", "event", _published(Agreement)),
    ),
    Agreement: (("participants", "participations", "agreement", Participation.objects.as_shown),),
    Actor: (
        ("members", "affiliates", "affiliation", _published(Actor)),
        ("participations", "participations", "actor", _shown_in_date_order),
    ),
    Venue: (
        ("places_within", "places_within", "located_in", _published(Venue)),
        ("events", "events", "venue", _published(Event)),
        ("agreements", "agreements", "venue", _published(Agreement)),
    ),
}
RELATED = {
    Event: ("venue", "period", "parent"),
    Agreement: ("venue", "period", "event"),
    Actor: ("affiliation",),
    Venue: ("located_in",),
}


def detailed(model, limit=None):
    """Published ``model`` entries; with ``limit``, each list of related records holds at most that many."""
    lists = [
        Prefetch(lookup, queryset=public()[:limit] if limit else public(), to_attr=f"public_{lookup}")
        for _, lookup, _, public in LISTS[model]
    ]
    return (
        model.objects.published()
        .select_related(*RELATED[model])
        .prefetch_related("tags", citations_with_sources(), *lists)
    )


def list_sizes(entry):
    """How many public records each of the entry's lists holds in all, by the lists' names in the API."""
    return {name: public().filter(**{field: entry}).count() for name, _, field, public in LISTS[type(entry)]}
