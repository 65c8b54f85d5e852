"""Published entries with everything their detail shows, loaded in a fixed number of queries.

The API's detail operations and the dataset download both read entries
through ``detailed()``, so both show the same relations, drafts left out.
"""

from django.db.models import Prefetch

from kb.citations import citations_with_sources
from kb.models import Actor, Agreement, Event, Participation, Venue


def _public(lookup, model):
    return Prefetch(lookup, queryset=model.objects.published(), to_attr=f"public_{lookup}")


def _participations():
    return Prefetch(
        "participations", queryset=Participation.objects.as_shown(), to_attr="public_participations"
    )


RELATIONS = {
    Event: {
        "select": ("venue", "period", "parent"),
        "prefetch": lambda: (_participations(), _public("parts", Event), _public("agreements", Agreement)),
    },
    Agreement: {
        "select": ("venue", "period", "event"),
        "prefetch": lambda: (_participations(),),
    },
    Actor: {
        "select": ("affiliation",),
        "prefetch": lambda: (_participations(), _public("affiliates", Actor)),
    },
    Venue: {
        "select": ("located_in",),
        "prefetch": lambda: (
            _public("places_within", Venue),
            _public("events", Event),
            _public("agreements", Agreement),
        ),
    },
}


def detailed(model):
    relations = RELATIONS[model]
    return (
        model.objects.published()
        .select_related(*relations["select"])
        .prefetch_related("tags", citations_with_sources(), *relations["prefetch"]())
    )
