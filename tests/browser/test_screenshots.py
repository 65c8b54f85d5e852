"""Screenshots of every page type at desktop and phone widths, for review (test-artifacts/, git-ignored).

Each capture also checks the layout holds: nothing is wider than the screen.
"""

import pytest

from tests.browser.pages import PAGE_TYPES

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_type_fits_the_screen_and_is_captured(page, site, screenshot_dir, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a {viewport} screen"
        target = screenshot_dir / f"{name}-{viewport}.png"
        page.screenshot(path=target, full_page=True)
        assert target.stat().st_size > 10_000, target
