"""Hostile text in any field is shown as text, never run: on every page, feed, JSON-LD block and API answer.

Each payload goes into every markdown field of every model (entry bodies,
event, agreement and period summaries, tag descriptions) and into every name,
title and quote a reader sees. The pages are then read as a browser would parse
them. tests/browser/test_hostile_content.py runs the same payloads in a browser.
"""

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.test import Client

from kb.models import Tag
from tests.factories import (
    make_actor,
    make_agreement,
    make_citation,
    make_event,
    make_participation,
    make_period,
    make_source,
    make_venue,
)
from tests.payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db

# Aimed at plain-text places: attributes, <title>, the JSON-LD block and the Atom feed.
TEXT_PAYLOADS = [
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</ScRiPt ><!--<script>alert(1)//-->",
    "]]><script>alert(1)</script><![CDATA[",
    "\u2028\u2029</script>",
    "{{ request }}{% debug %}",
    "javascript:alert(1)",
]
PAYLOADS = XSS_PAYLOADS + TEXT_PAYLOADS

FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "cite"}
DANGEROUS_SCHEME = re.compile(r"(javascript|data|vbscript):")
# The site's own forms: the search boxes, the graph's filters and the year range.
OWN_FORM_CLASSES = {"site-search", "search-form", "filters", "year-range"}
NAME_PREFIX = "Zebrafinch "


