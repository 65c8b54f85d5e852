"""Every public page type passes axe-core's WCAG 2.2 A/AA checks and works from the keyboard."""

import pytest

from tests.browser.pages import PAGE_TYPES

# wcag2aa includes axe's colour-contrast rule (AA ratios), whose violations are "serious".
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
KEYBOARD_PAGES = ["home", "event", "actor", "tag", "then-and-now", "event-list", "connections", "map"]

RUN_AXE = """async (tags) => {
    const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
    const results = await axe.run(document, options);
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 5).map(node => node.target.join(" ")),
    }));
}"""

NUMBER_FOCUSABLES = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, '
        + '[tabindex]:not([tabindex="-1"])';
    const all = Array.from(document.querySelectorAll(selector))
        .filter(el => el.getClientRects().length > 0 || el.classList.contains("skip-link"));
    all.forEach((el, index) => el.setAttribute("data-kb-index", index));
    return all.length;
}"""

FOCUS_STATE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
        index: el.getAttribute("data-kb-index"),
        html: el.outerHTML.slice(0, 120),
        ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        onScreen: rect.width > 0 && rect.height > 0 && rect.top >= 0 && rect.left >= 0,
        isBody: el === document.body,
    };
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_page_type_has_serious_accessibility_violations(page, site, axe_script, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.add_init_script(script=axe_script)
    problems = []
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        for violation in page.evaluate(RUN_AXE, WCAG_TAGS):
            if violation["impact"] in BLOCKING_IMPACTS:
                problems.append(f"{name}: {violation['impact']} {violation['id']} at {violation['targets']}")
    assert not problems, "\n".join(problems)


def test_the_checker_reports_a_violation_when_there_is_one(page, site, axe_script):
    """A control: low contrast and an image without a text alternative are caught."""
    page.add_init_script(script=axe_script)
    page.goto(site + "/")
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend', '<img src="/x.png"><p class="faint">Faint text</p>');
            main.querySelector('.faint').style.color = '#eeeeee';
        }"""
    )
    found = {violation["id"] for violation in page.evaluate(RUN_AXE, WCAG_TAGS)}
    assert {"image-alt", "color-contrast"} <= found


@pytest.mark.parametrize("name", KEYBOARD_PAGES)
def test_keyboard_reaches_every_control_with_a_visible_focus_ring(page, site, name):
    page.goto(site + PAGE_TYPES[name])
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STATE)
    assert "skip-link" in first["html"], "the first Tab should land on the skip link"
    assert first["onScreen"] and first["ring"], "the skip link must show when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(site + PAGE_TYPES[name])
    total = page.evaluate(NUMBER_FOCUSABLES)
    reached = set()
    for _ in range(total + 5):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["isBody"] or state["index"] in reached:
            break
        assert state["ring"], f"no visible focus ring on {state['html']}"
        reached.add(state["index"])
    missed = set(map(str, range(total))) - reached
    assert not missed, f"{len(missed)} of {total} controls never reached by Tab"
