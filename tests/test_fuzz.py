"""Whatever a visitor or crawler puts in the address, every public URL answers without a 5xx or a traceback.

Hypothesis draws query strings, filter values, searches, slugs and path
endings, mixing the seed's real slugs and choices with junk: any Unicode
(NUL and lone surrogates, percent-encoded as their UTF-8-style bytes), raw
bytes, search operators, very long values and unknown keys. ``derandomize``
makes CI run the same examples each time: 400 + 300 + 300 = 1,000 of them.
"""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from kb.facets import PARAMETERS
from kb.models import (
    Actor,
    ActorKind,
    Agreement,
    AgreementStatus,
    Event,
    EventKind,
    EventStatus,
    Period,
    Source,
    Tag,
    Venue,
    VenueKind,
)
from kb.urls import public_patterns
from tests.test_requests import public_pages

pytestmark = pytest.mark.django_db


def fuzz(examples):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# Addresses that take no path argument, where query strings do the work.
PLAIN_ADDRESSES = ["/" + str(p.pattern) for p in public_patterns if not p.pattern.converters]
API_LISTS = [f"/api/v1/{kind}/" for kind in ("events", "agreements", "actors", "venues", "tags", "periods")]
# Addresses with slugs, styles or sections in them, as route templates.
ROUTES = ["/" + str(p.pattern) for p in public_patterns if p.pattern.converters]
API_ROUTES = ["/api/v1/events/<slug>/", "/api/v1/tags/<slug>/", "/api/v1/sources/<slug>/"]


def _seed_slugs():
    models = (Event, Agreement, Actor, Venue, Tag, Period, Source)
    return sorted({slug for model in models for slug in model.objects.values_list("slug", flat=True)})


# Drawn the first time a test needs one, when the database is open.
real_slugs = st.deferred(lambda: st.sampled_from(_seed_slugs()))
real_addresses = st.deferred(lambda: st.sampled_from(sorted(public_pages().items())))
choices = st.sampled_from(
    sorted(
        {*EventKind.values, *EventStatus.values, *AgreementStatus.values, *ActorKind.values}
        | {*VenueKind.values, "event", "agreement", "actor", "venue", "bibtex", "ris", "csl-json"}
        | {"pages", "events", "tags"}
    )
)
any_text = st.text(st.characters(exclude_categories=()), max_size=40)
SEARCH_WORDS = [
    *("minsk", "Minsk", "belarus", "lukashenk", "covid-19", "2015", "the", "a", "ß", "İstanbul", "ﬁnal"),
    *("Лукашенко", "Мінск", "ǅ", "e\u0301", "\ufeff", "%", "%00", "' OR 1=1 --", "<script>", "\t", "\n"),
]
OPERATORS = ['"minsk talks"', '"', "'", "\\", "&", "|", "!", "(", ")", ":*", "*", "<->", "!!", "&&"]
OPERATORS += ["||", "a:*", "(minsk", "talks)", "-", "-minsk", "--", "or", "OR", "AND", "NOT"]
NOT_TEXT = ["\x00", "\ud800", "\udfff", "\ue000", "\ue001", "\x1b", "\u202e", "\x7f"]
search_terms = st.one_of(
    st.lists(st.sampled_from(SEARCH_WORDS + OPERATORS), min_size=1, max_size=12).map(" ".join),
    st.lists(st.sampled_from(SEARCH_WORDS + OPERATORS + NOT_TEXT), max_size=12).map("".join),
    st.text(st.sampled_from(list("&|!():*'\"\\-<>~^ orAND")), max_size=30),
    any_text,
    st.integers(990, 1_010).map(lambda n: "m" * n),
    st.integers(1, 400).map(lambda n: "minsk " * n),
)
years = st.integers(1850, 2150).map(str)
odd_numbers = st.sampled_from(
    ["0", "-1", "1.5", "1e309", "nan", "inf", "last", "9" * 30, "9" * 5_000, "２０１５"]
)
values = st.one_of(real_slugs, choices, years, odd_numbers, search_terms, any_text, st.binary(max_size=20))
keys = st.one_of(
    st.sampled_from([*PARAMETERS, "q", "page", "page_size", "version", "sort", "format", "tag"]),
    any_text,
)
query_pairs = st.lists(st.tuples(keys, values), max_size=8)
raw_junk = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="#"), max_size=40)


def encoded(value):
    """A drawn value as it would be percent-encoded on the wire; surrogates as their raw bytes."""
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote(raw, safe="")


def query_string(pairs, junk=""):
    return "&".join(f"{encoded(key)}={encoded(value)}" for key, value in pairs) + junk


segments = st.one_of(
    real_slugs,
    st.from_regex(r"[-\w]{1,80}", fullmatch=True),
    any_text.filter(bool).map(encoded),
    st.sampled_from(["..", ".", "%2F", "%00", "%C0%AF", "%ED%A0%80", "a" * 300, "-", "_"]),
)
path_endings = st.one_of(st.just(""), st.sampled_from(["", "x/"]), segments.map(lambda s: s + "/"), segments)
methods = st.sampled_from(["GET", "HEAD"])
headers = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_IF_NONE_MATCH": st.text(st.characters(max_codepoint=255), max_size=30),
        "HTTP_IF_MODIFIED_SINCE": st.one_of(
            st.text(st.characters(max_codepoint=255), max_size=30),
            st.just("Sat, 01 Jan 2000 00:00:00 GMT"),
        ),
        "HTTP_ACCEPT_LANGUAGE": st.text(st.characters(max_codepoint=255), max_size=30),
    },
)


def assert_answered_without_error(method, address, headers=None):
    response = Client().generic(method, address, **(headers or {}))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    event(f"{response.status_code} answers")
    assert response.status_code < 500, (address, response.status_code)
    assert b"Traceback" not in body and b'File "/' not in body, address


@fuzz(400)
@given(
    address=st.sampled_from(PLAIN_ADDRESSES + API_LISTS),
    pairs=query_pairs,
    junk=st.one_of(st.just(""), raw_junk),
    method=methods,
    headers=headers,
)
@example(address="/timeline/", pairs=[("from", "9" * 5_000)], junk="", method="GET", headers={})
def test_lists_and_pages_take_any_query_string(address, pairs, junk, method, headers):
    assert_answered_without_error(method, f"{address}?{query_string(pairs, junk)}", headers)


@fuzz(300)
@given(
    address=st.sampled_from(["/search/", "/search.csv"]),
    terms=search_terms,
    pairs=st.lists(st.tuples(keys, values), max_size=3),
    method=methods,
)
def test_search_takes_any_search_and_filters(address, terms, pairs, method):
    assert_answered_without_error(method, f"{address}?{query_string([('q', terms), *pairs])}")


HOLE = re.compile(r"<[^>]+>")


def _filled(template):
    """A route template's ``<…>`` holes, each filled with a drawn segment."""

    def fill(drawn):
        parts = iter(drawn)
        return HOLE.sub(lambda _: next(parts), template)

    holes = len(HOLE.findall(template))
    return st.lists(segments, min_size=holes, max_size=holes).map(fill)


addresses = st.one_of(
    real_addresses.map(lambda named: named[1].split("?")[0]),
    st.sampled_from(ROUTES + API_ROUTES).flatmap(_filled),
)


@fuzz(300)
@given(address=addresses, ending=path_endings, pairs=query_pairs, method=methods)
def test_addresses_take_any_slug_and_ending(address, ending, pairs, method):
    """A real page's address with something added, or any route with made-up slugs."""
    assert_answered_without_error(method, f"{address}{ending}?{query_string(pairs)}")
