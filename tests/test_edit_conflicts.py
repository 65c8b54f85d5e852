"""Two editors saving the same entry: the second is told, and loses nothing, instead of overwriting."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.admin.forms import EntryAdminForm
from kb.models import Event, Participation
from tests.admin_forms import PARTICIPATIONS, change_form_data

pytestmark = pytest.mark.django_db

CONFLICT = "after you opened it, so your changes were not saved"
KEPT = "They are still below, so nothing is lost."
DAMAGED = "record of which version of the entry you opened is damaged"


@pytest.fixture
def event():
    return Event.objects.filter(participations__isnull=False).distinct().order_by("pk").first()


def change_url(entry):
    return f"/admin/kb/{entry._meta.model_name}/{entry.pk}/change/"


def open_form(client, entry):
    return change_form_data(client.get(change_url(entry)).content.decode())


def save(client, entry, form, **changes):
    return client.post(change_url(entry), {**form, **changes})


def test_the_second_of_two_editors_saving_gets_a_conflict_and_keeps_their_text(
    editor_client, reviewer_client, editor, event
):
    editor.first_name, editor.last_name = "Olena", "Editor"
    editor.save()
    first, second = open_form(editor_client, event), open_form(reviewer_client, event)
    assert save(editor_client, event, first, summary="The first editor's summary.").status_code == 302

    response = save(reviewer_client, event, second, summary="The second editor's summary.")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Olena Editor saved this entry at" in page and CONFLICT in page and KEPT in page
    assert change_form_data(page)["summary"] == "The second editor's summary."
    assert Event.objects.get(pk=event.pk).summary == "The first editor's summary."


def test_saving_after_reloading_the_entry_goes_through(editor_client, reviewer_client, event):
    stale = open_form(reviewer_client, event)
    assert save(editor_client, event, open_form(editor_client, event), summary="First.").status_code == 302
    assert save(reviewer_client, event, stale, summary="Second.").status_code == 200

    reloaded = open_form(reviewer_client, event)
    assert reloaded["summary"] == "First."
    assert save(reviewer_client, event, reloaded, summary="Second, on top of the first.").status_code == 302
    assert Event.objects.get(pk=event.pk).summary == "Second, on top of the first."


def test_saving_the_conflict_page_again_knowingly_replaces_the_other_version(
    editor_client, reviewer_client, event
):
    stale = open_form(reviewer_client, event)
    assert save(editor_client, event, open_form(editor_client, event), summary="First.").status_code == 302
    conflict = save(reviewer_client, event, stale, summary="Second.").content.decode()

    assert save(reviewer_client, event, change_form_data(conflict)).status_code == 302
    assert Event.objects.get(pk=event.pk).summary == "Second."
    # The version marker is bookkeeping, not one of the changes the history lists.
    assert LogEntry.objects.order_by("pk").last().get_change_message() == "Changed Summary."


def test_a_save_with_no_change_in_between_goes_through_twice(editor_client, event):
    assert 'name="loaded_version"' in editor_client.get(change_url(event)).content.decode()
    for summary in ("Once.", "Twice."):
        assert save(editor_client, event, open_form(editor_client, event), summary=summary).status_code == 302
        assert Event.objects.get(pk=event.pk).summary == summary


def test_a_change_to_only_the_participants_also_counts(editor_client, reviewer_client, event):
    stale = open_form(reviewer_client, event)
    form = open_form(editor_client, event)
    assert save(editor_client, event, form, **{f"{PARTICIPATIONS}-0-note": "Noted first."}).status_code == 302

    response = save(reviewer_client, event, stale, **{f"{PARTICIPATIONS}-0-note": "Noted second."})

    assert CONFLICT in response.content.decode()
    assert Participation.objects.filter(event=event, note="Noted first.").exists()
    assert not Participation.objects.filter(event=event, note="Noted second.").exists()


def test_publishing_from_the_list_in_between_counts_as_a_change(editor_client, reviewer_client, event):
    Event.objects.filter(pk=event.pk).update(publication_status="review")
    stale = open_form(editor_client, event)
    reviewer_client.post("/admin/kb/event/", {"action": "publish", "_selected_action": [str(event.pk)]})
    assert Event.objects.get(pk=event.pk).is_published

    response = save(editor_client, event, stale, summary="Edited meanwhile.")

    assert CONFLICT in response.content.decode()
    assert Event.objects.get(pk=event.pk).summary != "Edited meanwhile."


@pytest.mark.parametrize(
    "version",
    ["", "yesterday", "2016-02-12T10:00:00", "2016-02-12T10:00:00+99:00", "x" * 5000],
)
def test_a_damaged_version_is_refused_with_a_message_not_an_error(editor_client, event, version):
    response = save(
        editor_client, event, open_form(editor_client, event), summary="Kept?", loaded_version=version
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert DAMAGED in page
    assert change_form_data(page)["summary"] == "Kept?"
    assert Event.objects.get(pk=event.pk).summary != "Kept?"


def test_an_old_but_well_formed_version_is_a_conflict(editor_client, event):
    old = "2016-02-12T10:00:00.000000+00:00"
    response = save(
        editor_client, event, open_form(editor_client, event), summary="Kept?", loaded_version=old
    )

    assert CONFLICT in response.content.decode()
    assert Event.objects.get(pk=event.pk).summary != "Kept?"


def test_a_form_posted_without_a_version_is_refused_and_changes_nothing(editor_client, event):
    form = open_form(editor_client, event)
    del form["loaded_version"]
    response = save(editor_client, event, form, summary="Posted without.")
    assert response.status_code == 200
    assert "record of which version of the entry you opened is damaged" in response.content.decode()
    assert Event.objects.get(pk=event.pk).summary == event.summary


def test_an_entry_deleted_by_someone_else_is_not_saved_back(editor_client, event, monkeypatch):
    form = open_form(editor_client, event)
    monkeypatch.setattr(EntryAdminForm, "_current_version", lambda self: None)
    response = save(editor_client, event, form, summary="Saved over a deleted entry.")
    assert response.status_code == 200
    assert "Someone else deleted this entry after you opened it" in response.content.decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Only PostgreSQL locks rows; SQLite has no FOR UPDATE."
)
def test_the_check_locks_the_entry_row_until_the_save_commits(editor_client, event):
    form = open_form(editor_client, event)
    with CaptureQueriesContext(connection) as queries:
        assert save(editor_client, event, form, summary="Locked.").status_code == 302
    table = Event._meta.db_table
    assert any("FOR UPDATE" in query["sql"] and table in query["sql"] for query in queries)


def test_a_participation_changed_from_the_event_makes_the_actors_open_page_stale(
    editor_client, reviewer_client, event
):
    participation = event.participations.select_related("actor").first()
    actor = participation.actor
    actor_page = open_form(reviewer_client, actor)
    event_page = open_form(editor_client, event)
    row = next(
        key.removesuffix("-id")
        for key, value in event_page.items()
        if key.startswith(f"{PARTICIPATIONS}-") and key.endswith("-id") and value == str(participation.pk)
    )
    event_page[f"{row}-note"] = "Changed from the event's page."
    assert save(editor_client, event, event_page).status_code == 302

    response = save(reviewer_client, actor, actor_page, description="Changed from the actor's page.")

    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert Participation.objects.get(pk=participation.pk).note == "Changed from the event's page."


def test_a_citation_changed_on_its_own_page_makes_the_cited_entrys_open_page_stale(
    editor_client, reviewer_client, event
):
    citation = event.citations.first()
    event_page = open_form(reviewer_client, event)
    citation_page = open_form(editor_client, citation)
    assert save(editor_client, citation, citation_page, locator="p. 2").status_code == 302

    response = save(reviewer_client, event, event_page, summary="Saved over a changed citation.")

    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert Event.objects.get(pk=event.pk).summary == event.summary
