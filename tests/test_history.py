"""Revision history in the admin: every change recorded, any two versions compared, any one restored."""

import json
import re

import pytest
from django.test import Client
from reversion.models import Version

from kb.history import word_diff
from kb.models import Actor, Event, PublicationStatus, SearchDocument
from tests.admin_forms import (
    CITATIONS,
    PARTICIPATIONS,
    article,
    as_opened,
    change_form_data,
    citation,
    event_form,
    inline,
    participants,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_event(editor_client):
    """An event added, then changed: new summary, one tag swapped, a participant and a citation replaced."""
    first = event_form(
        participants(("belarus", "host")),
        [citation("Minsk hosted major summits")],
        summary="Leaders met in the capital.",
        tags="first tag, kept tag",
        publication_status="draft",
    )
    assert editor_client.post("/admin/kb/event/add/", first).status_code == 302
    event = Event.objects.get(slug="test-summit-in-minsk")
    second = {
        **event_form(
            summary="Leaders met quietly in the capital.",
            tags="kept tag, second tag",
            publication_status="draft",
        ),
        **inline(
            PARTICIPATIONS,
            [
                {
                    **participants(("belarus", "host"))[0],
                    "id": str(event.participations.get().pk),
                    "DELETE": "on",
                },
                *participants(("russia", "party")),
            ],
        ),
        **inline(
            CITATIONS,
            [
                {
                    **citation("Minsk hosted major summits"),
                    "id": str(event.citations.get().pk),
                    "DELETE": "on",
                },
                citation("a neutral venue for peace talks"),
            ],
        ),
    }
    second[f"{PARTICIPATIONS}-INITIAL_FORMS"] = "1"
    second[f"{CITATIONS}-INITIAL_FORMS"] = "1"
    response = editor_client.post(f"/admin/kb/event/{event.pk}/change/", as_opened(event, second))
    assert response.status_code == 302, response.content.decode()[:3000]
    return event


def versions(entry):
    return list(Version.objects.get_for_object(entry).select_related("revision__user"))


def main_content(html):
    return html[html.index('<div id="content-main"') :]


def tag_names(event):
    return sorted(tag.name for tag in Event.objects.get(pk=event.pk).tags.all())


def test_every_admin_save_is_recorded_with_who_and_when(edited_event, editor, editor_client):
    newer, older = versions(edited_event)
    assert newer.revision.user == editor and older.revision.user == editor
    assert newer.revision.date_created >= older.revision.date_created
    history = editor_client.get(f"/admin/kb/event/{edited_event.pk}/history/").content.decode()
    assert history.count('name="old"') == 2
    added = "Added participation “Russia — Party — Test summit in Minsk”."
    assert f"<td>Changed Summary and Tags. {added}" in history
    assert "editor" in history


def test_two_versions_differ_field_by_field_with_tags_participants_and_citations(edited_event, editor_client):
    newer, older = versions(edited_event)
    html = editor_client.get(
        f"/admin/kb/event/{edited_event.pk}/history/compare/", {"old": older.pk, "new": newer.pk}
    ).content.decode()
    summary_row = re.search(r"<th scope=\"row\">Summary</th><td class=\"kb-diff\">(.*?)</td>", html).group(1)
    assert summary_row == "Leaders met<ins> quietly</ins> in the capital."
    assert "<ins>Added: second tag</ins>" in html
    assert "<del>Removed: first tag</del>" in html
    assert "kept tag" not in html
    assert "<ins>Added: Russia — Party</ins>" in html
    assert "<del>Removed: Belarus — Host</del>" in html
    title = article().title
    assert f"<ins>Added: {title}: “a neutral venue for peace talks”</ins>" in html
    assert f"<del>Removed: {title}: “Minsk hosted major summits”</del>" in html
    assert ">Name</th>" not in html  # unchanged fields are left out


def test_the_order_of_the_two_versions_does_not_matter(edited_event, editor_client):
    newer, older = versions(edited_event)
    url = f"/admin/kb/event/{edited_event.pk}/history/compare/"
    forwards = editor_client.get(url, {"old": older.pk, "new": newer.pk}).content.decode()
    backwards = editor_client.get(url, {"old": newer.pk, "new": older.pk}).content.decode()
    assert "<ins> quietly</ins>" in forwards
    assert main_content(forwards) == main_content(backwards)


def test_restoring_a_version_brings_back_its_fields_tags_participants_and_citations(
    edited_event, editor_client
):
    newer, older = versions(edited_event)
    url = f"/admin/kb/event/{edited_event.pk}/history/{older.pk}/"
    form = change_form_data(editor_client.get(url).content.decode())
    assert form["summary"] == "Leaders met in the capital."
    assert form["tags"] == "first tag, kept tag"
    assert tag_names(edited_event) == ["kept tag", "second tag"]  # looking changes nothing

    response = editor_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(pk=edited_event.pk)
    assert event.summary == "Leaders met in the capital."
    assert tag_names(event) == ["first tag", "kept tag"]
    assert list(event.participations.values_list("actor__slug", "role")) == [("belarus", "host")]
    assert list(event.citations.values_list("quote", flat=True)) == ["Minsk hosted major summits"]
    assert versions(event)[0].revision.comment.startswith("Reverted to previous version")
    document = SearchDocument.objects.get(content_type__model="event", object_id=event.pk)
    assert "Leaders met in the capital." in document.text and "quietly" not in document.text


def restore(client, entry, version):
    url = f"/admin/kb/event/{entry.pk}/history/{version.pk}/"
    response = client.post(url, change_form_data(client.get(url).content.decode()))
    assert response.status_code == 302, response.content.decode()[:3000]


def test_restoring_never_changes_whether_the_entry_is_public(edited_event, editor_client, reviewer_client):
    newer, older = versions(edited_event)  # both recorded as drafts
    Event.objects.filter(pk=edited_event.pk).update(publication_status=PublicationStatus.PUBLISHED)
    for client in (editor_client, reviewer_client):
        restore(client, edited_event, older)
        assert Event.objects.get(pk=edited_event.pk).publication_status == PublicationStatus.PUBLISHED
    assert "Leaders met in the capital." in Client().get(edited_event.get_absolute_url()).content.decode()


def test_restoring_a_published_version_does_not_publish_a_draft(edited_event, editor_client):
    newer, older = versions(edited_event)
    data = json.loads(older.serialized_data)
    data[0]["fields"]["publication_status"] = "published"
    Version.objects.filter(pk=older.pk).update(serialized_data=json.dumps(data))
    restore(editor_client, edited_event, older)
    assert Event.objects.get(pk=edited_event.pk).publication_status == PublicationStatus.DRAFT


def test_history_still_reads_and_restores_after_a_field_is_added(edited_event, editor_client):
    """Versions saved before a migration added a field lack it; they still compare and restore."""
    newer, older = versions(edited_event)
    data = json.loads(older.serialized_data)
    del data[0]["fields"]["outcome"]
    data[0]["fields"]["a_field_since_removed"] = "old value"
    Version.objects.filter(pk=older.pk).update(serialized_data=json.dumps(data))
    compare = editor_client.get(
        f"/admin/kb/event/{edited_event.pk}/history/compare/", {"old": older.pk, "new": newer.pk}
    )
    assert compare.status_code == 200 and "quietly" in compare.content.decode()
    assert editor_client.get(f"/admin/kb/event/{edited_event.pk}/history/{older.pk}/").status_code == 200


def test_a_version_pointing_at_a_deleted_actor_is_refused_with_a_message(edited_event, editor_client):
    newer, older = versions(edited_event)
    gone = Actor.objects.create(name="Gone envoy", slug="gone-envoy", kind="person")
    data = None
    for version in older.revision.version_set.all():
        if version.content_type.model == "participation":
            data = json.loads(version.serialized_data)
            data[0]["fields"]["actor"] = gone.pk
            Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))
    assert data is not None
    gone_pk = gone.pk
    gone.delete()
    response = editor_client.get(f"/admin/kb/event/{edited_event.pk}/history/{older.pk}/", follow=True)
    html = response.content.decode()
    assert "This version cannot be restored" in html and f"actor #{gone_pk}, used by" in html


