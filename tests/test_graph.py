import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from kb.graph import LABEL_CHAR_WIDTH, LABEL_HEIGHT, ROW_HEIGHT, build_graph, participations_for
from kb.models import Actor, Participation, Period, PublicationStatus, Tag
from tests.factories import make_actor, make_event, make_participation

pytestmark = pytest.mark.django_db


def svg_of(html):
    return html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_whole_graph_links_every_public_participation(client):
    html = client.get("/connections/").content.decode()
    svg = svg_of(html)
    public = Participation.objects.public()
    assert svg.count("<line ") == public.count()
    assert html.split('id="links-heading"')[1].count("<tr>") == public.count() + 1
    for actor in Actor.objects.published().filter(participations__isnull=False).distinct():
        assert f'href="{actor.get_absolute_url()}"' in svg
    assert 'href="/events/proposed-peace-talks-in-minsk/"' in svg
    assert "Invitee (offered, not held)" in svg
    assert "graph__edge--offered" in svg


def draw(participations):
    template = Template('{% include "includes/graph.html" with caption="Test" %}')
    return svg_of(template.render(Context({"graph": build_graph(participations)})))


def test_the_same_data_always_draws_the_same_picture_whatever_order_it_arrives_in():
    participations = participations_for()
    forwards, backwards = participations.order_by("pk"), participations.order_by("-pk")
    assert list(forwards) != list(backwards)
    assert draw(forwards) == draw(backwards) == draw(participations.order_by("role", "-pk"))


def test_actors_are_drawn_in_name_order_and_events_in_date_order():
    graph = build_graph(participations_for())
    names = [node.entry.name.lower() for node in graph.actors]
    assert names == sorted(names)
    dated = [node.entry.date_start for node in graph.targets if node.entry.date_start]
    assert dated == sorted(dated)
    assert graph.targets[-1].entry.date_start is None
    assert overlapping_labels(graph.edges) == 0


def test_filtering_by_period_keeps_only_that_periods_links(client):
    svg = svg_of(client.get("/connections/?period=proposal-2025").content.decode())
    assert "/events/proposed-peace-talks-in-minsk/" in svg
    assert "/events/minsk-summit-august-2014/" not in svg
    period = Period.objects.get(slug="proposal-2025")
    assert svg.count("<line ") == participations_for(period=period).count()


def test_filtering_by_tag_keeps_only_tagged_entries(client):
    svg = svg_of(client.get("/connections/?tag=new-media").content.decode())
    assert "/events/lukashenka-nawfal-interview/" in svg
    assert "/events/minsk-summit-august-2014/" not in svg


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("period=no-such-period", "There is no period “no-such-period”"),
        ("tag=no-such-tag&tag=", "There is no tag “no-such-tag”; it was left out."),
        ("period=%00&tag=%FF", "There is no period"),
    ],
)
def test_unknown_filters_are_reported_and_ignored(client, query, notice):
    response = client.get(f"/connections/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert notice in html
    assert svg_of(html).count("<line ") == Participation.objects.public().count()


def test_an_actor_page_shows_their_neighbourhood_with_them_highlighted(client):
    html = client.get("/actors/donald-trump/connections/").content.decode()
    svg = svg_of(html)
    assert "graph__node--focus" in svg
    assert "/actors/vladimir-putin/" in svg and "/actors/volodymyr-zelenskyy/" in svg
    assert "/events/minsk-summit-august-2014/" not in svg
    assert client.get("/actors/no-such-actor/connections/").status_code == 404


def test_an_event_page_shows_everyone_in_it_and_what_else_they_did(client):
    svg = svg_of(client.get("/events/lukashenka-nawfal-interview/connections/").content.decode())
    assert svg.count("graph__node--focus") == 1
    assert "/actors/mario-nawfal/" in svg and "/actors/alyaksandr-lukashenka/" in svg
    assert "/events/proposed-peace-talks-in-minsk/" in svg
    assert "/actors/yauheni-preiherman/" not in svg
    assert client.get("/agreements/no-such-agreement/connections/").status_code == 404


def test_drafts_stay_out_of_the_graph(client):
    hidden = make_actor(name="Hidden envoy", publication_status=PublicationStatus.DRAFT)
    make_participation(actor=hidden, event=make_event(name="Visible meeting"), role="mediator")
    html = client.get("/connections/").content.decode()
    assert "Hidden envoy" not in html
    assert client.get(f"/actors/{hidden.slug}/connections/").status_code == 404


def test_five_hundred_nodes_keep_a_row_each_and_cost_the_same_queries():
    tag = Tag.objects.create(name="scale test")
    actors = [make_actor(name=f"Scale actor {number:03d}") for number in range(250)]
    for number in range(250):
        event = make_event(name=f"Scale event {number:03d}", tags=[tag])
        make_participation(actor=actors[number], event=event, role="party")
        make_participation(actor=actors[(number * 7) % 250], event=event, role="mediator")
    with CaptureQueriesContext(connection) as queries:
        graph = build_graph(participations_for(tags=[tag]))
    assert len(queries) == 2, "the links, and how many there are"
    assert len(graph.nodes) == 500 and graph.total_links == len(graph.edges) == 500
    for column in (graph.actors, graph.targets):
        rows = [node.y for node in column]
        assert all(later - earlier == ROW_HEIGHT for earlier, later in zip(rows, rows[1:], strict=False))


def overlapping_labels(edges):
    boxes = [
        (
            e.label_x - len(e.label) * LABEL_CHAR_WIDTH / 2,
            e.label_y - LABEL_HEIGHT,
            e.label_x + len(e.label) * LABEL_CHAR_WIDTH / 2,
            e.label_y,
        )
        for e in edges
    ]
    return sum(
        1
        for index, a in enumerate(boxes)
        if any(
            a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            for b in boxes[:index] + boxes[index + 1 :]
        )
    )


def test_a_graph_too_large_to_draw_asks_for_a_filter_and_keeps_the_table(client):
    tag = Tag.objects.create(name="crowded")
    for number in range(80):
        make_participation(actor=make_actor(name=f"Crowd actor {number:02d}"), event=make_event(tags=[tag]))
    html = client.get("/connections/").content.decode()
    assert "too many to draw legibly" in html
    assert "<svg" not in html.split('id="links-heading"')[0].split("</header>")[1]
    assert html.split('id="links-heading"')[1].count("<tr>") == Participation.objects.public().count() + 1
    narrowed = client.get("/connections/?tag=new-media").content.decode()
    assert "too many to draw legibly" not in narrowed and "graph__svg" in narrowed


def test_more_than_ten_tags_are_cut_with_a_notice(client):
    query = "&".join(f"tag=t{number}" for number in range(12))
    html = client.get(f"/connections/?{query}").content.decode()
    assert "At most 10 tags can be combined; only the first 10 were used." in html
