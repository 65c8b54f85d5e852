"""Every detail page describes its entry in schema.org JSON-LD, which a JSON-LD processor expands."""

import html
import json
import re

import pytest
from pyld import jsonld

from kb.linked_data import ATTENDING_ROLES, schema_dates
from kb.models import (
    ENTRY_MODELS,
    Actor,
    Agreement,
    Event,
    EventStatus,
    PublicationStatus,
    Role,
    Venue,
)
from tests.admin_forms import change_form_data, resave
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

SCHEMA = "http://schema.org/"
SITE = "http://testserver"
HOSTILE = "</script><script>alert(1)</script>"
# Wikidata's own sandbox item, for entries made up by a test.
SANDBOX_ITEM = "Q4115189"
DRAFT = PublicationStatus.DRAFT


def schema_org_context_offline(url, options=None):
    """schema.org's published context maps every term onto its vocabulary; nothing else may be fetched."""
    if url != "https://schema.org":
        raise AssertionError(f"The JSON-LD asked to load {url}")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA}},
    }


def json_ld_text(content):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.DOTALL)
    assert len(scripts) == 1, "expected exactly one JSON-LD script element"
    return scripts[0]


class Graph:
    """An expanded JSON-LD document, read by schema.org property names."""

    def __init__(self, document):
        expanded = jsonld.expand(document, {"documentLoader": schema_org_context_offline})
        self.nodes = list(_nodes_in(expanded))
        self.by_id = {}
        for node in self.nodes:
            if "@id" in node and len(node) > 1:
                self.by_id.setdefault(node["@id"], {}).update(node)

    @classmethod
    def of_page(cls, client, url):
        return cls(json.loads(json_ld_text(page(client, url))))

    @property
    def page(self):
        (item_page,) = self.of_type("ItemPage")
        return item_page

    @property
    def main_entity(self):
        (entity,) = self.objects(self.page, "mainEntity")
        return entity

    def of_type(self, name):
        return [node for node in self.nodes if SCHEMA + name in node.get("@type", [])]

    def objects(self, node, name):
        """The nodes a property points to, references to a node described elsewhere resolved."""
        return [
            self.by_id.get(item["@id"], item) if set(item) == {"@id"} else item
            for item in node.get(SCHEMA + name, [])
        ]

    def holders(self, node, name):
        """(name, role name) of each actor a Role in ``name`` points to."""
        pairs = []
        for role in self.objects(node, name):
            assert role["@type"] == [SCHEMA + "Role"]
            (actor,) = self.objects(role, name)
            pairs.append((values(actor, "name")[0], values(role, "roleName")[0]))
        return pairs


def _nodes_in(value):
    if isinstance(value, list):
        for item in value:
            yield from _nodes_in(item)
    elif isinstance(value, dict) and "@value" not in value:
        yield value
        for key, item in value.items():
            if not key.startswith("@"):
                yield from _nodes_in(item)


def values(node, name):
    """A property's literal values, or the addresses it names."""
    return [item.get("@value", item.get("@id")) for item in node.get(SCHEMA + name, [])]


def types(node):
    return [name.removeprefix(SCHEMA) for name in node["@type"]]


def published_entries():
    return [entry for model in ENTRY_MODELS for entry in model.objects.published()]


def participants_shown(content):
    """(actor, role) in each row of the page's "Who took part" table."""
    section = content[content.index('id="participants-heading"') :]
    section = section[: section.index("</section>")]
    rows = re.findall(r'<td><a href="[^"]*">([^<]*)</a></td>\s*<td data-label="Role">([^<]*)', section)
    return [(html.unescape(name), role.strip()) for name, role in rows]


# ------------------------------------------------------------------ every page


def test_every_published_detail_page_expands_to_its_entry_and_its_quotations(client):
    entries = published_entries()
    assert len(entries) > 40
    for entry in entries:
        url = SITE + entry.get_absolute_url()
        graph = Graph.of_page(client, entry.get_absolute_url())
        main = graph.main_entity
        assert main["@id"] == f"{url}#{entry._meta.model_name}"
        assert values(main, "name") == [entry.name]
        quotations = graph.of_type("Quotation")
        assert sorted(q for quotation in quotations for q in values(quotation, "text")) == sorted(
            citation.quote for citation in entry.citations.all()
        ), url
        for quotation in quotations:
            (source,) = graph.objects(quotation, "isPartOf")
            assert values(source, "name") == ["Belarus Offers to Host Peace Talks between Russia and Ukraine"]


