"""Chromium enforces the Content-Security-Policy on every page and finds nothing to block.

Each test collects what the browser refused: the console's "Content Security Policy" errors and
every ``securitypolicyviolation`` event, reported from pop-ups and frames as well as the main page.
"""

import re

import pytest
from playwright.sync_api import expect

from kb.models import Actor, Agreement, Citation, Event, Participation, Period, Source, Tag, Venue
from tests.browser.pages import PAGE_TYPES

PASSWORD = "a-long-csp-admin-password"
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile}:${event.lineNumber} on ${document.location.pathname}`);
});
"""
DELETE_HEADING = re.compile("Are you sure|Cannot delete|Delete")
KB_MODELS = [Event, Agreement, Actor, Venue, Source, Citation, Period, Participation, Tag]


@pytest.fixture
def violations(context):
    found = []
    context.add_init_script(REPORT_VIOLATIONS)

    def collect(message):
        if "Content Security Policy" in message.text or message.text.startswith("CSP violation"):
            found.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", collect)
    return found


@pytest.fixture
def signed_in(page, site, django_user_model, violations):
    django_user_model.objects.create_superuser("csp-admin", password=PASSWORD)
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("csp-admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Entries")).to_be_visible()
    return page


def visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("load")
    return response


def admin_url(model, view, *args):
    path = "/".join(str(part) for part in args)
    suffix = f"{path}/{view}/" if path else ("" if view == "changelist" else f"{view}/")
    return f"/admin/kb/{model._meta.model_name}/{suffix}"


def test_public_pages_raise_no_csp_violations(page, site, violations):
    pages = {**PAGE_TYPES, "search-without-results": "/search/?q=zzyzx-nothing-matches"}
    for name, path in pages.items():
        response = visit(page, site + path)
        assert response.status == (404 if name == "not-found" else 200), path
    assert violations == []


def test_the_sites_own_script_runs_under_the_policy(page, site, violations):
    visit(page, site + PAGE_TYPES["event"])
    expect(page.locator("[data-copy-target]").first).to_be_visible()
    assert violations == []


def test_api_docs_render_their_operations_under_the_policy(page, site, violations):
    visit(page, site + "/api/v1/docs")
    operations = page.locator(".opblock-summary")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 14
    operations.first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert violations == []


def test_the_sign_in_page_raises_no_csp_violations(page, site, violations):
    visit(page, site + "/admin/login/")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    assert violations == []


def test_every_admin_list_and_form_raises_no_csp_violations(signed_in, site, violations):
    page = signed_in
    visit(page, site + "/admin/")
    for model in KB_MODELS:
        entry = model.objects.order_by("pk").first()
        visit(page, site + admin_url(model, "changelist") + "?q=Minsk")
        visit(page, site + admin_url(model, "add"))
        expect(page.locator("#content form")).to_be_visible()
        visit(page, site + admin_url(model, "change", entry.pk))
        expect(page.locator("#content form")).to_be_visible()
        visit(page, site + admin_url(model, "history", entry.pk))
        visit(page, site + admin_url(model, "delete", entry.pk))
        expect(page.locator("#content h1")).to_have_text(DELETE_HEADING)
    visit(page, site + "/admin/kb/event/?publication_status__exact=published&kind__exact=meeting")
    visit(page, site + "/admin/auth/user/")
    assert violations == []


def test_admin_widgets_work_under_the_policy(signed_in, site, violations):
    page = signed_in
    event = Event.objects.get(slug="proposed-peace-talks-in-minsk")
    visit(page, site + admin_url(Event, "change", event.pk))

    # The tag picker asks the server for suggestions and shows them.
    page.locator("#id_tags_picker + .select2").click()
    with page.expect_response(lambda response: "/admin/kb/tag-suggestions/" in response.url):
        page.locator(".select2-search__field").last.fill("ven")
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.keyboard.press("Escape")

    # An autocomplete field, and its "add another" pop-up.
    page.locator("#id_venue + .select2").click()
    with page.expect_response(lambda response: "/admin/autocomplete/" in response.url):
        page.locator(".select2-search__field").last.fill("Min")
    page.keyboard.press("Escape")
    with page.expect_popup() as popup_info:
        page.locator("#add_id_venue").click()
    popup = popup_info.value
    popup.get_by_label("Name:").press_sequentially("Vienna")
    popup.get_by_label("Kind:").select_option(index=1)
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").first.click()
    expect(page.locator("#id_venue option:checked")).to_have_text("Vienna")

    # Inline rows are added by script.
    rows = page.locator("#participations-group tbody tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#participations-group .add-row a").click()
    expect(rows).to_have_count(before + 1)

    # The markdown preview fetches the rendered text.
    with page.expect_response(lambda response: "/admin/kb/markdown-preview/" in response.url):
        page.locator("#id_body").fill("Some **bold** text.")
        page.locator("#id_body").blur()
    expect(page.locator(".markdown-preview__body strong").first).to_have_text("bold")
    assert violations == []


def test_date_widgets_and_slug_prepopulation_work_under_the_policy(
    signed_in, site, violations, django_user_model
):
    page = signed_in
    user = django_user_model.objects.get(username="csp-admin")
    visit(page, site + f"/admin/auth/user/{user.pk}/change/")
    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0")).to_be_visible()
    page.locator("#calendarbox0 .calendar-shortcuts a", has_text="Today").click()
    expect(page.locator("#id_date_joined_0")).not_to_have_value("")

    visit(page, site + admin_url(Tag, "add"))
    page.locator("#id_name").press_sequentially("Shuttle diplomacy")
    expect(page.locator("#id_slug")).to_have_value("shuttle-diplomacy")
    assert violations == []


def test_the_policy_blocks_inline_code_and_these_tests_hear_of_it(page, site, violations):
    """Without this, an empty list of violations could mean the listeners heard nothing."""
    visit(page, site + "/")
    page.evaluate("""() => {
        document.body.setAttribute("style", "outline: 1px solid red");
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true;";
        document.body.append(script);
    }""")
    expect(page.locator("body")).not_to_have_css("outline-style", "solid")
    assert page.evaluate("window.inlineRan") is None
    assert any("CSP violation: style-src-attr" in violation for violation in violations), violations
    assert any("CSP violation: script-src-elem" in violation for violation in violations), violations
    assert any("Content Security Policy" in violation for violation in violations), violations