class PageReader(HTMLParser):
    """What a browser would build from the page that could run script, and the text it shows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.text, self.json_ld, self.headings = [], [], [], []
        self._script = self._heading = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attributes.items():
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.problems.append(f"<{tag} {name}>")
            plain = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name in URL_ATTRIBUTES and DANGEROUS_SCHEME.match(plain):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append("<meta http-equiv>")
        if tag == "form" and not OWN_FORM_CLASSES & set((attributes.get("class") or "").split()):
            self.problems.append("<form>")
        if tag == "script":
            self._script = (attributes, [])
        if tag == "h1":
            self._heading = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script:
            self._check_script(*self._script)
            self._script = None
        if tag == "h1" and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        if self._script:
            self._script[1].append(data)
            return
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def _check_script(self, attributes, content):
        content = "".join(content)
        if attributes.get("type") == "application/ld+json":
            try:
                self.json_ld.append(json.loads(content))
            except ValueError:
                self.problems.append(f"JSON-LD cut short: {content[-60:]!r}")
            if re.search(r"</script|<!--", content, re.IGNORECASE):
                self.problems.append("JSON-LD that could close its script element")
        elif not (attributes.get("src", "").startswith("/static/") and not content.strip()):
            self.problems.append(f"<script {attributes}>{content[:60]}")

    @property
    def shown_text(self):
        return " ".join("".join(self.text).split())


def read_page(html):
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader


def plain(text):
    return " ".join(text.split())


@pytest.fixture(params=PAYLOADS, ids=range(len(PAYLOADS)))
def hostile(request):
    """One entry of each kind, a tag, a period and a source, all carrying the payload."""
    payload = request.param
    name = (NAME_PREFIX + payload)[:200]
    tag = Tag.objects.create(name=payload[:100], slug="hostile-tag", description=payload)
    period = make_period(name=name, slug="hostile-period", summary=payload, date="2031")
    source = make_source(title=NAME_PREFIX + payload, slug="hostile-source")
    shared = {"name": name, "alternative_names": payload, "body": payload, "tags": [tag]}
    venue = make_venue(slug="hostile-venue", latitude=53.9, longitude=27.56, **shared)
    actor = make_actor(slug="hostile-actor", description=payload[:200], **shared)
    event = make_event(
        slug="hostile-event",
        summary=payload,
        outcome=payload[:300],
        date_label=payload[:100],
        venue=venue,
        period=period,
        **shared,
    )
    agreement = make_agreement(
        slug="hostile-agreement", summary=payload, venue=venue, event=event, period=period, **shared
    )
    make_participation(actor=actor, event=event, note=payload[:300])
    make_participation(actor=actor, agreement=agreement, note=payload[:300])
    for target in (event, agreement, actor, venue, tag, period):
        make_citation(target, source=source, quote=payload, locator=payload[:100])
    return payload


DETAIL_PAGES = ["/events/hostile-event/", "/agreements/hostile-agreement/", "/actors/hostile-actor/"]
DETAIL_PAGES += ["/venues/hostile-venue/"]
NAMED_PAGES = [
    *(f"/{kind}/?tag=hostile-tag" for kind in ("events", "agreements", "actors", "venues")),
    "/search/?q=zebrafinch",
    "/tags/hostile-tag/",
    "/periods/hostile-period/",
    "/sources/hostile-source/",
    "/actors/hostile-actor/connections/",
    "/timeline/?tag=hostile-tag",
]
OTHER_PAGES = ["/", "/tags/", "/map/", "/connections/?period=hostile-period"]
FEEDS = ["/feeds/latest/", "/tags/hostile-tag/feed/"]
API = [
    *(f"/api/v1/{kind}/hostile-{kind[:-1]}/" for kind in ("events", "agreements", "actors", "venues")),
    "/api/v1/periods/hostile-period/",
    "/api/v1/sources/hostile-source/",
    "/api/v1/events/?tag=hostile-tag",
]
ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    return response


def test_every_page_shows_the_payload_as_text_and_runs_none_of_it(hostile):
    name = plain(NAME_PREFIX + hostile)[:200]
    for path in DETAIL_PAGES + NAMED_PAGES + OTHER_PAGES:
        page = read_page(fetch(path).content.decode())
        assert page.problems == [], (path, hostile)
        if path not in OTHER_PAGES:
            assert name in page.shown_text, (path, hostile)
        if path in DETAIL_PAGES:
            assert page.headings == [name], path
            assert [block["mainEntity"]["name"] for block in page.json_ld] == [NAME_PREFIX + hostile]
            assert plain(hostile) in page.shown_text, (path, "quote")


def test_feeds_are_well_formed_and_their_html_runs_nothing(hostile):
    for path in FEEDS:
        feed = ElementTree.fromstring(fetch(path).content)
        entries = feed.findall(f"{ATOM}entry")
        titles = [entry.findtext(f"{ATOM}title") for entry in entries]
        assert NAME_PREFIX + hostile in titles, path
        for entry in entries:
            for element in entry.findall(f"{ATOM}summary") + entry.findall(f"{ATOM}content"):
                assert read_page(element.text or "").problems == [], (path, hostile)


def test_the_api_returns_the_payload_as_data_and_only_sanitised_html(hostile):
    for path in API:
        response = fetch(path)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"
        data = response.json()
        if "name" in data:
            assert data["name"] == NAME_PREFIX + hostile, path
        for key, html in _html_values(data):
            assert read_page(html).problems == [], (path, key, hostile)


def _html_values(data):
    """(key, value) for every ``…_html`` string anywhere in an API answer."""
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    if isinstance(data, dict):
        yield from ((key, value) for key, value in data.items() if key.endswith("_html"))
    for value in values:
        yield from _html_values(value)


def test_the_reader_catches_what_a_sanitiser_might_miss():
    """A control: each kind of danger is reported, and the site's own markup is not."""
    dangers = [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<iframe src="https://example.org"></iframe>',
        '<meta http-equiv="refresh" content="0">',
        '<form action="/search/"></form>',
        "<base href='https://evil.example/'>",
        '<script type="application/ld+json">{"a": "<!--"}</script>',
        '<p style="color:red">x</p>',
    ]
    for html in dangers:
        assert read_page(html).problems, html
    own = (
        '<form class="search-form" action="/search/"><input name="q"></form>'
        '<script src="/static/js/copy-citation.js" defer></script>'
        '<script type="application/ld+json">{"name": "\\u003C/script\\u003E"}</script>'
    )
    assert read_page(own).problems == []
