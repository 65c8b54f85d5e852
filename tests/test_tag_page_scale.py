"""A tag page stays short however many entries carry the tag, and says where the rest are."""

import html
import re

import pytest

from kb.models import Period, PublicationStatus
from kb.periods import SHOWN_PER_GROUP
from tests.factories import make_actor, make_event, make_participation
from tests.reader import page

pytestmark = pytest.mark.django_db

THEME = "scale theme"
TAG_PAGE = "/tags/scale-theme/"
MINSK_TALKS = "minsk-talks-2014-2020"
PROPOSAL = "proposal-2025"


def sections(tag_page):
    """Each period group's heading mapped to the HTML of its section."""
    found = re.findall(r'<h2 id="group-\d+">(.*?)</h2>(.*?)</section>', tag_page, flags=re.DOTALL)
    return {html.unescape(heading): body for heading, body in found}


def cards_in(section):
    return re.findall(r'<h3 class="card__title"><a href="([^"]+)"', section)


def crowd(period, count, **kwargs):
    return [
        make_event(
            name=f"Crowded meeting {number:02d}", date=f"2016-03-{number:02d}", period=period, **kwargs
        )
        for number in range(1, count + 1)
    ]


def test_a_crowded_period_shows_only_the_first_cards_and_links_to_its_filtered_list(client):
    period = Period.objects.get(slug=MINSK_TALKS)
    events = crowd(period, SHOWN_PER_GROUP + 3, tags=[THEME])
    make_event(name="Untagged meeting", period=period)
    make_event(name="Tagged meeting of 2025", period=Period.objects.get(slug=PROPOSAL), tags=[THEME])

    group = sections(page(client, TAG_PAGE))[period.name]

    assert cards_in(group) == [event.get_absolute_url() for event in events[:SHOWN_PER_GROUP]]
    assert f"The first {SHOWN_PER_GROUP} of {len(events)} entries" in group
    link = f"/events/?tag=scale-theme&amp;period={MINSK_TALKS}"
    assert f'<a href="{link}">{len(events)} events</a>' in group
    listed = page(client, html.unescape(link))
    assert events[-1].get_absolute_url() in listed
    assert "Untagged meeting" not in listed
    assert "Tagged meeting of 2025" not in listed


def test_the_page_states_every_entry_and_links_to_each_kind_listed_by_tag(client):
    period = Period.objects.get(slug=MINSK_TALKS)
    events = crowd(period, SHOWN_PER_GROUP + 1, tags=[THEME])
    actor = make_actor(name="Scale negotiator", tags=[THEME])

    tag_page = page(client, TAG_PAGE)

    assert f"{len(events) + 1} entries, grouped by period." in tag_page
    assert '<a href="/actors/?tag=scale-theme">1 actor</a>' in tag_page
    assert actor.get_absolute_url() in page(client, "/actors/?tag=scale-theme")
    assert f'<a href="/events/?tag=scale-theme">{len(events)} events</a>' in tag_page
    assert events[-1].get_absolute_url() in page(client, "/events/?tag=scale-theme")


def test_an_actor_in_both_periods_still_bridges_them_when_the_periods_are_crowded(client):
    then, now = Period.objects.get(slug=MINSK_TALKS), Period.objects.get(slug=PROPOSAL)
    crowd(then, SHOWN_PER_GROUP + 2, tags=[THEME])
    bridge = make_actor(name="Zz bridging envoy", tags=[THEME])
    make_participation(actor=bridge, event=make_event(period=then))
    make_participation(actor=bridge, event=make_event(period=now))
    only_then = make_actor(name="Minsk-only envoy", tags=[THEME])
    make_participation(actor=only_then, event=make_event(period=then))

    groups = sections(page(client, TAG_PAGE))

    both = groups[f"Both {then.name} and {now.name}"]
    assert cards_in(both) == [bridge.get_absolute_url()]
    assert "1 entry: " in both
    assert only_then.get_absolute_url() not in both


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW])
def test_an_unpublished_entry_never_appears_and_does_not_count(client, status):
    then, now = Period.objects.get(slug=MINSK_TALKS), Period.objects.get(slug=PROPOSAL)
    published = crowd(then, 2, tags=[THEME])
    make_event(
        name="Secret early meeting", date="2015-01-01", period=then, tags=[THEME], publication_status=status
    )
    make_actor(name="Secret envoy", tags=[THEME], publication_status=status)
    envoy = make_actor(name="Open envoy", tags=[THEME])
    make_participation(actor=envoy, event=published[0])
    make_participation(actor=envoy, event=make_event(period=now, publication_status=status))

    tag_page = page(client, TAG_PAGE)
    groups = sections(tag_page)

    assert "Secret" not in tag_page
    assert "3 entries, grouped by period." in tag_page
    assert list(groups) == [then.name]
    assert "3 entries: " in groups[then.name]
    assert f'<a href="/events/?tag=scale-theme&amp;period={MINSK_TALKS}">2 events</a>' in groups[then.name]
    assert cards_in(groups[then.name]) == [event.get_absolute_url() for event in published] + [
        envoy.get_absolute_url()
    ]
