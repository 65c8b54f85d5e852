"""Odd requests get a 4xx, never a 500: methods, body sizes, long addresses and Host headers.

The public pages only read: GET and HEAD write nothing to the database and set
no cookie, and every other method is answered 405 with ``Allow: GET, HEAD``.
Without a CSRF token, Django's CSRF check refuses unsafe methods (403) before
any view runs.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from kb.models import Actor, Agreement, Event, Period, Source, Venue
from kb.sitemaps import sitemaps
from kb.urls import public_patterns

pytestmark = pytest.mark.django_db

SLUGGED = {
    "event": Event,
    "agreement": Agreement,
    "actor": Actor,
    "venue": Venue,
    "period": Period,
    "source": Source,
}
QUERIES = {"search": "?q=minsk", "search-csv": "?q=minsk"}


def _sample_slug(kind):
    if kind == "tag":
        return Event.objects.published().filter(tags__isnull=False).first().tags.first().slug
    queryset = SLUGGED[kind].objects
    return (queryset.published() if hasattr(queryset, "published") else queryset.all()).first().slug


def public_pages():
    """{url name: address} for every public route, with real slugs from the seed."""
    pages = {}
    for pattern in public_patterns:
        converters = pattern.pattern.converters
        kwargs = {}
        if "slug" in converters:
            kwargs["slug"] = _sample_slug(pattern.name.split("-")[0])
        if "style" in converters:
            kwargs["style"] = "bibtex"
        if "section" in converters:
            kwargs["section"] = next(iter(sitemaps))
        pages[pattern.name] = reverse(f"kb:{pattern.name}", kwargs=kwargs) + QUERIES.get(pattern.name, "")
    return pages


# Also read-only, outside the site's pages; django-ninja's API operations allow GET alone, not HEAD.
OTHER_READ_ONLY = ["/healthz", "/api/v1/openapi.json", "/api/v1/docs"]
API_OPERATIONS = ["/api/v1/", "/api/v1/events/"]
URLENCODED = "application/x-www-form-urlencoded"


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_the_page_list_has_every_public_route_and_they_all_open(client):
    pages = public_pages()
    assert len(pages) == len(public_patterns) > 30
    statuses = {name: client.get(path).status_code for name, path in pages.items()}
    assert {name: status for name, status in statuses.items() if status != 200} == {}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO"])
def test_every_public_page_answers_other_methods_405_naming_get_and_head(client, method):
    pages = [*public_pages().values(), *OTHER_READ_ONLY]
    answers = {
        path: (response.status_code, response.get("Allow"))
        for path in [*pages, *API_OPERATIONS]
        for response in [client.generic(method, path, "q=x", content_type=URLENCODED)]
    }
    expected = {path: (405, "GET, HEAD" if path in pages else "GET") for path in answers}
    assert answers == expected


def test_trace_never_echoes_the_request():
    response = Client().generic("TRACE", "/events/", HTTP_X_SECRET="echo-me")
    assert response.status_code == 405
    assert b"echo-me" not in response.content


def test_without_a_csrf_token_unsafe_methods_are_refused_before_any_view():
    client = Client(enforce_csrf_checks=True)
    for path in public_pages().values():
        for method in ("POST", "PUT", "DELETE", "FOO"):
            with CaptureQueriesContext(connection) as queries:
                response = client.generic(method, path)
            assert response.status_code == 403, (method, path)
            assert b"CSRF verification failed" in response.content
            assert b"Go back, reload the page and send the form again" in response.content
            assert writes(queries) == []


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_reading_a_public_page_writes_nothing_and_sets_no_cookie(method):
    client = Client()
    api = API_OPERATIONS if method == "GET" else []
    missing = ["/no-such-page/", "/events/no-such-event/"]
    for path in [*public_pages().values(), *OTHER_READ_ONLY, *api, *missing]:
        with CaptureQueriesContext(connection) as queries:
            response = client.generic(method, path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code in (200, 404), path
        assert writes(queries) == [], path
        assert dict(response.cookies) == {}, path
        assert not client.cookies, path
        assert (body == b"") == (method == "HEAD"), path


def test_the_write_check_sees_a_write():
    """A control: a page view that did write would be caught by the query filter above."""
    with CaptureQueriesContext(connection) as queries:
        Period.objects.filter(pk=Period.objects.first().pk).update(name="Renamed")
    assert writes(queries)


TOO_BIG = {"username": "a", "password": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
TOO_MANY = {f"field{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}


@pytest.mark.parametrize("enforce_csrf_checks", [False, True], ids=["with-token", "no-token"])
@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
@pytest.mark.parametrize("fields", [TOO_BIG, TOO_MANY], ids=["too-big", "too-many"])
@pytest.mark.parametrize("path", ["/admin/login/", "/events/", "/search/"])
def test_an_oversized_form_is_refused_with_a_4xx(path, fields, encoding, enforce_csrf_checks):
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    if encoding == "urlencoded":
        response = client.post(path, urlencode(fields), content_type=URLENCODED)
    else:
        response = client.post(path, fields)
    expected = 400 if path.startswith("/admin/") else 405
    assert response.status_code == (403 if enforce_csrf_checks else expected)
    assert b"Traceback" not in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/events/?" + "&".join(f"tag=t{n}" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)),
        "/events/?tag=" + "a" * 100_000,
        "/search/?q=" + "minsk " * 20_000,
        "/search.csv?q=" + "%00" * 5_000,
        "/timeline/?from=" + "9" * 5_000,
        "/" + "a/" * 4_000,
        "/events/" + "a" * 20_000 + "/",
        "/tags/" + "ж" * 5_000 + "/feed/",
    ],
    ids=[
        "many-keys",
        "long-tag",
        "long-search",
        "nul-search",
        "long-year",
        "deep",
        "long-slug",
        "long-tag-feed",
    ],
)
def test_a_very_long_address_gets_a_page_or_a_4xx(client, path):
    response = client.get(path)
    assert response.status_code < 500
    assert b"Traceback" not in response.content


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "127.0.0.1.evil.example",
        "localhost@evil.example",
        "localhost:80:80",
        "localhost:port",
        "[::1]",
        "",
        " ",
        "ло.калхост",
        "xn--80akhbyknj4f",
        "local\x00host",
        "localhost, evil.example",
        "a" * 300,
    ],
)
@pytest.mark.parametrize("path", ["/", "/events/", "/admin/login/"])
def test_an_odd_host_header_gets_400(path, host):
    response = Client().get(path, HTTP_HOST=host)
    assert response.status_code == 400
    assert b"Traceback" not in response.content
    assert "This request could not be understood" in response.content.decode()