def test_a_quotation_names_its_source_its_author_and_its_publisher(client):
    graph = Graph.of_page(client, "/events/minsk-summit-february-2015/")
    (first, *_) = graph.of_type("Quotation")
    (source,) = graph.objects(first, "isPartOf")
    assert types(source) == ["CreativeWork"]
    assert values(source, "datePublished") == ["2025-03-19"]
    assert [values(author, "name") for author in graph.objects(source, "author")] == [["Yauheni Preiherman"]]
    assert [values(outlet, "name") for outlet in graph.objects(source, "publisher")] == [
        ["Eurasia Daily Monitor"]
    ]


# ------------------------------------------------------------------ events


def test_the_minsk_ii_summit_is_a_held_event_dated_to_the_month(client):
    summit = Event.objects.get(slug="minsk-summit-february-2015")
    assert summit.date == "2015-02"
    event = Graph.of_page(client, summit.get_absolute_url()).main_entity
    assert types(event) == ["Event"]
    assert values(event, "startDate") == ["2015-02"]
    assert values(event, "endDate") == []
    assert values(event, "eventStatus") == ["https://schema.org/EventScheduled"]
    assert values(event, "url") == [SITE + summit.get_absolute_url()]


def test_an_event_is_located_at_its_venue_within_its_country(client):
    graph = Graph.of_page(client, "/events/minsk-summit-february-2015/")
    (place,) = graph.objects(graph.main_entity, "location")
    assert types(place) == ["City"]
    assert values(place, "name") == ["Minsk"]
    assert values(place, "url") == [f"{SITE}/venues/minsk/"]
    assert [values(country, "name") for country in graph.objects(place, "containedInPlace")] == [["Belarus"]]


def test_a_period_gives_its_first_and_last_year(client):
    event = Graph.of_page(client, "/events/minsk-peace-talks-2014-2020/").main_entity
    assert (values(event, "startDate"), values(event, "endDate")) == (["2014"], ["2020"])


def test_an_online_format_is_a_virtual_location(client):
    graph = Graph.of_page(client, "/events/contact-group-moves-online/")
    (place,) = graph.objects(graph.main_entity, "location")
    assert types(place) == ["VirtualLocation"]
    assert values(place, "name") == ["Online"]


def test_parts_and_series_link_both_ways(client):
    series = Graph.of_page(client, "/events/minsk-peace-talks-2014-2020/")
    assert f"{SITE}/events/minsk-summit-february-2015/#event" in [
        part["@id"] for part in series.objects(series.main_entity, "subEvent")
    ]
    summit = Graph.of_page(client, "/events/minsk-summit-february-2015/")
    assert [parent["@id"] for parent in summit.objects(summit.main_entity, "superEvent")] == [
        f"{SITE}/events/minsk-peace-talks-2014-2020/#event"
    ]
    assert [values(work, "name") for work in summit.objects(summit.main_entity, "recordedIn")] == [
        ["Minsk II agreements"]
    ]


def test_at_held_events_hosts_organise_and_those_present_attend_in_the_roles_the_page_shows(client):
    present = {role.label for role in ATTENDING_ROLES} | {Role.HOST.label}
    checked = 0
    for event in Event.objects.published().filter(status=EventStatus.HELD):
        content = page(client, event.get_absolute_url())
        graph = Graph(json.loads(json_ld_text(content)))
        organizers = graph.holders(graph.main_entity, "organizer")
        attendees = graph.holders(graph.main_entity, "attendee")
        assert {role for _, role in organizers} <= {Role.HOST.label}
        assert Role.HOST.label not in {role for _, role in attendees}
        shown = [(name, role) for name, role in participants_shown(content) if role in present]
        assert sorted(organizers + attendees) == sorted(shown), event.slug
        checked += len(organizers + attendees)
    assert checked > 20


def test_an_author_or_publisher_is_not_an_attendee(client):
    graph = Graph.of_page(client, "/events/article-publication/")
    assert graph.holders(graph.main_entity, "attendee") == []


def test_the_2025_offer_is_not_presented_as_a_meeting_that_took_place(client):
    offer = Event.objects.get(status=EventStatus.OFFERED)
    event = Graph.of_page(client, offer.get_absolute_url()).main_entity
    assert values(event, "eventStatus") == []
    # Its date is when it was offered, not when anybody would meet.
    assert values(event, "startDate") == []
    (description,) = values(event, "description")
    assert description.startswith("Offered, not held. Date of the offer: 27 February 2025. ")
    # Nobody met, so nobody organised, attended or met anywhere; the page mentions whom it names.
    for absent in ("location", "organizer", "attendee"):
        assert values(event, absent) == [], absent
    graph = Graph.of_page(client, offer.get_absolute_url())
    mentioned = {values(node, "name")[0] for node in graph.objects(graph.page, "mentions")}
    assert {
        "Donald Trump",
        "Vladimir Putin",
        "Volodymyr Zelenskyy",
        "Alyaksandr Lukashenka",
        "Minsk",
    } <= mentioned


