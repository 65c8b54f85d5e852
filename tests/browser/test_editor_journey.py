"""An editor works in the real Django admin, and the public site shows the result."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from kb.models import Event

PASSWORD = "a-long-admin-password-for-tests"
CITATIONS = "kb-citation-content_type-object_id"


@pytest.fixture
def admin_user(django_user_model, site):
    return django_user_model.objects.create_superuser("journey-admin", password=PASSWORD)


def log_in(page, site, username):
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Entries")).to_be_visible()


def type_search(page, endpoint, typed):
    """Type into the open select2 box and wait for the server's answer to exactly that text."""

    def answers(response):
        query = parse_qs(urlparse(response.url).query)
        return endpoint in response.url and query.get("term") == [typed]

    with page.expect_response(answers):
        page.locator(".select2-search__field").last.fill(typed)


def choose(page, select_id, text):
    """Pick an option in one of the admin's autocomplete (select2) widgets."""
    page.locator(f"#{select_id} + .select2").click()
    type_search(page, "/admin/autocomplete/", text)
    page.locator(".select2-results__option", has_text=text).first.click()
    expect(page.locator(f"#{select_id} option:checked")).to_contain_text(text)


def pick_tag(page, typed, name):
    """Choose an existing tag from the picker's suggestions."""
    page.locator("#id_tags_picker + .select2").click()
    type_search(page, "/admin/kb/tag-suggestions/", typed)
    page.locator(".select2-results__option", has_text=name).first.click()


def new_tag(page, name):
    """Type a tag no entry has yet, and add it with Enter."""
    page.locator("#id_tags_picker + .select2").click()
    field = page.locator(".select2-search__field").last
    field.press_sequentially(name)
    expect(page.locator(".select2-results__option--highlighted")).to_have_text(name)
    field.press("Enter")


def make_in_popup(page, field_id, name, kind):
    """Create a related entry with the admin's + link and see the form take it."""
    with page.expect_popup() as popup_info:
        page.locator(f"#add_{field_id}").click()
    popup = popup_info.value
    popup.get_by_label("Name:").press_sequentially(name)
    popup.get_by_label("Kind:").select_option(label=kind)
    with popup.expect_event("close"):  # set up first: the pop-up may close at once
        popup.locator("input[name=_save]").first.click()
    expect(page.locator(f"#{field_id} option:checked")).to_have_text(name)


def add_inline_row(page, group_id):
    page.locator(f"#{group_id}-group .add-row a").click()


def test_an_admin_creates_edits_and_deletes_an_event_seen_on_the_public_site(page, site, admin_user):
    log_in(page, site, admin_user.username)
    page.goto(site + "/admin/kb/event/add/")
    page.get_by_label("Name:").press_sequentially("Browser test summit")
    expect(page.get_by_label("Slug:")).to_have_value("browser-test-summit")
    page.get_by_label("Kind:").select_option(label="Summit")
    page.get_by_label("Date:", exact=True).fill("2016-05")
    choose(page, "id_venue", "Minsk")
    page.get_by_label("Summary:").fill("A summit made in the **browser**.")
    pick_tag(page, "neutral", "neutral venue")
    new_tag(page, "browser journey")
    page.get_by_label("Publication status:").select_option(label="Published")

    add_inline_row(page, "participations")
    choose(page, "id_participations-0-actor", "Belarus")
    page.locator("#id_participations-0-role").select_option(label="Host")
    add_inline_row(page, "participations")
    choose(page, "id_participations-1-actor", "Organization for Security")
    page.locator("#id_participations-1-role").select_option(label="Mediator")

    add_inline_row(page, CITATIONS)
    choose(page, f"id_{CITATIONS}-0-source", "Belarus Offers")
    page.locator(f"#id_{CITATIONS}-0-quote").fill("Minsk hosted major summits")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    event = Event.objects.get(slug="browser-test-summit")
    page.goto(site + event.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Browser test summit")
    roles = page.locator("table.roles")
    expect(roles).to_contain_text("Belarus")
    expect(roles).to_contain_text("Host")
    expect(roles).to_contain_text("Organization for Security and Cooperation in Europe")
    expect(roles).to_contain_text("Mediator")
    expect(page.locator(".citations")).to_contain_text("Minsk hosted major summits")
    expect(page.locator(".prose strong")).to_have_text("browser")

    page.locator(".detail__header").get_by_role("link", name="browser journey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("browser journey")
    expect(page.get_by_role("link", name="Browser test summit")).to_be_visible()

    page.goto(site + f"/admin/kb/event/{event.pk}/change/")
    page.get_by_label("Name:").fill("Browser test summit, corrected")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(site + event.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Browser test summit, corrected")

    page.goto(site + f"/admin/kb/event/{event.pk}/change/")
    page.get_by_role("link", name="Delete").first.click()
    page.get_by_role("button", name="Yes, I’m sure").click()
    expect(page.locator(".messagelist")).to_contain_text("was deleted successfully")
    response = page.goto(site + event.get_absolute_url())
    assert response.status == 404
    assert not Event.objects.filter(pk=event.pk).exists()


def test_an_editor_sees_no_delete_button_and_no_user_management(page, site, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("journey-editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    log_in(page, site, editor.username)
    expect(page.get_by_role("link", name="Users")).to_have_count(0)
    event = Event.objects.get(slug="minsk-summit-august-2014")
    page.goto(site + f"/admin/kb/event/{event.pk}/change/")
    expect(page.get_by_role("button", name="Save", exact=True).first).to_be_visible()
    expect(page.locator("a.deletelink")).to_have_count(0)


def test_an_editor_sees_a_live_preview_of_markdown_as_readers_will(page, site, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("preview-editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    log_in(page, site, editor.username)
    page.goto(site + "/admin/kb/event/add/")
    body = page.get_by_label("Body:")
    body.fill("Talks in **Minsk** <script>window.__pwned = 1</script>")
    body.press("End")
    preview = page.locator("#id_body + .markdown-preview .markdown-preview__body")
    expect(preview.locator("strong")).to_have_text("Minsk")
    expect(preview.locator("script")).to_have_count(0)
    assert page.evaluate("window.__pwned === undefined")


def test_an_editor_makes_a_venue_an_actor_and_tags_without_leaving_the_form(page, site, django_user_model):
    from django.contrib.auth.models import Group

    from kb.models import Actor, Venue

    editor = django_user_model.objects.create_user("picker-editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    log_in(page, site, editor.username)
    page.goto(site + "/admin/kb/event/add/")
    page.get_by_label("Name:").press_sequentially("Picker test meeting")
    page.get_by_label("Kind:").select_option(label="Meeting")

    make_in_popup(page, "id_venue", "Picker test hall", "Building")

    add_inline_row(page, "participations")
    make_in_popup(page, "id_participations-0-actor", "Picker test envoy", "Person")
    page.locator("#id_participations-0-role").select_option(label="Participant")

    pick_tag(page, "neutral", "neutral venue")
    new_tag(page, "picker theme")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    event = Event.objects.get(slug="picker-test-meeting")
    assert event.venue == Venue.objects.get(name="Picker test hall")
    assert list(event.participations.values_list("actor__name", "role")) == [
        ("Picker test envoy", "participant")
    ]
    assert sorted(tag.name for tag in event.tags.all()) == ["neutral venue", "picker theme"]
    assert Actor.objects.get(name="Picker test envoy").publication_status == "draft"
