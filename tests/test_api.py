"""The read-only JSON API at /api/v1/: lists, filters, details, drafts, errors and conditional GET."""

import pytest
from django.utils.http import http_date

from kb.api.records import MAX_EMBEDDED
from kb.models import Actor, Agreement, Event, PublicationStatus, Source, Tag, Venue
from tests.factories import make_actor, make_citation, make_event, make_participation, make_venue

pytestmark = pytest.mark.django_db

OFFER = "proposed-peace-talks-in-minsk"
MINSK_II = "minsk-ii-agreements"


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def slugs(page):
    return [record["slug"] for record in page["results"]]


def every_slug(client, url):
    found, next_url = [], url
    while next_url:
        page = get_json(client, next_url)
        found += slugs(page)
        next_url = page["next"]
    return found


@pytest.mark.parametrize("kind", ["events", "agreements", "actors", "venues"])
def test_each_list_holds_exactly_the_published_entries(client, kind):
    model = {"events": Event, "agreements": Agreement, "actors": Actor, "venues": Venue}[kind]
    found = every_slug(client, f"/api/v1/{kind}/?page_size=5")
    assert len(found) == len(set(found)) == get_json(client, f"/api/v1/{kind}/")["count"]
    assert set(found) == set(model.objects.published().values_list("slug", flat=True))


def test_lists_paginate_with_links_that_keep_the_filters(client):
    first = get_json(client, "/api/v1/events/?page_size=4&tag=peace-talks")
    assert first["page"] == 1 and first["previous"] is None
    assert first["pages"] == -(-first["count"] // 4)
    assert "tag=peace-talks" in first["next"] and "page=2" in first["next"]
    second = get_json(client, first["next"])
    assert second["previous"].startswith("http://testserver/api/v1/events/")
    assert not set(slugs(first)) & set(slugs(second))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=offered", {OFFER}),
        ("period=proposal-2025&actor=donald-trump", {OFFER}),
        ("kind=summit", {"minsk-summit-august-2014", "minsk-summit-february-2015"}),
        ("actor=alyaksandr-lukashenka", {OFFER, "lukashenka-nawfal-interview"}),
    ],
)
def test_event_filters_match_the_seed(client, query, expected):
    assert set(every_slug(client, f"/api/v1/events/?{query}")) == expected


def test_filters_answer_as_the_public_list_does(client):
    query = "tag=neutral-venue&from=2015&to=2025&venue=belarus"
    html = client.get(f"/events/?{query}").content.decode()
    found = every_slug(client, f"/api/v1/events/?{query}")
    assert found
    for slug in found:
        assert f"/events/{slug}/" in html
    assert html.count('class="card"') == len(found)


def test_several_tags_narrow_to_entries_with_every_one(client):
    both = set(every_slug(client, "/api/v1/events/?tag=neutral-venue&tag=peace-talks"))
    neutral = set(every_slug(client, "/api/v1/events/?tag=neutral-venue"))
    talks = set(every_slug(client, "/api/v1/events/?tag=peace-talks"))
    assert both == neutral & talks


def test_an_offer_is_marked_as_an_offer(client):
    offer = get_json(client, f"/api/v1/events/{OFFER}/")
    assert offer["status"] == "offered"
    assert offer["status_label"] == "Offered, not held"
    assert offer["date"] == {
        "edtf": "2025-02-27",
        "label": "27 February 2025",
        "first_day": "2025-02-27",
        "last_day": "2025-02-27",
    }


def test_event_detail_carries_its_relations(client):
    offer = get_json(client, f"/api/v1/events/{OFFER}/")
    roles = {(p["actor"]["slug"], p["role"]) for p in offer["participants"]}
    assert {("alyaksandr-lukashenka", "proposer"), ("belarus", "host"), ("donald-trump", "invitee")} <= roles
    assert offer["venue"]["slug"] == "minsk"
    assert offer["venue"]["url"] == "http://testserver/venues/minsk/"
    assert offer["period"]["slug"] == "proposal-2025"
    assert "neutral-venue" in {tag["slug"] for tag in offer["tags"]}
    assert any("I am waiting for him here for talks" in c["quote"] for c in offer["citations"])
    assert offer["url"] == f"http://testserver/events/{OFFER}/"
    assert offer["api_url"] == f"http://testserver/api/v1/events/{OFFER}/"