def test_a_proposal_says_it_was_proposed_and_not_held(client):
    proposal = make_event(status=EventStatus.PROPOSED, date="2030", summary="Talks in *Minsk* & Vienna.")
    event = Graph.of_page(client, proposal.get_absolute_url()).main_entity
    assert values(event, "eventStatus") == []
    assert values(event, "description") == [
        "Proposed, not held. Date of the proposal: 2030. Talks in Minsk & Vienna."
    ]


# ------------------------------------------------------------------ agreements, actors, venues


def test_an_agreement_is_a_creative_work_made_at_its_venue_and_its_summit(client):
    minsk_ii = Agreement.objects.get(slug="minsk-ii-agreements")
    graph = Graph.of_page(client, minsk_ii.get_absolute_url())
    agreement = graph.main_entity
    assert types(agreement) == ["CreativeWork"]
    assert values(agreement, "creativeWorkStatus") == ["Defunct"]
    assert values(agreement, "dateCreated") == [minsk_ii.date]
    assert [values(place, "name") for place in graph.objects(agreement, "locationCreated")] == [["Minsk"]]
    assert [event["@id"] for event in graph.objects(agreement, "recordedAt")] == [
        f"{SITE}/events/minsk-summit-february-2015/#event"
    ]


def test_an_agreement_names_who_took_part_in_which_role(client):
    agreement = make_agreement()
    make_participation(agreement=agreement, actor=Actor.objects.get(slug="ukraine"), role=Role.SIGNATORY)
    make_participation(agreement=agreement, actor=Actor.objects.get(slug="osce"), role=Role.MEDIATOR)
    content = page(client, agreement.get_absolute_url())
    graph = Graph(json.loads(json_ld_text(content)))
    contributors = graph.holders(graph.main_entity, "contributor")
    assert contributors == [
        ("Ukraine", "Signatory"),
        ("Organization for Security and Cooperation in Europe", "Mediator"),
    ]
    assert sorted(contributors) == sorted(participants_shown(content))


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("alyaksandr-lukashenka", "Person"),
        ("belarus", "GovernmentOrganization"),
        ("osce", "Organization"),
        ("trilateral-contact-group", "Organization"),
        ("eurasia-daily-monitor", "NewsMediaOrganization"),
    ],
)
def test_each_kind_of_actor_has_its_schema_org_type(client, slug, expected):
    actor = Graph.of_page(client, f"/actors/{slug}/").main_entity
    assert types(actor) == [expected]


def test_a_person_is_affiliated_and_an_organisation_has_a_parent(client):
    person = Graph.of_page(client, "/actors/alyaksandr-lukashenka/")
    assert values(person.main_entity, "alternateName") == ["Lukashenko"]
    assert values(person.main_entity, "description") == ["President of Belarus"]
    assert [values(state, "name") for state in person.objects(person.main_entity, "affiliation")] == [
        ["Belarus"]
    ]
    group = Graph.of_page(client, "/actors/trilateral-contact-group/")
    assert [values(parent, "name") for parent in group.objects(group.main_entity, "parentOrganization")] == [
        ["Organization for Security and Cooperation in Europe"]
    ]


def test_a_venue_is_a_place_with_its_coordinates(client):
    palace = make_venue(
        kind="building", located_in=Venue.objects.get(slug="minsk"), latitude="53.90454", longitude="27.55915"
    )
    graph = Graph.of_page(client, palace.get_absolute_url())
    assert types(graph.main_entity) == ["Place"]
    (geo,) = graph.objects(graph.main_entity, "geo")
    assert (values(geo, "latitude"), values(geo, "longitude")) == ([53.90454], [27.55915])
    assert [values(city, "name") for city in graph.objects(graph.main_entity, "containedInPlace")] == [
        ["Minsk"]
    ]


# ------------------------------------------------------------------ Wikidata


def test_an_actor_with_a_wikidata_id_is_the_same_as_its_wikidata_item_wherever_named(client):
    Actor.objects.filter(slug="belarus").update(wikidata_id="Q184")
    actor = Graph.of_page(client, "/actors/belarus/").main_entity
    assert values(actor, "sameAs") == ["https://www.wikidata.org/wiki/Q184"]
    summit = Graph.of_page(client, "/events/minsk-summit-february-2015/")
    (role,) = summit.objects(summit.main_entity, "organizer")
    (host,) = summit.objects(role, "organizer")
    assert values(host, "sameAs") == ["https://www.wikidata.org/wiki/Q184"]


@pytest.mark.parametrize("make_entry", [make_event, make_agreement, make_actor, make_venue])
def test_a_wikidata_id_is_shown_as_a_link_and_given_as_same_as(client, make_entry):
    entry = make_entry(wikidata_id=SANDBOX_ITEM)
    content = page(client, entry.get_absolute_url())
    link = f'<a href="https://www.wikidata.org/wiki/{SANDBOX_ITEM}" rel="external">{SANDBOX_ITEM}</a>'
    assert link in content
    main = Graph(json.loads(json_ld_text(content))).main_entity
    assert values(main, "sameAs") == [f"https://www.wikidata.org/wiki/{SANDBOX_ITEM}"]


