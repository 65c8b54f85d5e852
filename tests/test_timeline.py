"""The timeline: marks at their dates' real precision, periods, offers, filters and busy years."""

import datetime
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from kb.facets import Filters
from kb.models import Event, EventKind, EventStatus, Period, PublicationStatus
from kb.timeline import LABEL_GAP, YEAR_LIMIT, YEAR_WIDTH, build_timeline
from tests.factories import make_event

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)


def lay_out(*events, today=TODAY):
    filters = Filters(QueryDict(""), models=(Event,))
    queryset = Event.objects.filter(pk__in=[event.pk for event in events])
    return build_timeline({Event: queryset}, Period.objects.all(), filters, today=today)


def mark_of(timeline, event):
    return next(mark for mark in timeline.marks if mark.entry.pk == event.pk)


def svg_of(client, path):
    html = client.get(path).content.decode()
    return html[html.index("<svg") : html.index("</svg>")] if "<svg" in html else ""


def test_a_day_is_a_dot_at_that_day():
    day = make_event(date="2016-05-04")
    timeline = lay_out(day)
    mark = mark_of(timeline, day)
    assert mark.is_dot
    assert mark.x == timeline.scale.x(datetime.date(2016, 5, 4))


def test_a_month_spans_exactly_its_month():
    month = make_event(date="2016-05")
    timeline = lay_out(month)
    mark = mark_of(timeline, month)
    scale = timeline.scale
    assert not mark.is_dot
    assert mark.x == scale.x(datetime.date(2016, 5, 1))
    assert mark.x + mark.width == pytest.approx(scale.x(datetime.date(2016, 6, 1)), abs=0.11)
    assert mark.width == pytest.approx(31 * YEAR_WIDTH / 365.25, abs=0.2)


def test_a_year_and_a_series_span_their_years():
    year = make_event(date="2016")
    series = make_event(date="2015/2020", name="A series")
    timeline = lay_out(year, series)
    scale = timeline.scale
    assert mark_of(timeline, year).x == scale.x(datetime.date(2016, 1, 1))
    assert mark_of(timeline, year).width == pytest.approx(YEAR_WIDTH, abs=0.3)
    assert mark_of(timeline, series).x == scale.x(datetime.date(2015, 1, 1))
    assert mark_of(timeline, series).width == pytest.approx(6 * YEAR_WIDTH, abs=0.5)


def test_the_drawing_places_each_mark_where_the_layout_says(client):
    day = make_event(date="2016-05-04", slug="a-day")
    month = make_event(date="2016-05", slug="a-month")
    svg = svg_of(client, "/timeline/")
    day_x = lay_out(day, month).scale.x(datetime.date(2016, 5, 4))
    assert re.search(rf'href="/events/a-day/"[^>]*>\s*<title>[^<]*</title>\s*<circle [^>]*cx="{day_x}"', svg)
    month_x = lay_out(day, month).scale.x(datetime.date(2016, 5, 1))
    assert re.search(rf'href="/events/a-month/"[^>]*>\s*<title>[^<]*</title>\s*<rect [^>]*x="{month_x}"', svg)


def test_marks_and_labels_never_overlap_in_a_lane():
    events = [
        make_event(date=f"{2014 + n % 12}-{1 + n % 12:02d}", name=f"Event number {n}") for n in range(60)
    ]
    timeline = lay_out(*events)
    by_lane = {}
    for mark in timeline.marks:
        by_lane.setdefault(mark.lane, []).append(mark)
    for marks in by_lane.values():
        marks.sort(key=lambda m: m.left_x)
        for before, after in zip(marks, marks[1:], strict=False):
            assert before.end_x + LABEL_GAP <= after.left_x


def test_every_published_dated_event_links_to_its_entry_and_drafts_do_not_appear(client):
    make_event(date="2019-03", slug="a-draft", publication_status=PublicationStatus.DRAFT)
    svg = svg_of(client, "/timeline/")
    for event in Event.objects.published().filter(date_start__isnull=False):
        assert f'href="{event.get_absolute_url()}"' in svg, event.slug
    assert "/events/a-draft/" not in svg
    undated = Event.objects.published().filter(date_start__isnull=True).count()
    assert f"{undated} events without a date" in client.get("/timeline/").content.decode()


def test_offers_are_drawn_differently_from_held_events(client):
    svg = svg_of(client, "/timeline/")
    offer = re.search(
        r'href="/events/proposed-peace-talks-in-minsk/".*?class="(timeline__mark[^"]*)"', svg, re.S
    )
    held = re.search(r'href="/events/minsk-summit-february-2015/".*?class="(timeline__mark[^"]*)"', svg, re.S)
    offer, held = offer.group(1), held.group(1)
    assert "timeline__mark--offered" in offer
    assert "timeline__mark--offered" not in held
    assert Event.objects.get(slug="proposed-peace-talks-in-minsk").status == EventStatus.OFFERED


def test_both_periods_are_shaded_and_labelled(client):
    svg = svg_of(client, "/timeline/")
    timeline = lay_out()
    for period in Period.objects.all():
        x = timeline.scale.x(period.date_start)
        assert re.search(rf'<rect class="timeline__band[^"]*" x="{x}"', svg), period.slug
        assert f">{period.name}</text>" in svg