@pytest.mark.parametrize(
    "query",
    [{}, {"old": "abc", "new": "1"}, {"old": "99999999999999999999999"}, {"old": "-1", "new": "%00"}],
)
def test_a_bad_comparison_request_explains_itself(edited_event, editor_client, query):
    response = editor_client.get(f"/admin/kb/event/{edited_event.pk}/history/compare/", query, follow=True)
    assert response.status_code == 200
    assert "Choose two versions of this entry to compare." in response.content.decode()


def test_versions_of_another_entry_cannot_be_compared_here(edited_event, editor_client):
    other = Event.objects.get(slug="minsk-summit-august-2014")
    theirs = versions(other)[0]
    newer, _ = versions(edited_event)
    response = editor_client.get(
        f"/admin/kb/event/{edited_event.pk}/history/compare/",
        {"old": theirs.pk, "new": newer.pk},
        follow=True,
    )
    assert "Choose two versions of this entry to compare." in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/admin/kb/event/99999/history/compare/", "/admin/kb/event/abc/history/compare/"]
)
def test_comparing_an_unknown_entry_goes_back_to_the_list(editor_client, url):
    response = editor_client.get(url, follow=True)
    assert response.status_code == 200
    assert "doesn’t exist" in response.content.decode()


def test_anonymous_visitors_cannot_read_history(edited_event):
    for url in (
        f"/admin/kb/event/{edited_event.pk}/history/",
        f"/admin/kb/event/{edited_event.pk}/history/compare/",
    ):
        response = Client().get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_diff_escapes_what_it_shows():
    html = word_diff("safe words", "safe <script>alert(1)</script> words")
    assert "<script>" not in html
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt; </ins>" in html


