"""Atom feeds, the sitemap and robots.txt: what they list, what they leave out, and what they cost."""

from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kb.feeds import FEED_LENGTH
from kb.models import ENTRY_MODELS, Actor, Agreement, Event, Period, PublicationStatus, Source, Tag, Venue
from kb.sitemaps import sitemaps
from tests.factories import make_actor, make_agreement, make_event, make_venue

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
UNPUBLISHED = [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW]
MAKERS = {Event: make_event, Agreement: make_agreement, Actor: make_actor, Venue: make_venue}


def absolute(path):
    return f"http://{Site.objects.get_current().domain}{path}"


def address(url):
    """The path and query string of an absolute URL, for the test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def atom_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ElementTree.fromstring(response.content)


def feed_entries(feed):
    return feed.findall("atom:entry", ATOM)


def text(element, path):
    return element.find(path, ATOM).text


def entry_link(entry):
    return entry.find("atom:link[@rel='alternate']", ATOM).get("href")


def feed_links(client, url):
    return [entry_link(entry) for entry in feed_entries(atom_feed(client, url))]


def feed_entry_for(client, url, obj):
    matches = [
        entry
        for entry in feed_entries(atom_feed(client, url))
        if entry_link(entry) == absolute(obj.get_absolute_url())
    ]
    assert len(matches) == 1, f"{obj} appears {len(matches)} times in {url}"
    return matches[0]


def rfc3339(moment):
    return moment.astimezone(UTC).isoformat()


def sitemap_urls(client, url):
    """Each address a sitemap (or sitemap index) lists, with its lastmod or None."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)
    listed = {}
    for item in root:
        lastmod = item.find("sm:lastmod", SITEMAP)
        listed[item.find("sm:loc", SITEMAP).text] = None if lastmod is None else lastmod.text
    return listed


def everything_in_the_sitemap(client):
    return {loc for section in sitemap_urls(client, "/sitemap.xml") for loc in sitemap_urls(client, section)}


