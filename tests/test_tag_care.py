"""Slug changes, tag renames and merges keep old addresses working; orphaned tags can be found and removed."""

import pytest
import reversion
from django.contrib.redirects.models import Redirect
from django.test import Client
from reversion.models import Version

from kb.models import Actor, Citation, Event, Tag
from tests.admin_forms import CITATIONS, article, change_form_data, inline, resave
from tests.factories import make_event

pytestmark = pytest.mark.django_db


def assert_moved(old, new):
    response = Client().get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new


def test_a_changed_slug_redirects_permanently_from_every_old_address(editor_client):
    event = Event.objects.get(slug="minsk-summit-august-2014")
    resave(editor_client, event, slug="minsk-summit-of-august-2014")
    assert_moved("/events/minsk-summit-august-2014/", "/events/minsk-summit-of-august-2014/")
    assert_moved(
        "/events/minsk-summit-august-2014/connections/", "/events/minsk-summit-of-august-2014/connections/"
    )
    assert Client().get("/events/minsk-summit-of-august-2014/").status_code == 200


def test_successive_renames_lead_straight_to_the_latest_address(editor_client):
    actor = Actor.objects.get(slug="osce")
    resave(editor_client, actor, slug="osce-2")
    resave(editor_client, Actor.objects.get(pk=actor.pk), slug="osce-3")
    assert_moved("/actors/osce/", "/actors/osce-3/")
    assert_moved("/actors/osce-2/", "/actors/osce-3/")


def test_going_back_to_an_old_slug_leaves_no_loop(editor_client):
    actor = Actor.objects.get(slug="osce")
    resave(editor_client, actor, slug="osce-renamed")
    resave(editor_client, Actor.objects.get(pk=actor.pk), slug="osce")
    assert Client().get("/actors/osce/").status_code == 200
    assert_moved("/actors/osce-renamed/", "/actors/osce/")


def test_restoring_an_older_slug_redirects_from_the_newer_one(editor_client):
    actor = Actor.objects.get(slug="osce")
    resave(editor_client, actor, slug="osce-renamed")
    seeded = Version.objects.get_for_object(actor).last()
    url = f"/admin/kb/actor/{actor.pk}/history/{seeded.pk}/"
    assert (
        editor_client.post(url, change_form_data(editor_client.get(url).content.decode())).status_code == 302
    )
    assert Client().get("/actors/osce/").status_code == 200
    assert_moved("/actors/osce-renamed/", "/actors/osce/")