def test_the_timeline_is_filtered_by_tag_and_actor(client):
    tagged = {e.get_absolute_url() for e in Event.objects.published().filter(tags__slug="new-media")}
    svg = svg_of(client, "/timeline/?tag=new-media")
    assert set(re.findall(r'href="(/events/[^"]+)"', svg)) == tagged
    trump = set(
        Event.objects.published()
        .filter(participations__actor__slug="donald-trump", date_start__isnull=False)
        .values_list("slug", flat=True)
    )
    svg = svg_of(client, "/timeline/?actor=donald-trump")
    assert {href.split("/")[2] for href in re.findall(r'href="(/events/[^"]+)"', svg)} == trump


def add_events_in(year, count):
    Event.objects.bulk_create(
        Event(
            name=f"Generated {year} {number}",
            slug=f"generated-{year}-{number}",
            kind=EventKind.MEETING,
            date=f"{year}-03-{1 + number % 28:02d}",
            date_start=datetime.date(year, 3, 1 + number % 28),
            date_end=datetime.date(year, 3, 1 + number % 28),
            publication_status=PublicationStatus.PUBLISHED,
        )
        for number in range(count)
    )


def test_a_busy_year_becomes_one_counted_bar_linking_to_its_list(client):
    add_events_in(2017, 1000)
    html = client.get("/timeline/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "Generated 2017" not in svg
    assert re.search(
        r'<a href="/events/\?from=2017&amp;to=2017"[^>]*>\s*<title>1000 events in 2017: see the list</title>',
        svg,
    )
    assert svg.count("<a ") < 40
    assert '<a href="/events/?from=2017&amp;to=2017">1000 events in 2017</a>' in html


def test_a_year_at_the_limit_is_still_drawn_mark_by_mark(client):
    add_events_in(2018, YEAR_LIMIT)
    svg = svg_of(client, "/timeline/")
    assert svg.count('href="/events/generated-2018-') == YEAR_LIMIT
    assert "events in 2018" not in svg


def test_a_cluster_link_keeps_the_other_filters(client):
    add_events_in(2017, YEAR_LIMIT + 1)
    svg = svg_of(client, "/timeline/?status=held&from=2010")
    assert 'href="/events/?status=held&amp;from=2017&amp;to=2017"' in svg


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_timeline_runs_as_many_queries_with_a_thousand_events_as_with_ten(client, rendered_every_time):
    add_events_in(2016, 10)
    before = queries_for(client, "/timeline/?tag=peace-talks")
    few = queries_for(client, "/timeline/")
    add_events_in(2019, 1000)
    assert queries_for(client, "/timeline/") == few
    assert queries_for(client, "/timeline/?tag=peace-talks") == before


@pytest.mark.parametrize(
    "query", ["tag=%FF", "actor=%00", "from=abc&to=1e9", "period=../../", "status=<b>", "type=actor"]
)
def test_odd_filters_on_the_timeline_are_reported_not_fatal(client, query):
    response = client.get(f"/timeline/?{query}")
    assert response.status_code == 200
    assert 'class="note"' in response.content.decode()


def test_labels_near_the_right_edge_move_so_they_stay_on_the_drawing():
    late = make_event(date="2026-10-01", name="A late event with a long enough name")
    early = make_event(date="2016-10-01", name="An early event with a long enough name")
    to_today = make_event(date="2014/2026", name="A series that runs until today")
    timeline = lay_out(late, early, to_today)
    assert mark_of(timeline, late).label_place == "left"
    assert mark_of(timeline, early).label_place == "right"
    assert mark_of(timeline, to_today).label_place == "inside"
    for mark in timeline.marks:
        assert mark.left_x >= 0 and mark.end_x <= timeline.width, mark.entry.name


def test_future_and_far_future_entries_are_left_off_with_a_note(client):
    make_event(date="2027-05", slug="next-year")
    make_event(date="9999", slug="far-future")
    response = client.get("/timeline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/events/next-year/" not in html and "/events/far-future/" not in html
    assert "2 events dated after today are not on the timeline" in html


def test_many_long_spans_do_not_push_the_key_events_off(client):
    for number in range(20):
        make_event(date="2016/2018", name=f"Long span {number}")
    html = client.get("/timeline/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    listing = html[html.index('id="by-year"') :]
    for slug in ("minsk-summit-february-2015", "minsk-summit-august-2014"):
        assert f"/events/{slug}/" in svg
    for number in range(20):
        assert f"Long span {number}<" in listing
    assert "not drawn for lack of room" in listing


def test_tag_period_and_actor_pages_link_to_their_timeline(client):
    assert 'href="/timeline/?tag=neutral-venue"' in client.get("/tags/neutral-venue/").content.decode()
    period_page = client.get("/periods/minsk-talks-2014-2020/").content.decode()
    assert 'href="/timeline/?period=minsk-talks-2014-2020"' in period_page
    actor_page = client.get("/actors/alyaksandr-lukashenka/").content.decode()
    assert 'href="/timeline/?actor=alyaksandr-lukashenka"' in actor_page
    svg = svg_of(client, "/timeline/?actor=alyaksandr-lukashenka")
    assert 'href="/events/proposed-peace-talks-in-minsk/"' in svg
