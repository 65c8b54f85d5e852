import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from kb.models import Actor, Agreement, Citation, Event, Participation, Source, Tag, Venue
from tests.admin_forms import (
    CITATIONS,
    PARTICIPATIONS,
    article,
    as_opened,
    event_form,
    inline,
    one_citation,
    saved_citations,
    two_participants,
)

pytestmark = pytest.mark.django_db


def test_editor_adds_an_event_with_venue_participants_tags_and_a_citation(editor_client):
    response = editor_client.post("/admin/kb/event/add/", event_form(two_participants(), one_citation()))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="test-summit-in-minsk")
    assert event.publication_status == "review"
    assert event.venue.slug == "minsk"
    assert event.summary_html == "<p>A <em>test</em> summit.</p>"
    assert sorted(tag.name for tag in event.tags.all()) == ["neutral venue", "test tag"]
    assert sorted(event.participations.values_list("actor__slug", "role")) == [
        ("belarus", "host"),
        ("russia", "party"),
    ]
    assert event.citations.get().quote == "Minsk hosted major summits"
    assert Client().get(event.get_absolute_url()).status_code == 404
    assert (
        "In review — only editors can see this page."
        in editor_client.get(event.get_absolute_url()).content.decode()
    )


def test_editor_changes_an_event_and_its_participants(editor_client):
    event = Event.objects.get(slug="minsk-summit-august-2014")
    participation = event.participations.get()
    citation = event.citations.first()
    data = event_form(
        [
            {
                "id": str(participation.pk),
                "actor": str(participation.actor_id),
                "role": "host",
                "note": "hosted in the capital",
                "position": "0",
            }
        ],
        [
            {
                "id": str(citation.pk),
                "source": str(citation.source_id),
                "quote": citation.quote,
                "locator": "",
                "position": "0",
            }
        ],
        name=event.name,
        slug=event.slug,
        date="2014-08",
        tags="peace talks",
    )
    response = editor_client.post(f"/admin/kb/event/{event.pk}/change/", as_opened(event, data))
    assert response.status_code == 302, response.content.decode()[:3000]
    participation.refresh_from_db()
    assert participation.note == "hosted in the capital"
    assert [tag.name for tag in Event.objects.get(pk=event.pk).tags.all()] == ["peace talks"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "2020/2015"}, "before its start"),
        ({"date": "Feb 2015"}, "not a date format we understand"),
        ({"slug": "minsk-summit-august-2014"}, "already uses this slug"),
        ({"name": ""}, "This field is required"),
    ],
)
def test_invalid_event_forms_explain_the_problem_and_save_nothing(editor_client, fields, message):
    before = Event.objects.count()
    response = editor_client.post("/admin/kb/event/add/", event_form(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Event.objects.count() == before


def test_a_quote_missing_from_the_source_is_refused_on_the_form(editor_client):
    citations = [
        {
            "source": str(article().pk),
            "quote": "Minsk hosted every summit ever",
            "locator": "",
            "position": "0",
        }
    ]
    response = editor_client.post("/admin/kb/event/add/", event_form(citations=citations))
    assert response.status_code == 200
    assert "does not appear word for word" in response.content.decode()
    assert not Event.objects.filter(slug="test-summit-in-minsk").exists()


def test_the_same_actor_and_role_twice_is_refused_on_the_form(editor_client):
    participants = two_participants()
    participants[1] = dict(participants[0], position="1")
    response = editor_client.post("/admin/kb/event/add/", event_form(participants))
    assert response.status_code == 200
    assert "listed twice with the same role" in response.content.decode()
    assert not Participation.objects.filter(event__slug="test-summit-in-minsk").exists()


def agreement_form(**fields):
    data = {
        "name": "Dated memorandum",
        "slug": "dated-memorandum",
        "status": "in-force",
        "alternative_names": "",
        "date": "2015-02",
        "date_label": "",
        "venue": "",
        "event": str(Event.objects.get(slug="minsk-summit-february-2015").pk),
        "period": "",
        "summary": "",
        "body": "",
        "tags": "",
        "publication_status": "draft",
        **inline(PARTICIPATIONS, []),
        **inline(CITATIONS, []),
    }
    data.update(fields)
    return data


def test_an_agreement_dated_before_the_event_that_produced_it_is_refused(editor_client):
    response = editor_client.post("/admin/kb/agreement/add/", agreement_form(date="2014-12-31"))
    assert response.status_code == 200
    assert "This agreement is dated before the event that produced it" in response.content.decode()
    assert "Minsk summit of February 2015, February 2015" in response.content.decode()
    assert not Agreement.objects.filter(slug="dated-memorandum").exists()


@pytest.mark.parametrize("date", ["2015-02", "2015-02-12", "2015", "2016-01-01", "2015/2016"])
def test_an_agreement_dated_with_or_after_its_event_is_accepted(editor_client, date):
    response = editor_client.post("/admin/kb/agreement/add/", agreement_form(date=date))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Agreement.objects.get(slug="dated-memorandum").date == date


def test_an_agreement_with_a_malformed_date_gets_only_the_date_error(editor_client):
    response = editor_client.post("/admin/kb/agreement/add/", agreement_form(date="2015-13-45"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not a date format we understand" in html or "does not exist" in html
    assert "dated before the event" not in html


def test_editor_adds_and_changes_an_agreement(editor_client):
    data = {
        "name": "Test memorandum",
        "slug": "test-memorandum",
        "status": "in-force",
        "alternative_names": "",
        "date": "2015-02-12",
        "date_label": "",
        "venue": str(Venue.objects.get(slug="minsk").pk),
        "event": str(Event.objects.get(slug="minsk-summit-february-2015").pk),
        "period": "",
        "summary": "",
        "body": "",
        "tags": "peace talks",
        "publication_status": "draft",
        **inline(
            PARTICIPATIONS,
            [
                {
                    "actor": str(Actor.objects.get(slug="ukraine").pk),
                    "role": "signatory",
                    "note": "",
                    "position": "0",
                }
            ],
        ),
        **inline(CITATIONS, []),
    }
    assert editor_client.post("/admin/kb/agreement/add/", data).status_code == 302
    agreement = Agreement.objects.get(slug="test-memorandum")
    assert agreement.participations.get().role == "signatory"
    data["status"] = "defunct"
    data.update(
        inline(
            PARTICIPATIONS,
            [
                {
                    "id": str(agreement.participations.get().pk),
                    "actor": str(Actor.objects.get(slug="ukraine").pk),
                    "role": "signatory",
                    "note": "",
                    "position": "0",
                }
            ],
        )
    )
    assert (
        editor_client.post(
            f"/admin/kb/agreement/{agreement.pk}/change/", as_opened(agreement, data)
        ).status_code
        == 302
    )
    assert Agreement.objects.get(pk=agreement.pk).status == "defunct"


def test_editor_adds_and_changes_an_actor(editor_client):
    data = {
        "name": "Test Envoy",
        "slug": "test-envoy",
        "kind": "person",
        "description": "A test envoy",
        "affiliation": str(Actor.objects.get(slug="osce").pk),
        "alternative_names": "Test Envoi",
        "body": "",
        "tags": "",
        "publication_status": "review",
        **inline(PARTICIPATIONS, []),
        **inline(CITATIONS, one_citation()),
    }
    assert editor_client.post("/admin/kb/actor/add/", data).status_code == 302
    actor = Actor.objects.get(slug="test-envoy")
    assert actor.affiliation.slug == "osce"
    data.update(inline(CITATIONS, saved_citations(actor)))
    data["description"] = "A corrected description"
    assert (
        editor_client.post(f"/admin/kb/actor/{actor.pk}/change/", as_opened(actor, data)).status_code == 302
    )
    assert Actor.objects.get(pk=actor.pk).description == "A corrected description"


def test_editor_adds_and_changes_a_venue(editor_client):
    data = {
        "name": "Test Palace",
        "slug": "test-palace",
        "kind": "building",
        "located_in": str(Venue.objects.get(slug="minsk").pk),
        "alternative_names": "",
        "latitude": "",
        "longitude": "",
        "body": "",
        "tags": "",
        "publication_status": "review",
        **inline(CITATIONS, one_citation()),
    }
    assert editor_client.post("/admin/kb/venue/add/", data).status_code == 302
    venue = Venue.objects.get(slug="test-palace")
    data.update(inline(CITATIONS, saved_citations(venue)))
    data["latitude"] = "53.9"
    response = editor_client.post(f"/admin/kb/venue/{venue.pk}/change/", as_opened(venue, data))
    assert response.status_code == 200
    assert "Give both latitude and longitude, or neither." in response.content.decode()
    data["longitude"] = "27.56"
    assert (
        editor_client.post(f"/admin/kb/venue/{venue.pk}/change/", as_opened(venue, data)).status_code == 302
    )
    assert Venue.objects.get(pk=venue.pk).has_coordinates


def test_editor_adds_a_source_and_edits_a_tag_description(editor_client):
    data = {
        "title": "Test report",
        "slug": "test-report",
        "author": "",
        "publisher": "",
        "date": "2025",
        "date_label": "",
        "url": "",
        "text": "",
    }
    assert editor_client.post("/admin/kb/source/add/", data).status_code == 302
    tag = Tag.objects.get(slug="good-offices")
    data = {
        "name": tag.name,
        "slug": tag.slug,
        "description": "Corrected **description**",
        **inline(CITATIONS, []),
    }
    assert editor_client.post(f"/admin/kb/tag/{tag.pk}/change/", data).status_code == 302
    assert Tag.objects.get(pk=tag.pk).description_html == "<p>Corrected <strong>description</strong></p>"


def test_admin_lists_search_and_filter(editor_client):
    for model in ("event", "agreement", "actor", "venue", "source", "tag", "participation"):
        assert editor_client.get(f"/admin/kb/{model}/").status_code == 200, model
    found = editor_client.get("/admin/kb/actor/?q=Lukashenko").content.decode()
    assert "Alyaksandr Lukashenka" in found
    offered = editor_client.get("/admin/kb/event/?status__exact=offered").content.decode()
    assert "Proposed Ukraine–U.S.–Russia peace talks in Minsk" in offered


def test_admin_change_page_has_view_on_site_and_autocomplete(editor_client):
    event = Event.objects.get(slug="proposed-peace-talks-in-minsk")
    html = editor_client.get(f"/admin/kb/event/{event.pk}/change/").content.decode()
    assert "View on site" in html
    content_type = ContentType.objects.get_for_model(Event)
    assert f"/admin/r/{content_type.pk}/{event.pk}/" in html
    assert "admin-autocomplete" in html
    answer = editor_client.get(
        "/admin/autocomplete/",
        {"term": "Luka", "app_label": "kb", "model_name": "participation", "field_name": "actor"},
    )
    assert "Alyaksandr Lukashenka" in answer.content.decode()


def test_slug_is_filled_in_from_the_name(editor_client):
    html = editor_client.get("/admin/kb/event/add/").content.decode()
    prepopulated = re.search(r'data-prepopulated-fields="([^"]*)"', html).group(1)
    fields = json.loads(unescape(prepopulated))
    assert fields[0]["id"] == "#id_slug" and fields[0]["dependency_ids"] == ["#id_name"]


def test_editors_cannot_delete_entries_or_manage_users(editor_client):
    event = Event.objects.get(slug="minsk-summit-august-2014")
    assert editor_client.get(f"/admin/kb/event/{event.pk}/delete/").status_code == 403
    assert editor_client.post(f"/admin/kb/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403
    assert editor_client.get("/admin/auth/user/add/").status_code == 403


ENTRY_MODELS = ("event", "venue", "agreement", "actor")
EDITOR_CODENAMES = {
    *(f"{action}_{model}" for model in ENTRY_MODELS for action in ("add", "change", "view")),
    *(f"{action}_{model}" for model in ("source", "tag") for action in ("add", "change", "view")),
    *(
        f"{action}_{model}"
        for model in ("participation", "citation")
        for action in ("add", "change", "delete", "view")
    ),
    "view_period",
}
REVIEWER_CODENAMES = {
    *EDITOR_CODENAMES,
    *(f"{action}_{model}" for model in ENTRY_MODELS for action in ("delete", "publish")),
    "delete_source",
    "delete_tag",
}


@pytest.mark.parametrize(
    ("group", "expected"), [("Editors", EDITOR_CODENAMES), ("Reviewers", REVIEWER_CODENAMES)]
)
def test_each_role_has_exactly_its_permissions(group, expected):
    permissions = set(
        Group.objects.get(name=group).permissions.values_list("content_type__app_label", "codename")
    )
    assert permissions == {("kb", codename) for codename in expected}


def test_no_role_but_superuser_manages_users_groups_or_permissions():
    assert not Permission.objects.filter(group__isnull=False, content_type__app_label="auth").exists()
    assert set(Group.objects.values_list("name", flat=True)) == {"Editors", "Reviewers"}


def test_inline_citations_can_be_removed_by_an_editor(editor_client):
    event = Event.objects.get(slug="minsk-summit-august-2014")
    extra = Citation.objects.create(
        content_object=event, source=article(), quote="Minsk hosted major summits"
    )
    rows = [
        {
            "id": str(c.pk),
            "source": str(c.source_id),
            "quote": c.quote,
            "locator": "",
            "position": "0",
            **({"DELETE": "on"} if c.pk == extra.pk else {}),
        }
        for c in event.citations.all()
    ]
    participation = event.participations.get()
    data = event_form(
        [
            {
                "id": str(participation.pk),
                "actor": str(participation.actor_id),
                "role": participation.role,
                "note": "",
                "position": "0",
            }
        ],
        rows,
        name=event.name,
        slug=event.slug,
        date=event.date,
        tags="peace talks",
    )
    assert (
        editor_client.post(f"/admin/kb/event/{event.pk}/change/", as_opened(event, data)).status_code == 302
    )
    assert not Citation.objects.filter(pk=extra.pk).exists()
    assert event.citations.exists()


def test_a_tag_name_with_a_space_stays_one_tag(editor_client):
    response = editor_client.post("/admin/kb/event/add/", event_form(tags="situational neutrality"))
    assert response.status_code == 302
    event = Event.objects.get(slug="test-summit-in-minsk")
    assert [tag.name for tag in event.tags.all()] == ["situational neutrality"]


def test_every_admin_page_opens_for_a_superuser(admin_client, admin_user, rf):
    """Every page a superuser may use opens; an add page the model's admin forbids (axes' logs) is a 403."""
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        request = rf.get(f"{base}add/")
        request.user = admin_user
        add_status = 200 if model_admin.has_add_permission(request) else 403
        assert admin_client.get(base).status_code == 200, base
        assert admin_client.get(f"{base}add/").status_code == add_status, base
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            assert admin_client.get(f"{base}{obj.pk}/change/").status_code == 200, base


@pytest.mark.parametrize(
    "query",
    [
        "status__exact=bogus",
        "date_start__year=abc",
        "tags__id__exact=xyz",
        "o=99",
        "q=%00",
        "p=-4",
        "period__id__exact=1e3",
    ],
)
def test_odd_admin_filters_never_break_the_changelist(admin_client, query):
    response = admin_client.get(f"/admin/kb/event/?{query}")
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("value", ["abc", "1.5", "-3", "99999999999999999999999", "1 OR 1=1"])
def test_a_malformed_autocomplete_id_redraws_the_form_with_an_error(editor_client, value):
    response = editor_client.post("/admin/kb/event/add/", event_form(venue=value, parent=value))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_an_overlong_tag_name_is_refused_on_the_form(editor_client):
    response = editor_client.post("/admin/kb/event/add/", event_form(tags="x" * 101))
    assert response.status_code == 200
    assert "A tag name can be at most 100 characters" in response.content.decode()
    assert not Event.objects.filter(slug="test-summit-in-minsk").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/kb/event/?date_start__year=99999999999",
        "/admin/kb/agreement/?date_start__year=0",
        "/admin/kb/source/?date_start__year=0",
        "/admin/kb/event/?kind__exact=%00",
        "/admin/kb/event/?q=%00",
        "/admin/kb/actor/?q=Luka%00shenka",
        "/admin/autocomplete/?term=%00&app_label=kb&model_name=participation&field_name=actor",
    ],
)
def test_malformed_admin_queries_never_break(admin_client, url):
    assert admin_client.get(url).status_code in (200, 302)


def test_an_action_on_a_malformed_selection_does_nothing_and_says_so(admin_client):
    before = Event.objects.count()
    response = admin_client.post(
        "/admin/kb/event/",
        {"action": "delete_selected", "_selected_action": ["abc"], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert "The selection was not valid, so nothing was done." in response.content.decode()
    assert Event.objects.count() == before


def test_only_superusers_may_change_the_text_quotes_are_checked_against(editor_client, admin_client):
    source = article()
    editor_page = editor_client.get(f"/admin/kb/source/{source.pk}/change/").content.decode()
    assert 'name="text"' not in editor_page
    assert 'name="text"' in admin_client.get(f"/admin/kb/source/{source.pk}/change/").content.decode()


def test_a_new_source_text_that_loses_existing_quotes_is_refused(admin_client):
    source = article()
    data = {
        "title": source.title,
        "slug": source.slug,
        "author": str(source.author_id),
        "publisher": str(source.publisher_id),
        "date": source.date,
        "date_label": "",
        "url": "",
        "text": "A different text altogether.",
    }
    response = admin_client.post(f"/admin/kb/source/{source.pk}/change/", data)
    assert response.status_code == 200
    assert "existing citation(s) would no longer appear in this text" in response.content.decode()
    assert Source.objects.get(pk=source.pk).text == source.text


def test_an_actor_inline_role_needs_exactly_one_event_or_agreement(editor_client):
    actor = Actor.objects.get(slug="osce")
    data = {
        "name": actor.name,
        "slug": actor.slug,
        "kind": actor.kind,
        "description": "",
        "affiliation": "",
        "alternative_names": actor.alternative_names,
        "body": actor.body,
        "tags": "",
        "publication_status": "published",
        **inline(
            PARTICIPATIONS, [{"event": "", "agreement": "", "role": "mediator", "note": "", "position": "0"}]
        ),
        **inline(CITATIONS, saved_citations(actor)),
    }
    response = editor_client.post(f"/admin/kb/actor/{actor.pk}/change/", data)
    assert response.status_code == 200
    assert "A participation belongs to exactly one event or agreement." in response.content.decode()
    assert not actor.participations.exists()


def test_participations_and_citations_link_to_their_entry():
    participation = Participation.objects.filter(event__slug="proposed-peace-talks-in-minsk").first()
    assert participation.get_absolute_url() == "/events/proposed-peace-talks-in-minsk/"
    citation = Agreement.objects.get(slug="minsk-ii-agreements").citations.first()
    assert citation.get_absolute_url() == "/agreements/minsk-ii-agreements/"


def test_markdown_that_would_take_minutes_to_render_is_refused_quickly(editor_client):
    response = editor_client.post("/admin/kb/event/add/", event_form(body="[" * 50_000))
    assert response.status_code == 200
    assert "at most 1000 are allowed in one field" in response.content.decode()
    response = editor_client.post("/admin/kb/event/add/", event_form(body="x" * 50_001))
    assert "Ensure this value has at most 50000 characters" in response.content.decode()
    assert not Event.objects.filter(slug="test-summit-in-minsk").exists()


def test_a_published_entry_needs_a_citation_but_a_draft_does_not(reviewer_client):
    response = reviewer_client.post(
        "/admin/kb/event/add/", event_form(citations=[], publication_status="published")
    )
    assert response.status_code == 200
    assert "A published entry needs at least one citation;" in response.content.decode()
    assert not Event.objects.filter(slug="test-summit-in-minsk").exists()
    response = reviewer_client.post(
        "/admin/kb/event/add/", event_form(citations=[], publication_status="draft")
    )
    assert response.status_code == 302
    assert Event.objects.get(slug="test-summit-in-minsk").publication_status == "draft"
