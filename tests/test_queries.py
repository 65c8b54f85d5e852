"""Each page type runs as many queries with 10 rows as with 10,000, and no more than its budget.

The rows are synthetic, made by ``generate_kb`` inside a transaction that is
rolled back afterwards, so every other test still finds the article's seed.
Each page type is measured on the entry that most strains it at each size:
the busiest actor, the venue with the most events, the series with the most
parts, the last page of each list.
"""

import math

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from kb.models import Actor, Agreement, Event, EventKind, Period, Source, Tag, Venue
from tests.factories import empty_knowledge_base

# The mark makes pytest-django create the test database even when this module runs alone.
pytestmark = pytest.mark.django_db

SIZES = {
    # Enough actors and venues for people who belong to states and buildings within cities.
    10: {"events": 10, "agreements": 10, "actors": 30, "venues": 80, "tags": 10},
    10_000: {"events": 10_000, "agreements": 2_500, "actors": 1_000, "venues": 333, "tags": 60},
}

# The most queries each page type may run. Search and the timeline count every
# facet over several kinds of entry, which takes more.
BUDGETS = {
    "home": 18,
    "event list": 16,
    "event list, last page": 16,
    "event list, filtered": 20,
    "agreement list": 15,
    "agreement list, last page": 15,
    "actor list": 12,
    "actor list, last page": 12,
    "actor list, filtered": 14,
    "venue list": 12,
    "venue list, last page": 12,
    # A detail page reads its entry alone, and what its kept parts show only when it renders them: the
    # venue, the series and the period are then read one by one, where joining them to the entry would
    # cost every later request 2.4 ms.
    "event": 17,
    "agreement": 15,
    "actor": 16,
    "venue": 15,
    "tag list": 6,
    "tag": 12,
    "tag feed": 9,
    "latest feed": 8,
    "period list": 6,
    "period": 10,
    "source list": 6,
    "source": 14,
    # Each shown actor's first entries in each role are ranked on narrow rows, then read: one query
    # more than reading them as they are ranked, and 0.4 s less with 100,000 events.
    "then and now": 21,
    "connections": 12,
    "connections, filtered": 14,
    "actor connections": 10,
    "event connections": 10,
    "map": 6,
    "search": 43,
    "search, filtered": 45,
    "search, misspelt": 45,
    "timeline": 31,
    "timeline, filtered": 34,
    "open data": 8,
    "API event list": 8,
    "API event list, last page": 8,
    "API event list, filtered": 12,
    "API agreement list": 8,
    "API actor list": 8,
    "API venue list": 8,
    "API tag list": 6,
    "API period list": 6,
    "API source list": 6,
    "API event": 10,
    "API agreement": 10,
    "API actor": 10,
    "API venue": 10,
    "API tag": 10,
    "API period": 10,
    "API source": 10,
    "API source quotations": 10,
}


def most(queryset, relation):
    return queryset.annotate(links=Count(relation)).order_by("-links", "pk").first()


def last_page(model):
    return max(1, math.ceil(model.objects.published().count() / settings.KB_PAGE_SIZE))