class FeedLinkReader(HTMLParser):
    """The feed autodiscovery links in a page's head and the visible subscribe links."""

    def __init__(self):
        super().__init__()
        self.alternates, self.subscribe_links, self._anchor = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("type") == "application/atom+xml":
            self.alternates.append(attrs["href"])
        if tag == "a":
            self._anchor = [attrs.get("href"), ""]

    def handle_data(self, data):
        if self._anchor:
            self._anchor[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._anchor:
            if self._anchor[1] == "Subscribe (Atom)":
                self.subscribe_links.append(self._anchor[0])
            self._anchor = None


def feed_links_on_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    reader = FeedLinkReader()
    reader.feed(response.content.decode())
    return reader


# The overall feed


def test_latest_feed_lists_newly_published_entries_of_every_kind_newest_first(client):
    made = [make_event(), make_agreement(), make_actor(), make_venue()]
    links = feed_links(client, "/feeds/latest/")
    assert links[:4] == [absolute(entry.get_absolute_url()) for entry in reversed(made)]


def test_latest_feed_holds_exactly_the_most_recently_updated_published_entries(client):
    feed = atom_feed(client, "/feeds/latest/")
    updated = [datetime.fromisoformat(text(entry, "atom:updated")) for entry in feed_entries(feed)]
    assert updated == sorted(updated, reverse=True)
    published = [entry for model in ENTRY_MODELS for entry in model.objects.published()]
    assert len(updated) == min(FEED_LENGTH, len(published))
    listed = {entry_link(entry) for entry in feed_entries(feed)}
    left_out = [entry.updated_at for entry in published if absolute(entry.get_absolute_url()) not in listed]
    assert all(moment <= min(updated) for moment in left_out)
    assert text(feed, "atom:updated") == rfc3339(max(updated))


def test_latest_feed_stops_at_its_length(client):
    for _ in range(FEED_LENGTH):
        make_actor()
    assert len(feed_links(client, "/feeds/latest/")) == FEED_LENGTH


def test_latest_feed_describes_itself(client):
    feed = atom_feed(client, "/feeds/latest/")
    assert text(feed, "atom:title") == "Minsk talks knowledge base: new and updated entries"
    assert feed.find("atom:link[@rel='alternate']", ATOM).get("href") == absolute("/")
    assert feed.find("atom:link[@rel='self']", ATOM).get("href") == absolute("/feeds/latest/")
    assert text(feed, "atom:author/atom:name") == "Editors of the Minsk talks knowledge base"


def test_feed_entry_carries_title_dates_author_tags_kind_and_summary(client):
    event = make_event(
        name="Talks & <truce> in Minsk",
        summary="A **short** summary.",
        body="The longer body.",
        tags=["peace talks", "neutral venue"],
    )
    entry = feed_entry_for(client, "/feeds/latest/", event)
    event.refresh_from_db()
    assert text(entry, "atom:title") == "Talks & <truce> in Minsk"
    assert text(entry, "atom:updated") == rfc3339(event.updated_at)
    assert text(entry, "atom:published") == rfc3339(event.created_at)
    assert text(entry, "atom:author/atom:name") == "Editors of the Minsk talks knowledge base"
    assert [category.get("term") for category in entry.findall("atom:category", ATOM)] == [
        "neutral venue",
        "peace talks",
    ]
    summary = entry.find("atom:summary", ATOM)
    assert summary.get("type") == "html"
    assert '<p class="card__kind">Event · Meeting</p>' in summary.text
    assert "<strong>short</strong>" in summary.text
    assert "longer body" not in summary.text


def test_feed_entry_without_a_summary_shows_its_body(client):
    venue = make_venue(body="Capital of **Belarus**.")
    summary = feed_entry_for(client, "/feeds/latest/", venue).find("atom:summary", ATOM).text
    assert '<p class="card__kind">Venue · City</p>' in summary
    assert "<strong>Belarus</strong>" in summary


def test_feed_entry_is_published_when_it_was_first_published(client):
    published_at = datetime(2025, 3, 19, 9, 30, tzinfo=UTC)
    agreement = make_agreement(published_at=published_at)
    entry = feed_entry_for(client, "/feeds/latest/", agreement)
    assert text(entry, "atom:published") == "2025-03-19T09:30:00+00:00"


def test_edited_entry_moves_to_the_top_and_keeps_its_id(client):
    edited = make_event(slug="talks-in-minsk")
    make_agreement()
    assert feed_links(client, "/feeds/latest/")[1] == absolute("/events/talks-in-minsk/")
    first_id = text(feed_entry_for(client, "/feeds/latest/", edited), "atom:id")
    host = Site.objects.get_current().domain.split(":")[0]
    assert first_id == f"tag:{host},{edited.created_at:%Y-%m-%d}:event/{edited.pk}"

    edited.slug = "talks-in-minsk-renamed"
    edited.save()

    top = feed_entries(atom_feed(client, "/feeds/latest/"))[0]
    assert entry_link(top) == absolute("/events/talks-in-minsk-renamed/")
    assert text(top, "atom:id") == first_id


# The tag feed


def test_tag_feed_lists_exactly_the_published_entries_carrying_the_tag(client):
    tag = Tag.objects.get(slug="neutral-venue")
    elsewhere = make_event(tags=["peace talks"])
    tagged = make_actor(tags=[tag])
    feed = atom_feed(client, "/tags/neutral-venue/feed/")
    links = [entry_link(entry) for entry in feed_entries(feed)]
    expected = {
        absolute(entry.get_absolute_url())
        for model in ENTRY_MODELS
        for entry in model.objects.published().filter(tags=tag)
    }
    assert len(expected) < FEED_LENGTH
    assert sorted(links) == sorted(expected)
    assert links[0] == absolute(tagged.get_absolute_url())
    assert absolute(elsewhere.get_absolute_url()) not in expected
    for entry in feed_entries(feed):
        assert "neutral venue" in [category.get("term") for category in entry.findall("atom:category", ATOM)]
    assert text(feed, "atom:title") == "Minsk talks knowledge base: neutral venue"
    assert feed.find("atom:link[@rel='alternate']", ATOM).get("href") == absolute("/tags/neutral-venue/")
    assert feed.find("atom:link[@rel='self']", ATOM).get("href") == absolute("/tags/neutral-venue/feed/")


def test_tag_feed_answers_at_a_unicode_slug(client):
    tag = Tag.objects.create(name="Мінск", slug="мінск")
    event = make_event(tags=[tag])
    url = reverse("kb:tag-feed", kwargs={"slug": "мінск"})
    assert url == "/tags/%D0%BC%D1%96%D0%BD%D1%81%D0%BA/feed/"
    assert feed_links(client, url) == [absolute(event.get_absolute_url())]


@pytest.mark.parametrize(
    "url",
    [
        "/tags/no-such-tag/feed/",
        "/tags/%00/feed/",
        "/tags/%FF/feed/",
        "/tags/a.b/feed/",
        "/tags/" + "x" * 500 + "/feed/",
        "/tags/neutral-venue/feed/extra/",
    ],
)
def test_unknown_or_odd_tag_feed_addresses_are_404(client, url):
    assert client.get(url).status_code == 404


def test_feeds_ignore_odd_query_strings(client):
    for url in ("/feeds/latest/", "/tags/neutral-venue/feed/"):
        odd = f"{url}?page=%FF&tag=%00&q=<script>&p=-1"
        assert feed_links(client, odd) == feed_links(client, url)


def test_feeds_answer_head(client):
    assert client.head("/feeds/latest/").status_code == 200
    assert client.head("/tags/neutral-venue/feed/").status_code == 200


# Drafts and entries in review


@pytest.fixture(params=UNPUBLISHED)
def hidden_entries(request):
    """One unpublished entry of each kind, updated after everything else and tagged with a public tag."""
    status = request.param
    return [make(publication_status=status, tags=["peace talks"]) for make in MAKERS.values()]


def test_unpublished_entries_are_absent_from_the_latest_feed(client, hidden_entries):
    links = feed_links(client, "/feeds/latest/")
    for entry in hidden_entries:
        assert absolute(entry.get_absolute_url()) not in links


def test_unpublished_entries_are_absent_from_the_tag_feed(client, hidden_entries):
    links = feed_links(client, "/tags/peace-talks/feed/")
    assert links
    for entry in hidden_entries:
        assert absolute(entry.get_absolute_url()) not in links


def test_unpublished_entries_are_absent_from_the_sitemap(client, hidden_entries):
    listed = everything_in_the_sitemap(client)
    assert absolute(reverse("kb:event-detail", kwargs={"slug": "minsk-summit-august-2014"})) in listed
    for entry in hidden_entries:
        assert absolute(entry.get_absolute_url()) not in listed


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_a_tag_carried_only_by_unpublished_entries_has_no_feed_and_no_sitemap_entry(client, status):
    make_event(publication_status=status, tags=["only unpublished"])
    tag = Tag.objects.get(name="only unpublished")
    assert client.get(f"/tags/{tag.slug}/feed/").status_code == 404
    assert absolute(tag.get_absolute_url()) not in sitemap_urls(client, "/sitemap-tags.xml")


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_unpublished_changes_do_not_move_a_sections_lastmod(client, status):
    before = sitemap_urls(client, "/sitemap.xml")[absolute("/sitemap-events.xml")]
    make_event(publication_status=status)
    assert sitemap_urls(client, "/sitemap.xml")[absolute("/sitemap-events.xml")] == before


# The sitemap


SECTIONS = ["pages", "events", "agreements", "actors", "venues", "tags", "periods", "sources"]


def test_sitemap_index_lists_every_section(client):
    index = sitemap_urls(client, "/sitemap.xml")
    assert list(index) == [absolute(f"/sitemap-{section}.xml") for section in SECTIONS]
    for model, section in [
        (Event, "events"),
        (Agreement, "agreements"),
        (Actor, "actors"),
        (Venue, "venues"),
    ]:
        newest = model.objects.published().latest("updated_at").updated_at
        assert index[absolute(f"/sitemap-{section}.xml")] == rfc3339(newest)


@pytest.mark.parametrize(
    ("section", "model"), [("events", Event), ("agreements", Agreement), ("actors", Actor), ("venues", Venue)]
)
def test_entry_section_lists_exactly_the_published_detail_pages_with_lastmod(client, section, model):
    for status in UNPUBLISHED:
        MAKERS[model](publication_status=status)
    expected = {
        absolute(entry.get_absolute_url()): timezone.localtime(entry.updated_at).date().isoformat()
        for entry in model.objects.published()
    }
    assert len(expected) >= 1
    assert sitemap_urls(client, f"/sitemap-{section}.xml") == expected


def test_tag_section_lists_the_tags_that_published_entries_carry(client):
    unused = Tag.objects.create(name="Nobody uses this", slug="nobody-uses-this")
    expected = {
        absolute(tag.get_absolute_url())
        for model in ENTRY_MODELS
        for entry in model.objects.published()
        for tag in entry.tags.all()
    }
    listed = sitemap_urls(client, "/sitemap-tags.xml")
    assert set(listed) == expected
    assert absolute(unused.get_absolute_url()) not in listed


def test_period_and_source_sections_list_every_period_and_source(client):
    assert set(sitemap_urls(client, "/sitemap-periods.xml")) == {
        absolute(period.get_absolute_url()) for period in Period.objects.all()
    }
    assert set(sitemap_urls(client, "/sitemap-sources.xml")) == {
        absolute(source.get_absolute_url()) for source in Source.objects.all()
    }


def test_page_section_lists_the_fixed_pages_and_no_search(client):
    paths = [urlsplit(loc).path for loc in sitemap_urls(client, "/sitemap-pages.xml")]
    assert paths == [
        "/",
        "/events/",
        "/agreements/",
        "/actors/",
        "/venues/",
        "/tags/",
        "/then-and-now/",
        "/timeline/",
        "/map/",
        "/connections/",
        "/periods/",
        "/sources/",
        "/data/",
    ]
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_every_sitemap_address_answers(client):
    for loc in everything_in_the_sitemap(client):
        assert client.get(address(loc)).status_code == 200, loc


def test_a_long_section_is_split_into_pages_that_the_index_lists(client, monkeypatch):
    monkeypatch.setattr(sitemaps["events"], "limit", 10)
    published = Event.objects.published().count()
    assert published > 10
    index = sitemap_urls(client, "/sitemap.xml")
    pages = [loc for loc in index if loc.startswith(absolute("/sitemap-events.xml"))]
    assert pages == [absolute("/sitemap-events.xml")] + [
        absolute(f"/sitemap-events.xml?p={number}") for number in range(2, (published + 9) // 10 + 1)
    ]
    listed = [loc for page in pages for loc in sitemap_urls(client, address(page))]
    assert sorted(listed) == sorted(absolute(event.get_absolute_url()) for event in Event.objects.published())


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-nothing.xml",
        "/sitemap-search.xml",
        "/sitemap-events.xml?p=abc",
        "/sitemap-events.xml?p=0",
        "/sitemap-events.xml?p=2",
        "/sitemap-events.xml?p=99999999999999999999999",
        "/sitemap-events.xml?p=%00",
    ],
)
def test_unknown_sections_and_pages_are_404(client, url):
    assert client.get(url).status_code == 404


