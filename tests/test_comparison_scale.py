"""The then-and-now page stays short however large a period grows, and still says what it left out."""

import pytest
from django.db import connection

from kb import comparison
from kb.models import Actor, EventStatus, Participation, Period, PublicationStatus
from tests.factories import make_actor, make_event, make_participation, make_venue
from tests.reader import page

pytestmark = pytest.mark.django_db

THEN = "minsk-talks-2014-2020"


def comparison_page(client):
    return page(client, "/then-and-now/")


def then_side(html):
    return html.split('id="bridge-heading"')[0]


def now_side(html):
    return html.split('id="now-heading"')[1]


def test_a_crowded_period_lists_only_the_cap_and_links_to_the_rest(client):
    period = Period.objects.get(slug=THEN)
    for number in range(comparison.EVENTS_SHOWN + 5):
        make_event(name=f"Crowded meeting {number:02d}", period=period, date="1990-01-01")
    total = period.events.published().count()
    html = then_side(comparison_page(client))
    events = html.split('class="compare__events"')[1].split("</ul>")[0]
    assert events.count("<li>") == comparison.EVENTS_SHOWN
    assert f'href="/events/?period={THEN}">All {total} events of {period.name}</a>' in html


def test_a_busy_actor_shows_a_few_entries_per_role_and_links_to_the_rest(client):
    period = Period.objects.get(slug=THEN)
    busy = make_actor(name="Busy mediator", slug="busy-mediator")
    for number in range(comparison.ENTRIES_PER_ROLE + 4):
        event = make_event(
            name=f"Mediated round {number:02d}", period=period, date=f"2015-01-{number + 1:02d}"
        )
        make_participation(actor=busy, event=event, role="mediator")
    html = then_side(comparison_page(client))
    row = html.split('/actors/busy-mediator/">Busy mediator</a>')[1].split("</tr>")[0]
    assert row.count("Mediated round") == comparison.ENTRIES_PER_ROLE
    assert "Mediated round 00" in row and "Mediated round 06" not in row
    assert f'href="/events/?actor=busy-mediator&amp;period={THEN}">4 more</a>' in row


def test_a_venue_with_only_proposals_in_2025_is_marked_proposed_only(client):
    now = Period.objects.last()
    venue = make_venue(name="Lakeside hall", slug="lakeside-hall")
    make_event(name="Hoped-for round", venue=venue, period=now, status=EventStatus.PROPOSED, date="2025-06")
    html = now_side(comparison_page(client))
    assert (
        '/venues/lakeside-hall/">Lakeside hall</a> <span class="muted">(proposed venue only)</span>' in html
    )


def test_drafts_never_reach_the_page(client):
    period = Period.objects.get(slug=THEN)
    hidden = make_actor(name="Hidden envoy", publication_status=PublicationStatus.DRAFT)
    make_participation(actor=hidden, event=period.events.published().first(), role="mediator")
    draft = make_event(name="Secret side meeting", period=period, publication_status=PublicationStatus.DRAFT)
    make_participation(actor=Actor.objects.get(slug="belarus"), event=draft, role="host")
    html = comparison_page(client)
    assert "Hidden envoy" not in html
    assert "Secret side meeting" not in html


def test_a_participation_deleted_while_the_page_is_drawn_is_left_out(client):
    period = Period.objects.get(slug=THEN)
    busy = make_actor(name="Busy mediator", slug="busy-mediator")
    rounds = [
        make_event(name=f"Mediated round {number}", period=period, date=f"2015-01-0{number + 1}")
        for number in range(2)
    ]
    first, _ = (make_participation(actor=busy, event=event, role="mediator") for event in rounds)

    def delete_after_ranking(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if '"role_total"' in sql and first.pk:
            Participation.objects.filter(pk=first.pk).delete()
            first.pk = None
        return result

    with connection.execute_wrapper(delete_after_ranking):
        html = then_side(comparison_page(client))
    row = html.split('/actors/busy-mediator/">Busy mediator</a>')[1].split("</tr>")[0]
    assert "Mediated round 1" in row
    assert "Mediated round 0" not in row