def test_without_a_wikidata_id_there_is_no_link_and_no_same_as(client):
    content = page(client, "/actors/russia/")
    assert "wikidata" not in content.lower()
    assert values(Graph(json.loads(json_ld_text(content))).main_entity, "sameAs") == []


def test_the_admin_takes_a_pasted_wikidata_address_and_keeps_the_id(admin_client):
    belarus = Actor.objects.get(slug="belarus")
    resave(admin_client, belarus, wikidata_id="https://www.wikidata.org/wiki/Q184")
    assert Actor.objects.get(pk=belarus.pk).wikidata_id == "Q184"


def post_change_form(client, entry, **changes):
    url = f"/admin/kb/{entry._meta.model_name}/{entry.pk}/change/"
    form = change_form_data(page(client, url))
    form.update(changes)
    return client.post(url, form)


def test_the_admin_refuses_what_is_not_a_wikidata_id(admin_client):
    belarus = Actor.objects.get(slug="belarus")
    response = post_change_form(admin_client, belarus, wikidata_id="X12")
    assert response.status_code == 200
    assert "A Wikidata ID is a Q followed by digits, e.g. Q184 for Belarus." in response.content.decode()
    assert Actor.objects.get(pk=belarus.pk).wikidata_id == ""


def test_the_admin_refuses_a_wikidata_id_another_entry_of_the_kind_has(admin_client):
    Actor.objects.filter(slug="russia").update(wikidata_id="Q184")
    belarus = Actor.objects.get(slug="belarus")
    response = post_change_form(admin_client, belarus, wikidata_id="Q184")
    assert response.status_code == 200
    assert "Another entry of this kind already has this Wikidata ID." in response.content.decode()
    assert Actor.objects.get(pk=belarus.pk).wikidata_id == ""


def test_an_actor_and_a_venue_may_share_a_wikidata_item(admin_client):
    Venue.objects.filter(slug="belarus").update(wikidata_id="Q184")
    belarus = Actor.objects.get(slug="belarus")
    resave(admin_client, belarus, wikidata_id="Q184")
    assert Actor.objects.get(pk=belarus.pk).wikidata_id == "Q184"


# ------------------------------------------------------------------ what never gets out


def test_nothing_unpublished_is_named_on_a_published_page(client):
    hidden_venue = make_venue(name="Hidden Palace", publication_status=DRAFT)
    hidden_series = make_event(name="Hidden Series", publication_status=DRAFT)
    event = make_event(venue=hidden_venue, parent=hidden_series)
    make_participation(event=event, actor=make_actor(name="Hidden Envoy", publication_status=DRAFT))
    make_participation(event=event, actor=make_actor(name="Known Envoy"))
    hidden_author = make_actor(name="Hidden Author", publication_status=DRAFT)
    make_citation(event, source=make_source(author=hidden_author, date="2016-05-04"))
    text = json_ld_text(page(client, event.get_absolute_url()))
    assert "Known Envoy" in text
    for name in ("Hidden Palace", "Hidden Series", "Hidden Envoy", "Hidden Author"):
        assert name not in text


@pytest.mark.parametrize("kind", ["actor", "event"])
def test_a_hostile_name_stays_inside_the_json(client, kind):
    actor = make_actor(name=HOSTILE, description=HOSTILE, alternative_names=HOSTILE)
    event = make_event(name=HOSTILE, summary=HOSTILE)
    make_participation(event=event, actor=actor, note=HOSTILE)
    content = page(client, (actor if kind == "actor" else event).get_absolute_url())
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", content, re.DOTALL)
    assert content.count("<script") == content.count("</script>") == len(scripts)
    inline = [attributes for attributes, _ in scripts if " src=" not in attributes]
    assert inline == [' type="application/ld+json"']
    text = json_ld_text(content)
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in text
    assert json.loads(text)["name"] == HOSTILE


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2015-02-11", ("2015-02-11", "")),
        ("2014-08", ("2014-08", "")),
        ("2021", ("2021", "")),
        ("2015/2020", ("2015", "2020")),
        ("2014-08/2015-02-11", ("2014-08", "2015-02-11")),
        ("2020?", ("", "")),
        ("2022-02~", ("", "")),
        ("2004-06%", ("", "")),
        ("2015/2020?", ("2015", "")),
        ("", ("", "")),
    ],
)
def test_schema_dates_keep_the_stored_precision_and_leave_out_what_is_uncertain(edtf, expected):
    assert schema_dates(edtf) == expected