def test_sitemap_index_ignores_odd_query_strings(client):
    assert sitemap_urls(client, "/sitemap.xml?p=%FF&section=<x>") == sitemap_urls(client, "/sitemap.xml")


# robots.txt


def test_robots_txt_allows_the_site_but_not_admin_search_or_machine_addresses_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /search",
        "Disallow: /api/",
        "Disallow: /data/dataset.json",
        "Disallow: /*.csv",
        "Disallow: /*/cite/",
        "",
        f"Sitemap: {absolute('/sitemap.xml')}",
    ]


def test_robots_txt_rules_match_where_the_admin_and_search_live():
    # Disallow matches by prefix: "/search" keeps out result pages and their downloads alike.
    assert reverse("admin:index").startswith("/admin/")
    assert reverse("kb:search").startswith("/search")


def test_robots_txt_answers_get_and_head_only(client):
    assert client.head("/robots.txt").status_code == 200
    assert client.post("/robots.txt").status_code == 405


# Autodiscovery and subscribe links


def test_every_page_announces_the_latest_feed_and_home_offers_to_subscribe(client):
    home = feed_links_on_page(client, "/")
    assert home.alternates == ["/feeds/latest/"]
    assert home.subscribe_links == ["/feeds/latest/"]
    assert feed_links_on_page(client, "/events/").alternates == ["/feeds/latest/"]


