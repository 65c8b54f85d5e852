"""Long lists inside an entry's page come a page at a time, and every entry stays reachable."""

import re

import pytest
from django.test import RequestFactory

from kb import graph
from kb.models import Event, PublicationStatus
from kb.sublists import SubList
from tests.factories import (
    make_actor,
    make_agreement,
    make_citation,
    make_event,
    make_participation,
    make_source,
    make_venue,
)
from tests.reader import page

pytestmark = pytest.mark.django_db


def linked_names(html, prefix):
    return re.findall(rf">({prefix} \d+)</a>", html)


@pytest.fixture
def busy_actor():
    actor = make_actor(slug="busy-actor")
    for day in range(1, 61):
        event = make_event(
            name=f"Meeting {day:02d}", date=f"2016-03-{day:02d}" if day <= 31 else f"2016-04-{day - 31:02d}"
        )
        make_participation(actor=actor, event=event)
    make_participation(actor=actor, agreement=make_agreement(name="Accord 1"))
    return actor


def test_an_actors_events_come_fifty_at_a_time_in_date_order(client, busy_actor):
    first = page(client, "/actors/busy-actor/")
    assert linked_names(first, "Meeting") == [f"Meeting {day:02d}" for day in range(1, 51)]
    assert "1–50 of 60" in first
    assert 'href="?events_page=2#events-heading"' in first
    assert "Accord 1" in first
    assert 'href="/events/?actor=busy-actor"' in first

    second = page(client, "/actors/busy-actor/?events_page=2")
    assert linked_names(second, "Meeting") == [f"Meeting {day:02d}" for day in range(51, 61)]
    assert "51–60 of 60" in second
    assert "Accord 1" in second


@pytest.mark.parametrize(
    ("asked_for", "shown"),
    [("abc", "1–50"), ("0", "1–50"), ("-4", "1–50"), ("2.5", "1–50"), ("7", "51–60"), ("9" * 40, "51–60")],
)
def test_an_odd_page_number_shows_the_first_or_the_last_page(client, busy_actor, asked_for, shown):
    html = page(client, f"/actors/busy-actor/?events_page={asked_for}")
    assert f"{shown} of 60" in html


def test_drafts_are_neither_listed_nor_counted(client, busy_actor):
    make_participation(
        actor=busy_actor, event=make_event(name="Meeting 99", publication_status=PublicationStatus.DRAFT)
    )
    html = page(client, "/actors/busy-actor/?events_page=2")
    assert "51–60 of 60" in html
    assert "Meeting 99" not in html


def test_a_venue_lists_what_happened_in_places_within_it_too(client):
    country = make_venue(slug="a-country", name="A Country")
    capital = make_venue(name="Its Capital", located_in=country)
    make_event(name="Meeting 1", venue=capital)
    make_event(name="Meeting 2", venue=country)
    html = page(client, "/venues/a-country/")
    assert linked_names(html, "Meeting") == ["Meeting 1", "Meeting 2"]
    assert "(in Its Capital)" in html


def test_a_source_lists_what_cites_it_by_kind_a_page_at_a_time(client):
    source = make_source(slug="a-long-report")
    for day in range(1, 56):
        make_citation(
            make_event(name=f"Meeting {day:02d}", date=f"2017-01-{min(day, 28):02d}"), source=source
        )
    make_citation(make_actor(name="Actor 1"), source=source, quote="Actor 1 spoke.")
    make_citation(make_actor(name="Actor 2", publication_status=PublicationStatus.DRAFT), source=source)
    html = page(client, "/sources/a-long-report/")
    assert re.search(r"Events <span class=\"muted\">\(55\)</span>", html)
    assert re.search(r"Actors <span class=\"muted\">\(1\)</span>", html)
    assert len(linked_names(html, "Meeting")) == 50
    assert "Actor 1 spoke." in html and "Actor 2" not in html
    assert 'href="?events_page=2#cited-events"' in html
    assert len(linked_names(page(client, "/sources/a-long-report/?events_page=2"), "Meeting")) == 5


def test_connections_list_the_earliest_links_and_say_how_many_there_are(client, busy_actor, monkeypatch):
    monkeypatch.setattr(graph, "MAX_LINKS", 5)
    html = page(client, "/actors/busy-actor/connections/")
    assert "The earliest 5 of 61 links" in html
    assert linked_names(html, "Meeting") == [f"Meeting {day:02d}" for day in range(1, 6)]


def test_a_draft_place_within_a_venue_is_not_named(client):
    country = make_venue(slug="a-country", name="A Country")
    hidden = make_venue(
        name="Unannounced Palace", located_in=country, publication_status=PublicationStatus.DRAFT
    )
    make_event(name="Meeting 1", venue=hidden)
    html = page(client, "/venues/a-country/")
    assert linked_names(html, "Meeting") == ["Meeting 1"]
    assert "Unannounced Palace" not in html


def test_a_list_chosen_from_no_keys_is_shown_empty():
    events = SubList(
        RequestFactory().get("/", {"events_page": "3"}), Event.objects.filter(pk__in=[]), "events_page", "a"
    )
    assert (events.total, list(events), events.page.number) == (0, [], 1)
