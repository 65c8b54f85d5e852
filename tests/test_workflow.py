"""Draft → in review → published, driven through the admin as an editor and as a reviewer."""

import pytest
from django.test import Client
from reversion.models import Version

from kb.models import Actor, Agreement, Event, PublicationStatus, Venue
from tests.admin_forms import (
    CITATIONS,
    article,
    as_opened,
    event_form,
    inline,
    one_citation,
    saved_citations,
    two_participants,
)
from tests.factories import make_event

pytestmark = pytest.mark.django_db


def run_action(client, action, *entries, model="event"):
    data = {"action": action, "_selected_action": [str(entry.pk) for entry in entries]}
    return client.post(f"/admin/kb/{model}/", data, follow=True).content.decode()


def latest_revision(entry):
    return Version.objects.get_for_object(entry).select_related("revision__user").first().revision


def test_the_whole_publish_flow_as_an_editor_and_then_a_reviewer(
    editor_client, reviewer_client, editor, reviewer
):
    reader = Client()
    form = event_form(two_participants(), one_citation(), publication_status="draft", tags="workflow test")
    assert editor_client.post("/admin/kb/event/add/", form).status_code == 302
    event = Event.objects.get(slug="test-summit-in-minsk")
    assert event.publication_status == PublicationStatus.DRAFT
    assert reader.get(event.get_absolute_url()).status_code == 404

    html = run_action(editor_client, "submit_for_review", event)
    assert "1 event submitted for review." in html
    event.refresh_from_db()
    assert event.publication_status == PublicationStatus.IN_REVIEW
    revision = latest_revision(event)
    assert (revision.user, revision.comment) == (editor, "Submitted for review.")
    assert reader.get(event.get_absolute_url()).status_code == 404

    html = run_action(editor_client, "publish", event)
    assert "No action selected." in html
    assert Event.objects.get(pk=event.pk).publication_status == PublicationStatus.IN_REVIEW

    html = run_action(reviewer_client, "publish", event)
    assert "1 event published." in html
    event.refresh_from_db()
    assert event.publication_status == PublicationStatus.PUBLISHED
    assert event.published_at is not None
    revision = latest_revision(event)
    assert (revision.user, revision.comment) == (reviewer, "Published.")
    assert "Test summit in Minsk" in reader.get(event.get_absolute_url()).content.decode()
    assert "Test summit in Minsk" in reader.get("/tags/workflow-test/").content.decode()
    assert "Test summit in Minsk" in reader.get("/search/?q=test+summit").content.decode()

    html = run_action(reviewer_client, "unpublish", event)
    assert "1 event returned to draft." in html
    assert Event.objects.get(pk=event.pk).publication_status == PublicationStatus.DRAFT
    assert (latest_revision(event).user, latest_revision(event).comment) == (
        reviewer,
        "Unpublished: back to draft.",
    )
    assert reader.get(event.get_absolute_url()).status_code == 404
    assert "Test summit in Minsk" not in reader.get("/search/?q=test+summit").content.decode()


def test_an_editor_cannot_publish_through_the_form(editor_client):
    response = editor_client.post("/admin/kb/event/add/", event_form(publication_status="published"))
    assert response.status_code == 200
    assert (
        "Select a valid choice. published is not one of the available choices." in response.content.decode()
    )
    assert not Event.objects.filter(slug="test-summit-in-minsk").exists()


def test_an_editor_correcting_a_published_entry_leaves_it_published(editor_client):
    actor = Actor.objects.get(slug="osce")
    page = editor_client.get(f"/admin/kb/actor/{actor.pk}/change/").content.decode()
    assert 'name="publication_status"' not in page
    data = {
        "name": actor.name,
        "slug": actor.slug,
        "kind": actor.kind,
        "description": "Corrected by an editor",
        "affiliation": "",
        "alternative_names": actor.alternative_names,
        "body": actor.body,
        "tags": ", ".join(tag.name for tag in actor.tags.all()),
        "publication_status": "draft",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        **inline(CITATIONS, saved_citations(actor)),
    }
    assert (
        editor_client.post(f"/admin/kb/actor/{actor.pk}/change/", as_opened(actor, data)).status_code == 302
    )
    actor.refresh_from_db()
    assert (actor.description, actor.publication_status) == (
        "Corrected by an editor",
        PublicationStatus.PUBLISHED,
    )


def test_a_reviewer_publishes_through_the_form_and_the_time_is_kept(reviewer_client):
    response = reviewer_client.post("/admin/kb/event/add/", event_form(publication_status="published"))
    assert response.status_code == 302
    event = Event.objects.get(slug="test-summit-in-minsk")
    assert event.is_published and event.published_at is not None
    assert Client().get(event.get_absolute_url()).status_code == 200


def test_publishing_in_bulk_skips_entries_without_a_citation(reviewer_client):
    cited = make_event(name="Cited draft", publication_status=PublicationStatus.IN_REVIEW)
    cited.citations.create(source=article(), quote="Minsk hosted major summits")
    uncited = make_event(name="Uncited draft", publication_status=PublicationStatus.IN_REVIEW)
    html = run_action(reviewer_client, "publish", cited, uncited)
    assert "1 event published." in html
    assert "a published entry needs at least one citation: Uncited draft" in html
    assert Event.objects.get(pk=cited.pk).is_published
    assert not Event.objects.get(pk=uncited.pk).is_published


@pytest.mark.parametrize("model", [Event, Agreement, Actor, Venue])
def test_bulk_actions_work_on_every_kind_of_entry(reviewer_client, model):
    entry = model.objects.published().filter(citations__isnull=False).order_by("pk").first()
    name = model._meta.model_name
    assert "returned to draft." in run_action(reviewer_client, "unpublish", entry, model=name)
    assert model.objects.get(pk=entry.pk).publication_status == PublicationStatus.DRAFT
    assert "published." in run_action(reviewer_client, "publish", entry, model=name)
    assert model.objects.get(pk=entry.pk).is_published


def test_an_editor_cannot_delete_but_a_reviewer_can(editor_client, reviewer_client):
    event = make_event(name="Short-lived", publication_status=PublicationStatus.DRAFT)
    html = run_action(editor_client, "delete_selected", event)
    assert "No action selected." in html
    assert Event.objects.filter(pk=event.pk).exists()
    response = reviewer_client.post(f"/admin/kb/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_a_reviewer_manages_no_users(reviewer_client):
    for url in ("/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"):
        assert reviewer_client.get(url).status_code == 403, url


def test_publishing_in_bulk_counts_as_an_update_so_feeds_and_sitemaps_see_it(reviewer_client, client):
    old = make_event(name="Long-waiting draft", publication_status=PublicationStatus.IN_REVIEW)
    old.citations.create(source=article(), quote="Minsk hosted major summits")
    long_ago = old.updated_at.replace(year=old.updated_at.year - 1)
    Event.objects.filter(pk=old.pk).update(updated_at=long_ago)
    run_action(reviewer_client, "publish", old)
    published = Event.objects.get(pk=old.pk)
    assert published.updated_at > long_ago
    assert published.updated_at >= published.published_at
    assert "Long-waiting draft" in client.get("/feeds/latest/").content.decode()