def test_tag_page_announces_and_links_to_its_own_feed(client):
    links = feed_links_on_page(client, "/tags/neutral-venue/")
    assert links.alternates == ["/feeds/latest/", "/tags/neutral-venue/feed/"]
    assert links.subscribe_links == ["/tags/neutral-venue/feed/"]
    assert feed_links(client, links.subscribe_links[0])


# Query counts


def grow(rows):
    for _ in range(rows):
        for make in MAKERS.values():
            make(tags=["peace talks", "neutral venue", "good offices"])


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("section", ["events", "sources"])
def test_sitemap_sections_leave_bodies_and_texts_in_the_database(client, section):
    # A section page holds up to 50,000 rows; each body may be 50,000 characters.
    with CaptureQueriesContext(connection) as context:
        assert client.get(f"/sitemap-{section}.xml").status_code == 200
    selects = [query["sql"] for query in context.captured_queries if query["sql"].startswith("SELECT")]
    assert selects
    for sql in selects:
        assert '"body' not in sql and '"text"' not in sql and '"summary' not in sql, sql


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/feeds/latest/", 8),
        ("/tags/peace-talks/feed/", 9),
        ("/sitemap-events.xml", 2),
        ("/sitemap-tags.xml", 5),
        ("/sitemap.xml", 15),
    ],
)
def test_query_count_stays_flat_as_rows_grow(
    client, rendered_every_time, django_assert_max_num_queries, url, budget
):
    grow(1)
    queries_for(client, url)
    before = queries_for(client, url)
    grow(FEED_LENGTH)
    with django_assert_max_num_queries(budget):
        after = queries_for(client, url)
    assert after == before


def test_the_site_is_named_with_the_configured_domain_not_djangos_example(settings):
    from django.contrib.sites.models import Site

    site = Site.objects.get_current()
    assert site.domain == settings.KB_SITE_DOMAIN != "example.com"
    assert site.name == settings.KB_SITE_NAME
