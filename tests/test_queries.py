"""Each page runs the same number of queries however many rows it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.models import Actor, Event, Period, Source, Venue
from tests.factories import (
    make_actor,
    make_agreement,
    make_citation,
    make_event,
    make_participation,
    make_venue,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/events/",
    "/agreements/",
    "/actors/",
    "/venues/",
    "/tags/",
    "/tags/neutral-venue/",
    "/periods/",
    "/periods/minsk-talks-2014-2020/",
    "/sources/",
    "/sources/belarus-offers-to-host-peace-talks/",
    "/then-and-now/",
    "/connections/",
    "/map/",
    "/connections/?period=minsk-talks-2014-2020&tag=peace-talks",
    "/actors/belarus/connections/",
    "/events/proposed-peace-talks-in-minsk/connections/",
    "/events/minsk-peace-talks-2014-2020/",
    "/events/proposed-peace-talks-in-minsk/",
    "/agreements/minsk-ii-agreements/",
    "/actors/alyaksandr-lukashenka/",
    "/actors/belarus/",
    "/venues/minsk/",
    "/venues/belarus/",
    "/events/?tag=peace-talks&tag=neutral-venue&period=minsk-talks-2014-2020&from=2014&to=2020"
    "&actor=alyaksandr-lukashenka&venue=belarus&status=held&kind=meeting",
    "/actors/?kind=person&tag=peace-talks",
    "/search/?q=minsk",
    "/search/?q=minsk+summit&type=event&period=minsk-talks-2014-2020&tag=peace-talks",
    "/search/?q=Trilateral+Contact+Grup",
    "/timeline/",
    "/timeline/?tag=peace-talks&actor=alyaksandr-lukashenka",
    "/api/v1/events/?page_size=100",
    "/api/v1/events/?tag=peace-talks&period=minsk-talks-2014-2020&from=2014&actor=alyaksandr-lukashenka"
    "&venue=belarus&status=held&kind=meeting",
    "/api/v1/agreements/?page_size=100",
    "/api/v1/actors/?page_size=100",
    "/api/v1/venues/?page_size=100",
    "/api/v1/tags/?page_size=100",
    "/api/v1/periods/",
    "/api/v1/sources/",
    "/api/v1/events/minsk-peace-talks-2014-2020/",
    "/api/v1/events/proposed-peace-talks-in-minsk/",
    "/api/v1/agreements/minsk-ii-agreements/",
    "/api/v1/actors/alyaksandr-lukashenka/",
    "/api/v1/actors/belarus/",
    "/api/v1/venues/minsk/",
    "/api/v1/venues/belarus/",
    "/api/v1/tags/neutral-venue/",
    "/api/v1/periods/minsk-talks-2014-2020/",
    "/api/v1/sources/belarus-offers-to-host-peace-talks/",
]

# Search and the timeline count every facet over several kinds of entry, which
# takes more queries; the number still does not grow with the rows.
BUDGETS = {"/search/": 50, "/timeline/": 40}
DEFAULT_BUDGET = 25

TAGS = ["neutral venue", "peace talks", "good offices"]


def grow(rows):
    """Add ``rows`` of everything the pages above show, all linked to the seeded entries."""
    series = Event.objects.get(slug="minsk-peace-talks-2014-2020")
    offer = Event.objects.get(slug="proposed-peace-talks-in-minsk")
    minsk = Venue.objects.get(slug="minsk")
    belarus_state = Actor.objects.get(slug="belarus")
    lukashenka = Actor.objects.get(slug="alyaksandr-lukashenka")
    period = Period.objects.get(slug="minsk-talks-2014-2020")
    article = Source.objects.get(slug="belarus-offers-to-host-peace-talks")
    for _ in range(rows):
        event = make_event(venue=minsk, parent=series, period=period, tags=TAGS)
        make_participation(actor=lukashenka, event=event, role="host")
        make_participation(event=event, role="party")
        actor = make_actor(affiliation=belarus_state, tags=TAGS)
        make_participation(actor=actor, event=offer, role="invitee")
        make_participation(actor=actor, event=series, role="negotiator")
        agreement = make_agreement(venue=minsk, event=event, period=period, tags=TAGS)
        make_participation(actor=actor, agreement=agreement, role="signatory")
        make_venue(located_in=Venue.objects.get(slug="belarus"), tags=TAGS)
        for target in (event, actor, agreement, offer, series):
            make_citation(target, source=article, quote="Minsk hosted major summits")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_query_count_stays_flat_as_rows_grow(client, rendered_every_time, url):
    grow(1)
    queries_for(client, url)
    before = queries_for(client, url)
    grow(12)
    after = queries_for(client, url)
    assert after == before, f"{url}: {before} queries before, {after} after adding rows"
    budget = next((limit for prefix, limit in BUDGETS.items() if url.startswith(prefix)), DEFAULT_BUDGET)
    assert before <= budget, f"{url} runs {before} queries"
