"""Two editors in two browsers change the same entry; the second is told, and keeps their text."""

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from kb.models import Event
from tests.browser.test_editor_journey import PASSWORD, log_in


def editor_page(browser, site, django_user_model, username):
    editor = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True, first_name=username.title()
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    page = browser.new_context().new_page()
    log_in(page, site, username)
    return page


def save(page):
    page.locator("input[name=_save]").first.click()


def test_the_second_editor_to_save_is_warned_and_can_then_save_knowingly(browser, site, django_user_model):
    event = Event.objects.filter(participations__isnull=False).distinct().order_by("pk").first()
    first = editor_page(browser, site, django_user_model, "olena")
    second = editor_page(browser, site, django_user_model, "pavel")
    for page in (first, second):
        page.goto(site + f"/admin/kb/event/{event.pk}/change/")

    first.get_by_label("Summary:").fill("Olena's summary.")
    save(first)
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully")

    second.get_by_label("Summary:").fill("Pavel's summary.")
    save(second)
    expect(second.locator(".errornote")).to_be_visible()
    expect(second.locator(".errorlist.nonfield")).to_contain_text("Olena saved this entry at")
    expect(second.locator(".errorlist.nonfield")).to_contain_text("nothing is lost")
    expect(second.get_by_label("Summary:")).to_have_value("Pavel's summary.")
    assert Event.objects.get(pk=event.pk).summary == "Olena's summary."

    save(second)
    expect(second.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Event.objects.get(pk=event.pk).summary == "Pavel's summary."