def test_month_precision_is_kept(client):
    minsk_ii = get_json(client, f"/api/v1/agreements/{MINSK_II}/")
    assert minsk_ii["date"]["edtf"] == "2015-02"
    assert minsk_ii["date"]["label"] == "February 2015"
    assert minsk_ii["produced_by"]["slug"] == "minsk-summit-february-2015"


def test_summit_lists_the_agreement_it_produced(client):
    summit = get_json(client, "/api/v1/events/minsk-summit-february-2015/")
    assert MINSK_II in {agreement["slug"] for agreement in summit["agreements"]}


def test_actor_detail_lists_roles_in_events(client):
    lukashenka = get_json(client, "/api/v1/actors/alyaksandr-lukashenka/")
    roles = {(p["target"]["slug"], p["role"]) for p in lukashenka["participations"]}
    assert (OFFER, "proposer") in roles
    assert ("lukashenka-nawfal-interview", "interviewee") in roles
    assert lukashenka["belongs_to"]["slug"] == "belarus"


def test_venue_detail_lists_what_happened_there(client):
    minsk = get_json(client, "/api/v1/venues/minsk/")
    assert "minsk-summit-february-2015" in {event["slug"] for event in minsk["events"]}
    assert MINSK_II in {agreement["slug"] for agreement in minsk["agreements"]}
    assert minsk["located_in"]["slug"] == "belarus"


def test_tag_detail_counts_by_kind_and_points_at_filtered_lists(client):
    tag = get_json(client, "/api/v1/tags/neutral-venue/")
    assert tag["entry_count"] == sum(tag["counts"].values())
    listed = every_slug(client, tag["entries"]["event"])
    assert len(listed) == tag["counts"]["event"]


def test_tags_list_counts_published_entries(client):
    tags = get_json(client, "/api/v1/tags/?page_size=100")["results"]
    counts = {tag["slug"]: tag["entry_count"] for tag in tags}
    html = client.get("/tags/").content.decode()
    for slug in counts:
        assert f"/tags/{slug}/" in html
    assert counts["neutral-venue"] == get_json(client, "/api/v1/tags/neutral-venue/")["entry_count"]


def every_quotation(client, url):
    found, next_url = [], f"{url}?page_size=7"
    while next_url:
        page = get_json(client, next_url)
        found += page["results"]
        next_url = page["next"]
    return found


def test_source_detail_shows_its_first_quotations_and_where_to_find_them_all(client):
    source = get_json(client, "/api/v1/sources/belarus-offers-to-host-peace-talks/")
    assert source["author"]["slug"] == "yauheni-preiherman"
    article = Source.objects.get(slug="belarus-offers-to-host-peace-talks")
    assert source["quotation_count"] == article.citations.count() > MAX_EMBEDDED
    assert len(source["quotations"]) == MAX_EMBEDDED
    quotations = every_quotation(client, source["all_quotations"])
    assert len(quotations) == source["quotation_count"]
    assert quotations[:MAX_EMBEDDED] == source["quotations"]
    backed = {(q["cited_by_kind"], q["cited_by"]["slug"]) for q in quotations}
    assert ("event", OFFER) in backed
    assert ("tag", "situational-neutrality") in backed


def test_quotations_backing_drafts_are_left_out_and_counted_out(client):
    source = Source.objects.get(slug="belarus-offers-to-host-peace-talks")
    Event.objects.filter(slug=OFFER).update(publication_status=PublicationStatus.DRAFT)
    detail = get_json(client, "/api/v1/sources/belarus-offers-to-host-peace-talks/")
    quotations = every_quotation(client, detail["all_quotations"])
    assert OFFER not in {q["cited_by"]["slug"] for q in quotations}
    drafts = Event.objects.exclude(publication_status=PublicationStatus.PUBLISHED)
    backing_drafts = source.citations.filter(content_type__model="event", object_id__in=drafts.values("pk"))
    assert detail["quotation_count"] == len(quotations) == source.citations.count() - backing_drafts.count()


