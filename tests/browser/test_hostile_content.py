"""Hostile input saved by an editor never runs in a reader's browser."""

import pytest
from django.test import Client

from kb.models import Event, Source, Tag
from tests.admin_forms import event_form
from tests.payloads import XSS_PAYLOADS

TRAP = "window.__pwned = false;"
UNSANITISED = '<img src="x" onerror="window.__pwned = true; alert(1)">'

# Handlers and script URLs that only fire on a click or hover never run in a
# page load, so the built page is also searched for them.
DANGEROUS_MARKUP = """() => Array.from(document.querySelectorAll("main *")).flatMap(el => {
    const found = [];
    if (["SCRIPT", "IFRAME", "OBJECT", "EMBED", "FORM", "STYLE"].includes(el.tagName.toUpperCase())) {
        // The site's own search and year-range forms are expected, and an entry page's JSON-LD (a data
        // block, never run, placed after the page's text by the page itself); no other is.
        const ours = "form.search-form[action='/search/'], form.year-range:not([action]), "
            + "main > .detail > script[type='application/ld+json']:last-child";
        if (!el.matches(ours)) {
            found.push(el.tagName);
        }
    }
    for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
        if (name.startsWith("on") || name === "style" || name === "srcdoc") {
            found.push(el.tagName + " " + name);
        }
        const isUrl = ["href", "src", "action", "formaction", "data", "xlink:href"].includes(name);
        if (isUrl && value.includes(":") && !/^(https?|mailto):/.test(value)) {
            found.push(el.tagName + " " + name + "=" + value);
        }
    }
    return found;
})"""


@pytest.fixture
def reviewer_post(site, django_user_model):
    """Payloads are published straight away, so a reviewer saves them."""
    from django.contrib.auth.models import Group

    reviewer = django_user_model.objects.create_user("hostile-reviewer", password="x" * 20, is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    client = Client()
    client.force_login(reviewer)
    return client.post


def test_no_payload_saved_through_the_admin_runs_on_the_public_pages(page, site, reviewer_post):
    source = Source.objects.create(title="A source without stored text", slug="textless-source")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    for number, payload in enumerate(XSS_PAYLOADS):
        slug = f"hostile-{number}"
        citation = {"source": str(source.pk), "quote": payload, "locator": "", "position": "0"}
        response = reviewer_post(
            "/admin/kb/event/add/",
            event_form(
                publication_status="published",
                citations=[citation],
                name=payload[:200],
                slug=slug,
                summary=payload,
                body=f"Before\n\n{payload}\n\nAfter",
                outcome=payload[:300],
                alternative_names=payload,
                tags=f"hostile tag {number}",
            ),
        )
        assert response.status_code == 302, (payload, response.content.decode()[:2000])
        event = Event.objects.get(slug=slug)
        Tag.objects.filter(slug=f"hostile-tag-{number}").update(name=payload[:100])
        for path in (event.get_absolute_url(), f"/tags/hostile-tag-{number}/", "/events/?page=last"):
            assert page.goto(site + path).ok, (payload, path)
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is False, (payload, path)
            assert not dialogs, (payload, path, dialogs)
            assert page.evaluate(DANGEROUS_MARKUP) == [], (payload, path)

    page.goto(site + "/tags/")
    assert page.evaluate("window.__pwned") is False
    assert not dialogs


def test_the_trap_catches_a_script_that_does_run(browser, site):
    """A control: unsanitised HTML slipped past the renderer is caught, so the tests above can fail.

    The Content-Security-Policy would stop the handler too, so this page is loaded without it.
    """
    Event.objects.filter(slug="minsk-summit-august-2014").update(body_html=UNSANITISED)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    page.goto(site + "/events/minsk-summit-august-2014/")
    page.wait_for_function("window.__pwned === true")
    assert dialogs == ["1"]
    assert page.evaluate(DANGEROUS_MARKUP) == ["IMG onerror"]
    context.close()


def test_the_content_security_policy_stops_markup_that_slipped_past_the_sanitiser(page, site):
    """The second line of defence: an inline handler in stored HTML does not run under the policy."""
    Event.objects.filter(slug="minsk-summit-august-2014").update(body_html=UNSANITISED)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.goto(site + "/events/minsk-summit-august-2014/")
    assert page.evaluate("window.__pwned") is False
    assert not dialogs