def test_a_deleted_entry_leaves_no_redirect_into_nothing(editor_client, reviewer_client):
    event = make_event(name="Soon renamed")
    event.citations.create(source=article(), quote="Minsk hosted major summits")
    resave(editor_client, event, slug="renamed-once")
    assert Redirect.objects.filter(new_path="/events/renamed-once/").exists()
    assert reviewer_client.post(f"/admin/kb/event/{event.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Redirect.objects.filter(new_path="/events/renamed-once/").exists()
    assert Client().get(f"/events/{event.slug}/").status_code == 404


def test_an_unknown_slug_is_still_a_plain_404(client):
    response = client.get("/events/no-such-event/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


class TestRename:
    def test_a_renamed_tag_takes_a_new_address_and_the_old_one_redirects(self, editor_client):
        tag = Tag.objects.get(slug="good-offices")
        data = {"name": "Good offices of Belarus", "slug": tag.slug, "description": tag.description}
        response = editor_client.post(f"/admin/kb/tag/{tag.pk}/change/", {**data, **inline(CITATIONS, [])})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Tag.objects.get(pk=tag.pk).slug == "good-offices-of-belarus"
        assert_moved("/tags/good-offices/", "/tags/good-offices-of-belarus/")
        assert "Good offices of Belarus" in Client().get("/tags/good-offices-of-belarus/").content.decode()

    def test_an_editor_may_choose_the_new_slug(self, editor_client):
        tag = Tag.objects.get(slug="good-offices")
        data = {"name": "Good offices (Belarus)", "slug": "belarusian-good-offices", "description": ""}
        assert (
            editor_client.post(
                f"/admin/kb/tag/{tag.pk}/change/", {**data, **inline(CITATIONS, [])}
            ).status_code
            == 302
        )
        assert_moved("/tags/good-offices/", "/tags/belarusian-good-offices/")

    def test_a_rename_onto_another_tags_address_suggests_a_merge(self, editor_client):
        tag, other = Tag.objects.get(slug="good-offices"), Tag.objects.exclude(slug="good-offices").first()
        data = {"name": other.name.upper(), "slug": tag.slug, "description": ""}
        response = editor_client.post(f"/admin/kb/tag/{tag.pk}/change/", {**data, **inline(CITATIONS, [])})
        assert response.status_code == 200
        assert "merge the two tags instead" in response.content.decode()
        assert Tag.objects.get(pk=tag.pk).name == "good offices"


def tagged(*names):
    event = make_event(tags=names)
    event.citations.create(source=article(), quote="Minsk hosted major summits")
    return event


def merge(client, keep, *tags, confirm=True):
    data = {"action": "merge_selected", "_selected_action": [str(tag.pk) for tag in (keep, *tags)]}
    if confirm:
        data["keep"] = str(keep.pk)
    return client.post("/admin/kb/tag/", data, follow=True)


class TestMerge:
    def test_merging_moves_entries_and_citations_and_redirects_the_old_page(self, reviewer_client, reviewer):
        both, only_old = tagged("kept theme", "old theme"), tagged("old theme")
        kept, old = Tag.objects.get(name="kept theme"), Tag.objects.get(name="old theme")
        Citation.objects.create(content_object=old, source=article(), quote="neutral venue")

        confirmation = merge(reviewer_client, kept, old, confirm=False).content.decode()
        assert "Which tag should the others become?" in confirmation
        assert Tag.objects.filter(pk=old.pk).exists()  # nothing happens before confirming

        html = merge(reviewer_client, kept, old).content.decode()
        assert "Merged “old theme” into “kept theme”; 2 entries now carry it" in html
        assert not Tag.objects.filter(pk=old.pk).exists()
        for event in (both, only_old):
            assert [tag.name for tag in Event.objects.get(pk=event.pk).tags.all()] == ["kept theme"]
        assert kept.citations.get().quote == "neutral venue"
        assert_moved("/tags/old-theme/", "/tags/kept-theme/")
        revision = Version.objects.get_for_object(only_old).first().revision
        assert (revision.user, revision.comment) == (
            reviewer,
            "Merged the tags “old theme” into “kept theme”.",
        )

    def test_an_entry_restored_from_before_a_merge_carries_the_kept_tag(self, reviewer_client, editor_client):
        event = Event.objects.get(slug="minsk-summit-august-2014")
        seeded = Version.objects.get_for_object(event).last()
        old_names = [tag.name for tag in event.tags.all()]
        kept = Tag.objects.create(name="merged theme")
        merge(reviewer_client, kept, *event.tags.all())
        assert [tag.name for tag in Event.objects.get(pk=event.pk).tags.all()] == ["merged theme"]
        url = f"/admin/kb/event/{event.pk}/history/{seeded.pk}/"
        form = change_form_data(editor_client.get(url).content.decode())
        assert form["tags"] == "merged theme", old_names
        assert editor_client.post(url, form).status_code == 302

    def test_editors_cannot_merge(self, editor_client):
        first, second = Tag.objects.all()[:2]
        assert 'value="merge_selected"' not in editor_client.get("/admin/kb/tag/").content.decode()
        merge(editor_client, first, second)
        assert Tag.objects.filter(pk=second.pk).exists()

    def test_merging_needs_two_tags_and_a_choice_among_them(self, reviewer_client):
        first, second, third = Tag.objects.all()[:3]
        assert "Choose at least two tags to merge." in merge(reviewer_client, first).content.decode()
        data = {"action": "merge_selected", "_selected_action": [first.pk, second.pk], "keep": str(third.pk)}
        html = reviewer_client.post("/admin/kb/tag/", data, follow=True).content.decode()
        assert "Choose which of the selected tags to keep." in html
        assert Tag.objects.filter(pk__in=[first.pk, second.pk, third.pk]).count() == 3


class TestOrphans:
    def test_orphaned_tags_are_listed_and_only_they_are_removed(self, reviewer_client):
        orphan = Tag.objects.create(name="nobody uses this")
        used = Tag.objects.get(slug="good-offices")
        listing = reviewer_client.get("/admin/kb/tag/?used=no").content.decode()
        assert "nobody uses this" in listing and "good offices" not in listing
        data = {"action": "delete_orphaned", "_selected_action": [orphan.pk, used.pk]}
        html = reviewer_client.post("/admin/kb/tag/", data, follow=True).content.decode()
        assert "Deleted 1 orphaned tags: nobody uses this." in html
        assert "Kept 1 tags that entries still carry." in html
        assert not Tag.objects.filter(pk=orphan.pk).exists() and Tag.objects.filter(pk=used.pk).exists()

    def test_old_versions_stay_restorable_after_their_tag_is_deleted(self, editor_client):
        event = tagged("passing theme")
        with reversion.create_revision():
            reversion.add_to_revision(event)
        version = Version.objects.get_for_object(event).get()
        theme = Tag.objects.get(name="passing theme")
        event.tags.clear()
        theme.delete()
        url = f"/admin/kb/event/{event.pk}/history/{version.pk}/"
        response = editor_client.get(url)
        assert response.status_code == 200
        assert change_form_data(response.content.decode())["tags"] == ""


class TestSuggestions:
    URL = "/admin/kb/tag-suggestions/"

    def test_an_editor_gets_existing_tags_matching_what_they_type(self, editor_client):
        answer = editor_client.get(self.URL, {"term": "NEUTRAL"}).json()
        names = [result["text"] for result in answer["results"]]
        assert "neutral venue" in names
        assert all("neutral" in name.lower() for name in names)
        assert all(result["id"] == result["text"] for result in answer["results"])

    def test_with_nothing_typed_the_most_used_tags_come_first(self, editor_client):
        names = [result["text"] for result in editor_client.get(self.URL).json()["results"]]
        uses = {tag.name: tag.tagged_entries.count() for tag in Tag.objects.filter(name__in=names)}
        assert [uses[name] for name in names] == sorted(uses.values(), reverse=True)

    @pytest.mark.parametrize("term", ["\x00zzz", "x" * 5000, "' OR 1=1 --", "<script>"])
    def test_odd_input_gets_an_answer_not_an_error(self, editor_client, term):
        response = editor_client.get(self.URL, {"term": term})
        assert response.status_code == 200 and response.json()["results"] == []

    def test_only_editors_may_ask(self, client):
        response = client.get(self.URL, {"term": "neutral"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_the_tag_box_carries_the_picker(self, editor_client):
        html = editor_client.get("/admin/kb/event/add/").content.decode()
        assert f'data-tag-suggestions="{self.URL}"' in html
        assert "kb/admin/tag-picker.js" in html


def test_a_tag_name_without_a_letter_or_digit_is_refused(editor_client):
    event = Event.objects.get(slug="minsk-summit-august-2014")
    url = f"/admin/kb/event/{event.pk}/change/"
    form = change_form_data(editor_client.get(url).content.decode())
    form["tags"] = "peace talks, !!!"
    response = editor_client.post(url, form)
    assert response.status_code == 200
    assert (
        "A tag name needs at least one letter or digit, to make its address: !!!" in response.content.decode()
    )
    assert not Tag.objects.filter(name="!!!").exists()


def test_an_entry_that_carried_both_merged_tags_still_restores(reviewer_client, editor_client):
    event = tagged("theme one", "theme two")
    with reversion.create_revision():
        reversion.add_to_revision(event)
    before = Version.objects.get_for_object(event).get()
    merge(reviewer_client, Tag.objects.get(name="theme one"), Tag.objects.get(name="theme two"))
    url = f"/admin/kb/event/{event.pk}/history/{before.pk}/"
    form = change_form_data(editor_client.get(url).content.decode())
    assert form["tags"] == "theme one"
    assert editor_client.post(url, form).status_code == 302
    assert [tag.name for tag in Event.objects.get(pk=event.pk).tags.all()] == ["theme one"]


def test_a_slug_too_long_to_redirect_saves_without_a_redirect(editor_client):
    event = Event.objects.get(slug="minsk-summit-august-2014")
    resave(editor_client, event, slug="s" * 195)
    assert Client().get(f"/events/{'s' * 195}/").status_code == 200
    assert not Redirect.objects.filter(new_path__contains="s" * 195).exists()


def test_an_unpublished_entry_leaves_no_public_trail_to_its_new_slug(reviewer_client, editor_client):
    event = Event.objects.get(slug="minsk-summit-august-2014")
    reviewer_client.post("/admin/kb/event/", {"action": "unpublish", "_selected_action": [str(event.pk)]})
    resave(editor_client, Event.objects.get(pk=event.pk), slug="quietly-renamed")
    assert Client().get("/events/minsk-summit-august-2014/").status_code == 404
    assert not Redirect.objects.filter(new_path__contains="quietly-renamed").exists()


def test_a_renamed_tags_feed_redirects_to_its_new_feed(client):
    tag = Tag.objects.get(slug="good-offices")
    tag.name, tag.slug = "good offices (mediation)", "good-offices-mediation"
    tag.save()
    response = client.get("/tags/good-offices/feed/")
    assert response.status_code == 301
    assert response["Location"] == "/tags/good-offices-mediation/feed/"
    assert client.get(response["Location"]).status_code == 200