def test_a_source_quotations_list_follows_a_changed_slug(client):
    source = Source.objects.get(slug="belarus-offers-to-host-peace-talks")
    source.slug = "belarus-offers-talks"
    source.save()
    response = client.get("/api/v1/sources/belarus-offers-to-host-peace-talks/quotations/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/sources/belarus-offers-talks/quotations/"


def test_an_actor_shows_its_first_participations_how_many_there_are_and_the_lists_of_all(client):
    actor = make_actor(slug="busy-delegate")
    # Made latest first, so the earliest hundred are not simply the first made.
    years = range(2020, 2020 - MAX_EMBEDDED - 1, -1)
    events = [make_event(slug=f"round-{year}", date=str(year)) for year in years]
    for event in events:
        make_participation(actor=actor, event=event)
    draft = make_event(slug="secret-round", publication_status=PublicationStatus.DRAFT)
    make_participation(actor=actor, event=draft)
    detail = get_json(client, "/api/v1/actors/busy-delegate/")
    shown = [participation["target"]["slug"] for participation in detail["participations"]]
    assert shown == [event.slug for event in reversed(events)][:MAX_EMBEDDED]
    assert detail["counts"] == {"members": 0, "participations": MAX_EMBEDDED + 1}
    assert sorted(every_slug(client, detail["lists"]["events"])) == sorted(event.slug for event in events)
    assert every_slug(client, detail["lists"]["agreements"]) == []


def test_a_venue_counts_its_events_beyond_those_it_shows(client):
    venue = make_venue(slug="busy-hall")
    for number in range(MAX_EMBEDDED + 2):
        make_event(slug=f"hall-meeting-{number}", venue=venue)
    detail = get_json(client, "/api/v1/venues/busy-hall/")
    assert len(detail["events"]) == MAX_EMBEDDED
    assert detail["counts"] == {"places_within": 0, "events": MAX_EMBEDDED + 2, "agreements": 0}
    assert len(every_slug(client, detail["lists"]["events"])) == MAX_EMBEDDED + 2


def test_an_event_counts_what_it_shows_and_offers_no_further_lists(client):
    detail = get_json(client, f"/api/v1/events/{OFFER}/")
    assert detail["counts"]["participants"] == len(detail["participants"]) > 0
    assert detail["lists"] == {}


def test_periods_point_at_their_events(client):
    period = get_json(client, "/api/v1/periods/proposal-2025/")
    assert OFFER in every_slug(client, period["events"])


class TestDrafts:
    @pytest.fixture(params=[PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW])
    def status(self, request):
        return request.param

    def test_unpublished_entries_are_absent_everywhere(self, client, status):
        venue = make_venue(slug="secret-venue", publication_status=status)
        actor = make_actor(slug="secret-actor", publication_status=status)
        draft = make_event(slug="secret-event", tags=["peace-talks"], publication_status=status)
        public = make_event(slug="public-event", venue=venue)
        make_participation(actor=actor, event=public)
        make_citation(draft)

        for url in (
            "/api/v1/events/?page_size=100",
            "/api/v1/events/?tag=peace-talks&page_size=100",
            "/api/v1/venues/?page_size=100",
            "/api/v1/actors/?page_size=100",
            "/api/v1/events/public-event/",
            "/api/v1/sources/",
            "/api/v1/tags/peace-talks/",
        ):
            body = client.get(url).content.decode()
            assert "secret-" not in body, url
        for url in (
            "/api/v1/events/secret-event/",
            "/api/v1/venues/secret-venue/",
            "/api/v1/actors/secret-actor/",
        ):
            assert get_json(client, url, status=404)["detail"].startswith("There is no published")
        assert get_json(client, "/api/v1/events/public-event/")["venue"] is None
        assert get_json(client, "/api/v1/events/?actor=secret-actor", status=400)

    def test_a_tag_only_drafts_carry_is_not_found(self, client, status):
        make_event(tags=["only-in-drafts"], publication_status=status)
        assert get_json(client, "/api/v1/tags/only-in-drafts/", status=404)
        tags = get_json(client, "/api/v1/tags/?page_size=100")["results"]
        assert "only-in-drafts" not in {tag["slug"] for tag in tags}


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v1/events/?status=bogus", 400, "status: Input should be"),
        ("/api/v1/events/?from=20x5", 400, "from: "),
        ("/api/v1/events/?from=1066", 400, "greater than or equal to 1900"),
        ("/api/v1/events/?page=0", 400, "page: "),
        ("/api/v1/events/?page_size=1000", 400, "page_size: "),
        ("/api/v1/events/?tag=no-such-tag", 400, "There is no tag “no-such-tag”."),
        ("/api/v1/events/?venue=%00", 400, "There is no venue"),
        ("/api/v1/events/?page=500", 404, "There is no page 500; the last is page 1."),
        ("/api/v1/events/no-such-event/", 404, "There is no published event at “no-such-event”."),
        ("/api/v1/tags/%E2%80%AE%00/", 404, "There is no published tag"),
    ],
)
def test_bad_requests_get_a_problem_with_a_message(client, url, status, message):
    problem = get_json(client, url, status=status)
    assert message in problem["detail"] + " ".join(problem.get("errors", []))