def test_seeded_entries_start_with_a_recorded_version():
    event = Event.objects.get(slug="minsk-summit-august-2014")
    first = versions(event)[-1]
    assert first.revision.comment == "Loaded from the seed."
    assert first.field_dict["name"] == event.name


def test_a_deleted_entry_comes_back_as_a_draft(reviewer_client):
    event = Event.objects.get(slug="minsk-summit-august-2014")
    url = event.get_absolute_url()
    assert reviewer_client.post(f"/admin/kb/event/{event.pk}/delete/", {"post": "yes"}).status_code == 302
    deleted = Version.objects.get_deleted(Event).get(object_id=str(event.pk))
    recover = f"/admin/kb/event/recover/{deleted.pk}/"
    form = change_form_data(reviewer_client.get(recover).content.decode())
    response = reviewer_client.post(recover, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    recovered = Event.objects.get(pk=event.pk)
    assert recovered.publication_status == PublicationStatus.DRAFT
    assert Client().get(url).status_code == 404


class TestRestoringIsBoundedToItsEntry:
    """Found by an adversarial review: restores reached entries and models they should not."""

    def published_offer(self):
        return Event.objects.get(slug="proposed-peace-talks-in-minsk")

    def test_another_models_recover_or_revision_address_is_a_404(self, reviewer_client, editor_client):
        event = self.published_offer()
        run = {"action": "unpublish", "_selected_action": [str(event.pk)]}
        reviewer_client.post("/admin/kb/event/", run)
        published_version = versions(event)[1]
        for url in (
            f"/admin/kb/venue/recover/{published_version.pk}/",
            f"/admin/kb/tag/recover/{published_version.pk}/",
            f"/admin/kb/source/recover/{published_version.pk}/",
            f"/admin/kb/venue/{event.pk}/history/{published_version.pk}/",
        ):
            assert editor_client.post(url, {}).status_code == 404, url
        assert Event.objects.get(pk=event.pk).publication_status == PublicationStatus.DRAFT

    def test_restoring_one_entry_leaves_the_others_in_its_revision_as_they_are(
        self, reviewer_client, editor_client
    ):
        first, second = Event.objects.published().filter(citations__isnull=False).order_by("pk")[:2]
        both = {"_selected_action": [str(first.pk), str(second.pk)]}
        reviewer_client.post("/admin/kb/event/", {"action": "unpublish", **both})
        reviewer_client.post("/admin/kb/event/", {"action": "publish", **both})
        reviewer_client.post("/admin/kb/event/", {"action": "unpublish", **both})
        published_together = versions(first)[1]
        restore(editor_client, first, published_together)
        for event in (first, second):
            assert Event.objects.get(pk=event.pk).publication_status == PublicationStatus.DRAFT

    def test_recover_is_only_for_deleted_entries(self, editor_client):
        event = self.published_offer()
        response = editor_client.post(f"/admin/kb/event/recover/{versions(event)[0].pk}/", {}, follow=True)
        assert "This entry was not deleted" in response.content.decode()
        assert Event.objects.get(pk=event.pk).is_published

    @pytest.mark.parametrize(
        "url",
        [
            "/admin/kb/event/abc/history/5/",
            "/admin/kb/event/1%00/history/5/",
        ],
    )
    def test_odd_restore_addresses_are_404s(self, editor_client, url):
        assert editor_client.get(url).status_code == 404

    @pytest.mark.parametrize("url", ["/admin/kb/event/1/history/%C2%B2/", "/admin/kb/event/recover/%C2%B2/"])
    def test_addresses_with_other_digits_end_on_a_page_not_an_error(self, editor_client, url):
        response = editor_client.get(url, follow=True)
        assert response.status_code == 200 and "doesn’t exist" in response.content.decode()

    @pytest.mark.parametrize("url", ["/admin/kb/event/%00/history/", "/admin/kb/event/1%00/history/"])
    def test_odd_history_addresses_go_back_to_the_list(self, editor_client, url):
        response = editor_client.get(url, follow=True)
        assert response.status_code == 200 and "doesn’t exist" in response.content.decode()


def test_unicode_digits_are_not_ids(editor_client, client):
    assert client.get("/events/proposed-peace-talks-in-minsk/?version=%C2%B2").status_code == 200
    event = Event.objects.get(slug="proposed-peace-talks-in-minsk")
    compare = editor_client.get(f"/admin/kb/event/{event.pk}/history/compare/", {"old": "²", "new": "1"})
    assert compare.status_code == 302
    action = {"action": "submit_for_review", "_selected_action": ["²"]}
    response = editor_client.post("/admin/kb/event/", action, follow=True)
    assert "The selection was not valid, so nothing was done." in response.content.decode()
