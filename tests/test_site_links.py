"""Every page's header and footer link to the site's sections, whatever answered the request.

The addresses are reversed once (``{% site_links %}``), so these tests check that
they are right on pages rendered with and without a request, under an address
prefix, and that the section being read is still marked as current.
"""

import re

import pytest
from django.test import Client
from django.test.utils import override_script_prefix
from django.urls import reverse

pytestmark = pytest.mark.django_db

MAIN_NAVIGATION = {
    "Events": "kb:event-list",
    "Agreements": "kb:agreement-list",
    "Actors": "kb:actor-list",
    "Venues": "kb:venue-list",
    "Timeline": "kb:timeline",
    "Tags": "kb:tag-list",
    "Then and now": "kb:then-and-now",
    "Connections": "kb:connections",
    "Map": "kb:venue-map",
}
FOOTER = {
    "sources": "kb:source-list",
    "periods": "kb:period-list",
    "Atom feed": "kb:latest-feed",
    "API, downloads and citation formats": "kb:open-data",
}


def links(html, names):
    """{link text: (href, whether it is marked as the current page)} for the links named ``names``."""
    found = {}
    for href, current, text in re.findall(r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', html):
        if text in names:
            found[text] = (href, bool(current))
    return found


def expected(names, prefix="/", current=None):
    return {text: (prefix + reverse(view)[1:], text == current) for text, view in names.items()}


def answers(status, response):
    assert response.status_code == status
    return response.content.decode()


@pytest.mark.parametrize(
    "status, request_page",
    [
        (200, lambda: Client().get("/")),
        (404, lambda: Client().get("/no-such-page/")),
        (400, lambda: Client().get("/", HTTP_HOST="evil.example")),
        (403, lambda: Client(enforce_csrf_checks=True).post("/search/")),
    ],
    ids=["home", "not-found", "bad-request", "csrf-refusal"],
)
def test_every_page_links_to_the_sections_and_sources(status, request_page):
    html = answers(status, request_page())
    assert links(html, MAIN_NAVIGATION) == expected(MAIN_NAVIGATION)
    assert links(html, FOOTER) == expected(FOOTER)
    assert f'action="{reverse("kb:search")}"' in html
    assert f'href="{reverse("kb:home")}">Minsk talks' in html


@pytest.mark.parametrize("text", ["Events", "Timeline", "Then and now", "Map"])
def test_the_section_being_read_is_marked_as_current(client, text):
    html = answers(200, client.get(reverse(MAIN_NAVIGATION[text])))
    assert links(html, MAIN_NAVIGATION) == expected(MAIN_NAVIGATION, current=text)


def test_the_links_follow_the_prefix_the_site_is_served_under():
    # Django's WSGI handler sets the prefix from SCRIPT_NAME; its test client does not.
    with override_script_prefix("/kb/"):
        prefixed = answers(200, Client().get("/events/", SCRIPT_NAME="/kb"))
    assert links(prefixed, MAIN_NAVIGATION) == expected(MAIN_NAVIGATION, prefix="/kb/", current="Events")
    assert links(prefixed, FOOTER) == expected(FOOTER, prefix="/kb/")
    plain = answers(200, Client().get("/events/"))
    assert links(plain, MAIN_NAVIGATION) == expected(MAIN_NAVIGATION, current="Events")