def test_the_api_takes_no_writes(client):
    response = client.post("/api/v1/events/", {"name": "x"})
    assert response.status_code == 405
    assert "GET" in response["Allow"]


class TestConditionalGet:
    def test_an_unchanged_list_answers_304(self, client):
        first = client.get("/api/v1/events/")
        assert first.status_code == 200
        again = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""
        since = client.get("/api/v1/events/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304

    def test_an_edit_changes_the_etag_and_the_answer(self, client):
        first = client.get(f"/api/v1/events/{OFFER}/")
        offer = Event.objects.get(slug=OFFER)
        offer.outcome = "A new line from an editor."
        offer.save()
        again = client.get(f"/api/v1/events/{OFFER}/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]
        assert again.json()["outcome"] == "A new line from an editor."

    def test_unpublishing_a_related_entry_changes_the_answer(self, client):
        first = client.get("/api/v1/venues/minsk/")
        summit = Event.objects.get(slug="minsk-summit-february-2015")
        summit.publication_status = PublicationStatus.DRAFT
        summit.save(update_fields=["publication_status"])
        stale_date = http_date(1)
        again = client.get("/api/v1/venues/minsk/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 200
        assert "minsk-summit-february-2015" not in {e["slug"] for e in again.json()["events"]}
        assert client.get("/api/v1/venues/minsk/", HTTP_IF_MODIFIED_SINCE=stale_date).status_code == 200


def test_openapi_document_describes_every_operation(client):
    document = get_json(client, "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.")
    for path in ("events", "agreements", "actors", "venues", "tags", "periods", "sources"):
        assert f"/api/v1/{path}/" in document["paths"]
        assert f"/api/v1/{path}/{{slug}}/" in document["paths"]
    events = document["paths"]["/api/v1/events/"]["get"]
    assert {"tag", "period", "from", "to", "actor", "venue", "status", "kind", "page", "page_size"} <= {
        parameter["name"] for parameter in events["parameters"]
    }
    assert {"200", "304", "400", "404"} <= set(events["responses"])


def test_an_unknown_address_under_the_api_is_a_problem_too(client):
    problem = get_json(client, "/api/v1/nothing-here/", status=404)
    assert problem["detail"] == (
        "There is nothing at this address; the API's index is at http://testserver/api/v1/"
    )


def test_an_address_without_its_slash_is_redirected_with_its_query(client):
    response = client.get("/api/v1/events?tag=peace-talks")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/events/?tag=peace-talks"


def test_coordinates_are_numbers(client):
    make_venue(slug="placed", latitude="53.90000", longitude="-27.56670")
    assert get_json(client, "/api/v1/venues/placed/")["coordinates"] == {
        "latitude": 53.9,
        "longitude": -27.5667,
    }


def test_the_index_points_at_every_list_and_the_description(client):
    index = get_json(client, "/api/v1/")
    assert index["openapi"] == "http://testserver/api/v1/openapi.json"
    assert index["dataset"] == "http://testserver/data/dataset.json"
    for name, url in index["lists"].items():
        assert get_json(client, url)["count"] >= 1, name


def test_an_old_slug_redirects_to_the_records_new_api_address(client):
    event = Event.objects.get(slug="minsk-summit-august-2014")
    event.slug = "minsk-summit-of-august-2014"
    event.save()
    response = client.get("/api/v1/events/minsk-summit-august-2014/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/events/minsk-summit-of-august-2014/"
    assert get_json(client, response["Location"])["name"] == event.name


def test_a_renamed_tag_redirects_too(client):
    tag = Tag.objects.get(slug="good-offices")
    tag.name, tag.slug = "good offices (mediation)", "good-offices-mediation"
    tag.save()
    response = client.get("/api/v1/tags/good-offices/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/tags/good-offices-mediation/"


def test_too_many_tags_are_refused(client):
    query = "&".join(f"tag=t{number}" for number in range(11))
    problem = get_json(client, f"/api/v1/events/?{query}", status=400)
    assert "tag: List should have at most 10 items" in problem["errors"][0]


@pytest.mark.parametrize("path", ["events", "agreements", "actors", "venues", "periods", "sources", "tags"])
def test_a_slug_in_another_script_is_simply_not_found(client, path):
    assert get_json(client, f"/api/v1/{path}/%C3%BF%D0%B6/", status=404)["detail"].startswith("There is no")