def page_types():
    """Each page type's address, on the entries of this size that strain it most."""
    published = {model: model.objects.published() for model in (Event, Agreement, Actor, Venue)}
    series = most(published[Event].filter(kind=EventKind.MEETING_SERIES), "parts")
    agreement = most(published[Agreement], "participations")
    actor = most(published[Actor], "participations")
    venue = most(published[Venue], "events")
    tag = most(Tag.objects.all(), "tagged_entries")
    period = Period.objects.order_by("date_start").first()
    source = Source.objects.get()
    found = published[Event].filter(period=period).exclude(tags=None).first()
    filters = f"tag={tag.slug}&period={period.slug}&actor={actor.slug}&venue={venue.slug}&from=2014&to=2020"
    return {
        "home": "/",
        "event list": "/events/",
        "event list, last page": f"/events/?page={last_page(Event)}",
        "event list, filtered": f"/events/?{filters}&status=held",
        "agreement list": "/agreements/",
        "agreement list, last page": f"/agreements/?page={last_page(Agreement)}",
        "actor list": "/actors/",
        "actor list, last page": f"/actors/?page={last_page(Actor)}",
        "actor list, filtered": f"/actors/?kind=state&tag={actor.tags.first().slug}",
        "venue list": "/venues/",
        "venue list, last page": f"/venues/?page={last_page(Venue)}",
        "event": series.get_absolute_url(),
        "agreement": agreement.get_absolute_url(),
        "actor": actor.get_absolute_url(),
        "venue": venue.get_absolute_url(),
        "tag list": "/tags/",
        "tag": f"/tags/{tag.slug}/",
        "tag feed": f"/tags/{tag.slug}/feed/",
        "latest feed": "/feeds/latest/",
        "period list": "/periods/",
        "period": f"/periods/{period.slug}/",
        "source list": "/sources/",
        "source": f"/sources/{source.slug}/",
        "then and now": "/then-and-now/",
        "connections": "/connections/",
        "connections, filtered": f"/connections/?period={period.slug}&tag={tag.slug}",
        "actor connections": f"{actor.get_absolute_url()}connections/",
        "event connections": f"{series.get_absolute_url()}connections/",
        "map": "/map/",
        "search": f"/search/?q={tag.name}",
        "search, filtered": (
            f"/search/?q={found.name}&type=event&period={period.slug}&tag={found.tags.first().slug}"
        ),
        "search, misspelt": f"/search/?q={misspelt(found.name)}",
        "timeline": "/timeline/",
        "timeline, filtered": f"/timeline/?tag={tag.slug}&actor={actor.slug}",
        "open data": "/data/",
        "API event list": "/api/v1/events/?page_size=100",
        "API event list, last page": f"/api/v1/events/?page={last_page(Event)}",
        "API event list, filtered": f"/api/v1/events/?{filters}",
        "API agreement list": "/api/v1/agreements/?page_size=100",
        "API actor list": "/api/v1/actors/?page_size=100",
        "API venue list": "/api/v1/venues/?page_size=100",
        "API tag list": "/api/v1/tags/?page_size=100",
        "API period list": "/api/v1/periods/",
        "API source list": "/api/v1/sources/",
        "API event": f"/api/v1/events/{series.slug}/",
        "API agreement": f"/api/v1/agreements/{agreement.slug}/",
        "API actor": f"/api/v1/actors/{actor.slug}/",
        "API venue": f"/api/v1/venues/{venue.slug}/",
        "API tag": f"/api/v1/tags/{tag.slug}/",
        "API period": f"/api/v1/periods/{period.slug}/",
        "API source": f"/api/v1/sources/{source.slug}/",
        "API source quotations": f"/api/v1/sources/{source.slug}/quotations/?page=2&page_size=100",
    }


def misspelt(name):
    """The name with a letter of its longest word doubled, as a hurried reader might type it."""
    word = max(name.split(), key=len)
    return name.replace(word, word[:2] + word[1:], 1)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(context.captured_queries)


@pytest.fixture(scope="module")
def query_counts(django_db_setup, django_db_blocker):
    """{page type: {size: (queries of the first request, queries of the next)}}, pages rendered each time."""
    counts = {}
    with django_db_blocker.unblock(), override_settings(KB_PAGE_CACHE_SECONDS=0):
        for size, options in SIZES.items():
            with transaction.atomic():
                empty_knowledge_base()
                call_command("generate_kb", seed=1, verbosity=0, **options)
                cache.clear()
                client = Client()
                for name, url in page_types().items():
                    first = queries_for(client, url)
                    counts.setdefault(name, {})[size] = (first, queries_for(client, url))
                transaction.set_rollback(True)
    cache.clear()
    return counts


def test_every_page_type_measured_has_a_budget(query_counts):
    assert set(query_counts) == set(BUDGETS)


# Search ranks and counts at most TIER_LIMIT matches of each tier; past that it
# skips work, so with 10,000 rows it may run fewer queries than with 10, never more.
SKIPS_WORK_AT_SCALE = ("search", "search, filtered", "search, misspelt")


@pytest.mark.parametrize("page_type", BUDGETS)
def test_queries_stay_flat_from_10_to_10000_rows_and_within_budget(query_counts, page_type):
    small, large = (query_counts[page_type][size] for size in SIZES)
    if page_type in SKIPS_WORK_AT_SCALE:
        flat = all(at_scale <= at_ten for at_ten, at_scale in zip(small, large, strict=True))
    else:
        flat = large == small
    assert flat, f"{page_type}: {small} queries at 10 rows (first request, next), {large} at 10,000"
    assert small[1] <= BUDGETS[page_type], (
        f"{page_type} runs {small[1]} queries; its budget is {BUDGETS[page_type]}"
    )
