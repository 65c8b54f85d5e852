"""CSV downloads of lists and searches, and the whole dataset as JSON."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.api import schemas
from kb.api.records import MAX_EMBEDDED
from kb.models import Actor, Agreement, Event, PublicationStatus, Source, Tag, Venue
from tests.factories import make_actor, make_citation, make_event, make_participation, make_venue

pytestmark = pytest.mark.django_db


def download(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return b"".join(response.streaming_content).decode("utf-8") if response.streaming else response.content


def csv_rows(client, url):
    return list(csv.DictReader(io.StringIO(download(client, url))))


class TestListCsv:
    @pytest.mark.parametrize("model", [Event, Agreement, Actor, Venue])
    def test_a_list_downloads_every_published_entry_with_a_header(self, client, model):
        response = client.get(f"/{model._meta.model_name}s.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="minsk-talks-kb-')
        rows = csv_rows(client, f"/{model._meta.model_name}s.csv")
        assert [row["slug"] for row in rows] == list(
            model.objects.published().order_by(*model._meta.ordering).values_list("slug", flat=True)
        )

    def test_the_filters_of_the_page_apply(self, client):
        query = "tag=neutral-venue&period=minsk-talks-2014-2020"
        rows = csv_rows(client, f"/events.csv?{query}")
        html = client.get(f"/events/?{query}").content.decode()
        assert rows and html.count('class="card"') == len(rows)
        assert all("neutral venue" in row["tags"] for row in rows)
        assert all(row["period"] == "2014–2020 Minsk talks" for row in rows)

    def test_rows_say_what_the_page_says(self, client):
        rows = {row["slug"]: row for row in csv_rows(client, "/events.csv")}
        offer = rows["proposed-peace-talks-in-minsk"]
        assert offer["status"] == "Offered, not held"
        assert offer["date (EDTF)"] == "2025-02-27"
        assert offer["url"] == "http://testserver/events/proposed-peace-talks-in-minsk/"
        assert "Alyaksandr Lukashenka (proposer)" in offer["participants (role)"]
        series = rows["contact-group-meetings-in-minsk"]
        assert series["date as worded"] == "every two weeks from 2015 to 2020"

    def test_the_list_page_links_to_its_csv_with_its_filters(self, client):
        html = client.get("/events/?tag=peace-talks&status=held&page=2").content.decode()
        assert 'href="/events.csv?tag=peace-talks&amp;status=held"' in html

    def test_drafts_are_left_out(self, client):
        make_event(slug="draft-event", publication_status=PublicationStatus.DRAFT)
        secret = make_actor(
            slug="draft-actor", name="Draft Person", publication_status=PublicationStatus.IN_REVIEW
        )
        event = make_event(
            slug="public-event", venue=make_venue(name="Hidden Place", publication_status="draft")
        )
        make_participation(actor=secret, event=event)
        text = download(client, "/events.csv")
        assert "draft-event" not in text and "Draft Person" not in text and "Hidden Place" not in text
        assert "draft-actor" not in download(client, "/actors.csv")

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("tag=peace-talsk", "There is no tag “peace-talsk”."),
            ("tag=%00", "There is no tag"),
            ("from=abc&to=99999", "“abc” is not a year between 1900 and 2100."),
            ("status=helld", "“helld” is not a status used here."),
            ("venue=" + "x" * 500, "There is no venue"),
        ],
    )
    def test_a_filter_the_page_would_drop_is_refused_rather_than_ignored(self, client, query, message):
        response = client.get(f"/events.csv?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode().startswith("Nothing was downloaded: ")
        assert message in response.content.decode()

    def test_parameters_that_are_not_filters_are_ignored(self, client):
        assert len(csv_rows(client, "/events.csv?page=-1&utm_source=x")) == Event.objects.published().count()


class TestFormulaInjection:
    PAYLOADS = [
        '=HYPERLINK("http://evil.example","x")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1+1",
        ' =HYPERLINK("http://x","a")',
        "\xa0+1",
    ]

    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_cells_a_spreadsheet_would_run_start_with_an_apostrophe(self, client, payload):
        actor = make_actor(name=payload, description=payload, tags=[f"{payload.strip()} tag"])
        row = next(row for row in csv_rows(client, "/actors.csv") if row["slug"] == actor.slug)
        assert row["name"] == "'" + payload
        assert row["description"] == "'" + payload
        assert row["tags"].startswith("'")

    def test_the_outcome_and_venue_columns_are_escaped_too(self, client):
        venue = make_venue(name="\xa0+1 place")
        event = make_event(outcome="\n=1+1", venue=venue)
        row = next(row for row in csv_rows(client, "/events.csv") if row["slug"] == event.slug)
        assert row["outcome"] == "'\n=1+1"
        assert row["venue"] == "'\xa0+1 place"

    def test_search_results_are_escaped_too(self, client):
        make_event(name="=cmd|' /C calc'!A0 Minsk meeting")
        rows = csv_rows(client, "/search.csv?q=calc")
        assert [row["name"] for row in rows] == ["'=cmd|' /C calc'!A0 Minsk meeting"]

    def test_numbers_stay_numbers(self, client):
        venue = make_venue(latitude="-33.86880", longitude="151.20930")
        row = next(row for row in csv_rows(client, "/venues.csv") if row["slug"] == venue.slug)
        assert row["latitude"] == "-33.86880"
        assert row["longitude"] == "151.20930"


class TestSearchCsv:
    def test_results_carry_what_entries_of_every_kind_have_in_common(self, client):
        rows = csv_rows(client, "/search.csv?q=minsk")
        assert list(rows[0])[:4] == ["rank", "name", "slug", "url"]
        by_slug = {row["slug"]: row for row in rows}
        summit = by_slug["minsk-summit-february-2015"]
        assert (summit["type"], summit["kind"], summit["status"]) == ("event", "Summit", "Took place")
        assert (summit["date (EDTF)"], summit["venue"]) == ("2015-02", "Minsk")
        assert summit["period"] == "2014–2020 Minsk talks"
        city = by_slug["minsk"]
        assert (city["type"], city["kind"], city["status"], city["date (EDTF)"]) == ("venue", "City", "", "")

    def test_a_filter_that_names_nothing_is_refused(self, client):
        response = client.get("/search.csv?q=minsk&type=evnt")
        assert response.status_code == 400
        assert "There is no kind of entry “evnt”." in response.content.decode()

    def test_results_come_in_rank_order_with_the_filters(self, client):
        rows = csv_rows(client, "/search.csv?q=minsk&type=event")
        assert rows and {row["type"] for row in rows} == {"event"}
        assert [row["rank"] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
        html = client.get("/search/?q=minsk&type=event").content.decode()
        assert 'href="/search.csv?q=minsk&amp;type=event"' in html

    @pytest.mark.parametrize(("query", "message"), [("", "Add a search"), ("q=%00", "")])
    def test_a_missing_or_invalid_search_is_a_plain_400(self, client, query, message):
        response = client.get(f"/search.csv?{query}")
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/plain")
        assert message in response.content.decode()


class TestDataset:
    def test_the_whole_dataset_is_one_versioned_document(self, client):
        document = json.loads(download(client, "/data/dataset.json"))
        assert document["format"] == "minsk-talks-kb-dataset"
        assert document["format_version"] == 1
        assert document["generated_at"].startswith("20")
        assert {record["slug"] for record in document["events"]} == set(
            Event.objects.published().values_list("slug", flat=True)
        )
        assert len(document["tags"]) == Tag.objects.filter(tagged_entries__isnull=False).distinct().count()
        assert len(document["actors"]) == Actor.objects.published().count()

    def test_every_record_has_the_apis_shape(self, client):
        document = json.loads(download(client, "/data/dataset.json"))
        shapes = {
            "events": schemas.EventDetailOut,
            "agreements": schemas.AgreementDetailOut,
            "actors": schemas.ActorDetailOut,
            "venues": schemas.VenueDetailOut,
            "tags": schemas.TagDetailOut,
            "periods": schemas.PeriodDetailOut,
            "sources": schemas.SourceDetailOut,
        }
        for section, shape in shapes.items():
            assert document[section], section
            for record in document[section]:
                shape.model_validate(record)

    def test_a_record_is_the_apis_detail_with_its_lists_whole(self, client):
        document = json.loads(download(client, "/data/dataset.json"))
        offer = next(r for r in document["events"] if r["slug"] == "proposed-peace-talks-in-minsk")
        assert offer == client.get("/api/v1/events/proposed-peace-talks-in-minsk/").json()
        longer_than_the_api_shows = []
        for section in ("agreements", "actors", "venues", "tags", "periods", "sources"):
            for record in document[section]:
                # A tag's counts are numbers of entries; an entry's counts, how many records its lists hold.
                lists = {"sources": ["quotations"], "tags": []}.get(section, list(record.get("counts", {})))
                cut_short = {name: record[name][:MAX_EMBEDDED] for name in lists}
                longer_than_the_api_shows += [name for name in lists if cut_short[name] != record[name]]
                assert client.get(record["api_url"]).json() == {**record, **cut_short}, record["api_url"]
        # The article's source is quoted more often than the API's source detail shows.
        assert longer_than_the_api_shows == ["quotations"]

    def test_drafts_are_left_out(self, client):
        make_event(slug="draft-event", publication_status=PublicationStatus.DRAFT)
        assert "draft-event" not in download(client, "/data/dataset.json")

    def test_queries_do_not_grow_with_the_records(self, client):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                download(client, "/data/dataset.json")
            return len(captured.captured_queries)

        before = queries()
        minsk = Venue.objects.get(slug="minsk")
        for _ in range(20):
            event = make_event(tags=["grown"], venue=minsk)
            make_participation(event=event)
            make_citation(event, source=Source.objects.first(), quote="Minsk")
        assert queries() == before

    def test_an_unchanged_dataset_answers_304(self, client):
        first = client.get("/data/dataset.json")
        assert client.get("/data/dataset.json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_open_data_page_links_everything(client):
    html = client.get("/data/").content.decode()
    for address in (
        "/api/v1/",
        "/api/v1/openapi.json",
        "/data/dataset.json",
        "/events.csv",
        "/feeds/latest/",
    ):
        assert f'href="{address}' in html
