"""Every public page type passes axe-core's WCAG 2.2 A/AA checks and works from the keyboard."""

import pytest

from tests.browser.pages import PAGE_TYPES

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

RUN_AXE = """async (tags) => {
    const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
    const results = await axe.run(document, options);
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 5).map(node => node.target.join(" ")),
    }));
}"""

FOCUSABLE = """() => Array.from(document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])'
)).filter(el => el.getClientRects().length > 0 || el.classList.contains("skip-link")).length"""

FOCUS_STATE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
        key: el.outerHTML.slice(0, 120),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        onScreen: rect.width > 0 && rect.height > 0 && rect.top >= 0 && rect.left >= 0,
        isBody: el === document.body,
    };
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_has_no_serious_accessibility_violations(page, site, axe_script, name, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.add_init_script(script=axe_script)
    page.goto(site + PAGE_TYPES[name])
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {v['targets']}" for v in blocking
    )


def test_colour_contrast_meets_wcag_aa_on_every_page_type(page, site, axe_script):
    page.add_init_script(script=axe_script)
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        violations = page.evaluate(
            """async () => (await axe.run(document, {runOnly: ["color-contrast"]})).violations
                .flatMap(v => v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary))"""
        )
        assert not violations, f"{name}: {violations}"


KEYBOARD_PAGES = ["home", "event", "actor", "tag", "then-and-now", "event-list", "connections"]


@pytest.mark.parametrize("name", KEYBOARD_PAGES)
def test_keyboard_reaches_every_control_with_a_visible_focus_ring(page, site, name):
    page.goto(site + PAGE_TYPES[name])
    focusable = page.evaluate(FOCUSABLE)
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STATE)
    assert "skip-link" in first["key"], "the first Tab should land on the skip link"
    assert first["onScreen"] and first["outline"], "the skip link must show when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(site + PAGE_TYPES[name])
    reached = set()
    for _ in range(focusable + 5):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["isBody"]:
            break
        assert state["outline"], f"no visible focus ring on {state['key']}"
        reached.add(state["key"] + str(len(reached)))
    assert len(reached) >= focusable, f"{len(reached)} of {focusable} controls reached by Tab"


def test_the_checker_reports_a_violation_when_there_is_one(page, site, axe_script):
    """A control: an image without alternative text is caught, so the checks above can fail."""
    page.add_init_script(script=axe_script)
    page.goto(site + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert "image-alt" in {violation["id"] for violation in violations}
