"""A reader clicks through the site in Chromium and sees the right things."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_venue

OFFER = "Proposed Ukraine–U.S.–Russia peace talks in Minsk"


def heading(page):
    return page.get_by_role("heading", level=1)


def test_from_the_2025_offer_through_a_shared_tag_to_minsk_ii_and_back(page, site):
    page.goto(site + "/")
    expect(heading(page)).to_have_text("Belarus as a venue for peace talks")

    page.get_by_role("link", name=OFFER).first.click()
    expect(heading(page)).to_have_text(OFFER)
    expect(page.get_by_text("Offered, not held").first).to_be_visible()
    expect(page.get_by_role("heading", name="Who is named in it")).to_be_visible()

    page.locator(".detail__header").get_by_role("link", name="neutral venue").click()
    expect(heading(page)).to_have_text("neutral venue")
    expect(page.get_by_role("heading", name="2014–2020 Minsk talks", exact=True)).to_be_visible()

    page.get_by_role("link", name="Minsk II agreements").click()
    expect(heading(page)).to_have_text("Minsk II agreements")
    expect(page.get_by_text("Defunct").first).to_be_visible()

    page.locator(".related").get_by_role("link", name="Belarus", exact=True).first.click()
    expect(heading(page)).to_have_text("Belarus")
    expect(page).to_have_url(re.compile(r"/actors/belarus/$"))

    page.get_by_role("table").get_by_role("link", name=OFFER).click()
    expect(heading(page)).to_have_text(OFFER)


def test_then_and_now_sets_the_periods_side_by_side(page, site):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Then and now").click()
    expect(heading(page)).to_have_text("Minsk then and now")
    then_side = page.locator(".compare__side").first
    now_side = page.locator(".compare__side").last
    expect(
        then_side.locator(".compare__events").get_by_role("link", name="Minsk summit of February 2015")
    ).to_be_visible()
    expect(then_side.get_by_role("link", name="Minsk II agreements")).to_be_visible()
    expect(now_side.locator(".compare__events").get_by_role("link", name=OFFER)).to_be_visible()
    expect(now_side.get_by_text("Offered, not held").first).to_be_visible()
    bridge = page.locator(".compare__bridge")
    bridge.get_by_role("link", name="good offices").click()
    expect(heading(page)).to_have_text("good offices")
    expect(page.get_by_role("link", name=OFFER)).to_be_visible()


def test_lists_page_forward_and_back(page, site):
    for number in range(25):
        make_venue(name=f"Paged venue {number:02d}")
    page.goto(site + "/venues/")
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    page.get_by_role("link", name="← Previous").click()
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()


@pytest.mark.parametrize("path", ["/events/no-such-event/", "/tags/no-such-tag/", "/nowhere/"])
def test_an_unknown_address_shows_the_friendly_404(page, site, path):
    response = page.goto(site + path)
    assert response.status == 404
    expect(heading(page)).to_have_text("Page not found")
    page.get_by_role("link", name="home page").click()
    expect(heading(page)).to_have_text("Belarus as a venue for peace talks")


def test_a_map_marker_leads_to_its_venue_and_its_small_map(page, site):
    make_venue(name="Marked capital", slug="marked-capital", latitude=50.45, longitude=30.52)
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Map").click()
    expect(heading(page)).to_have_text("Map of venues")
    page.locator(".venue-map__link", has_text="Marked capital").click()
    expect(heading(page)).to_have_text("Marked capital")
    expect(page.locator(".venue-map--small .venue-map__marker")).to_have_count(1)
    page.get_by_role("link", name="Map of all venues").click()
    expect(page.get_by_role("link", name="Online", exact=True)).to_be_visible()


def test_a_reader_searches_from_the_header_and_opens_a_result(page, site):
    page.goto(site + "/venues/minsk/")
    box = page.get_by_role("search").first.get_by_role("searchbox", name="Search the knowledge base")
    box.fill("Lukashenko")
    box.press("Enter")
    expect(heading(page)).to_have_text("Search")
    expect(page.get_by_role("status")).to_contain_text("for “Lukashenko”")
    results = page.locator(".results")
    expect(results.get_by_role("link").first).to_have_text("Alyaksandr Lukashenka")
    results.get_by_role("link", name="Alyaksandr Lukashenka").click()
    expect(heading(page)).to_have_text("Alyaksandr Lukashenka")


def test_a_reader_narrows_a_list_with_facets_and_clears_them(page, site):
    page.goto(site + "/events/")
    filters = page.get_by_role("complementary", name="Narrow down")
    filters.get_by_role("link", name=re.compile(r"^2025 proposal \d+")).click()
    expect(page).to_have_url(re.compile(r"period=proposal-2025"))
    expect(page.locator(".cards").get_by_role("link", name=OFFER)).to_be_visible()
    expect(page.locator(".cards").get_by_role("link", name="Minsk summit of February 2015")).to_have_count(0)

    filters = page.get_by_role("complementary", name="Narrow down")
    filters.get_by_role("spinbutton", name="From").fill("2025")
    filters.get_by_role("spinbutton", name="to").fill("2025")
    filters.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"period=proposal-2025.*from=2025"))
    expect(page.locator(".chosen-filters")).to_contain_text("Years: 2025–2025")

    page.locator(".chosen-filters").get_by_role("link", name="Clear all").click()
    expect(page.locator(".cards").get_by_role("link", name="Minsk summit of February 2015")).to_be_visible()


def test_a_reader_follows_the_timeline_from_the_minsk_talks_to_the_2025_offer(page, site):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    expect(heading(page)).to_have_text("Timeline")
    drawing = page.get_by_role("group", name="Timeline of events and agreements")
    expect(drawing.get_by_text("2014–2020 Minsk talks")).to_be_visible()
    drawing.get_by_role("link", name=re.compile(r"^Minsk summit of February 2015 — February 2015")).click()
    expect(heading(page)).to_have_text("Minsk summit of February 2015")
    page.go_back()
    page.get_by_role("group", name="Timeline of events and agreements").get_by_role(
        "link", name=re.compile(r"^Proposed Ukraine.*Offered, not held$")
    ).click()
    expect(heading(page)).to_have_text(OFFER)


def test_a_reader_copies_the_citation_and_downloads_it_for_a_reference_manager(page, site):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site + "/events/proposed-peace-talks-in-minsk/")
    citation = page.locator("#cite-page-text")
    page.get_by_role("button", name="Copy the citation").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == citation.inner_text().strip()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="BibTeX").click()
    download = download_info.value
    assert download.suggested_filename == "kb-event-proposed-peace-talks-in-minsk.bib"
    with open(download.path(), encoding="utf-8") as bibtex:
        assert bibtex.read().startswith("@misc{kb-event-proposed-peace-talks-in-minsk,")


def test_a_reader_downloads_a_filtered_list_as_csv(page, site):
    page.goto(site + "/events/?period=proposal-2025")
    shown = page.locator(".card").count()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"Download these \d+ events as CSV")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8") as csv_file:
        lines = csv_file.read().splitlines()
    assert lines[0].startswith("name,slug,url,")
    assert len(lines) == shown + 1
