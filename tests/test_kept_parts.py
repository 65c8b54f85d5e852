"""Parts of pages kept until the data changes: every reader sees an edit at once, signed in or not.

A session cookie makes each page rendered rather than served whole from the
page cache, so what these tests see comes from the kept parts: the parts kept
whole by ``{% kept %}`` (an entry's page, lists, the home, tag and period pages,
the timeline, the comparison, search results), and within them cards, counts,
related entries, long lists and the graphs; and the API lists' records.
"""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError

from kb.models import DataVersion, Event, Period, PublicationStatus
from kb.pagination import RowsByKey
from tests.factories import make_actor, make_event, make_participation, make_venue
from tests.redis_db import TEST_REDIS_URL, emptied_test_redis

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["own cache", "shared cache", "Redis"])
def cache_kind(request, settings):
    settings.KB_SHARED_CACHE = request.param != "own cache"
    if request.param == "Redis":
        with redis_as_the_cache(settings):
            yield request.param
    else:
        yield request.param


@contextmanager
def redis_as_the_cache(settings):
    """The tests' Redis database, emptied, as the cache the processes share; emptied again after."""
    redis = emptied_test_redis()
    settings.KB_SHARED_CACHE = True
    settings.CACHES = {
        "default": {"BACKEND": "kb.redis_cache.SharedClientRedisCache", "LOCATION": TEST_REDIS_URL}
    }
    yield redis
    redis.flushdb()


@pytest.fixture
def signed_in_browser(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-the-page-cache-does-not-serve"
    return client


@pytest.fixture
def summit():
    """An event every kept part shows, and the pages that show it."""
    city = make_venue(name="Kept city")
    hall = make_venue(name="Kept hall", located_in=city)
    envoy = make_actor(name="Kept envoy")
    period = Period.objects.order_by("date_start").first()
    event = make_event(
        name="Summit before the edit", date="2014-01-02", venue=hall, period=period, tags=["kept-theme"]
    )
    neighbour = make_event(name="Neighbouring summit", tags=["kept-theme"])
    make_participation(actor=envoy, event=event)
    pages = [
        "/",
        "/events/",
        event.get_absolute_url(),
        envoy.get_absolute_url(),
        hall.get_absolute_url(),
        f"/venues/{city.slug}/",
        f"/periods/{period.slug}/",
        "/tags/kept-theme/",
        neighbour.get_absolute_url(),
        "/timeline/",
        "/then-and-now/",
        f"{envoy.get_absolute_url()}connections/",
        f"{event.get_absolute_url()}connections/",
        "/search/?q=summit",
        "/search/?q=summit&type=event&tag=kept-theme",
    ]
    return event, pages


def pages_showing(client, pages, text):
    return [page for page in pages if text in client.get(page).content.decode()]


def test_a_renamed_entry_is_shown_renamed_at_once_in_every_kept_part(
    signed_in_browser, cache_kind, summit, django_capture_on_commit_callbacks
):
    event, pages = summit
    assert pages_showing(signed_in_browser, pages, "Summit before the edit") == pages
    with django_capture_on_commit_callbacks(execute=True):
        event.name = "Summit after the edit"
        event.save()
    assert pages_showing(signed_in_browser, pages, "Summit before the edit") == []
    assert pages_showing(signed_in_browser, pages, "Summit after the edit") == pages


def test_a_withdrawn_entry_leaves_every_kept_part_at_once(signed_in_browser, cache_kind, summit):
    event, pages = summit
    assert pages_showing(signed_in_browser, pages, "Summit before the edit") == pages
    event.publication_status = PublicationStatus.DRAFT
    event.save(update_fields=["publication_status", "updated_at"])
    assert pages_showing(signed_in_browser, pages, "Summit before the edit") == []


def test_a_tag_taken_off_leaves_the_related_entries_and_the_tag_page_at_once(signed_in_browser, summit):
    event, pages = summit
    related = Event.objects.get(name="Neighbouring summit").get_absolute_url()
    tag_page = "/tags/kept-theme/"
    assert pages_showing(signed_in_browser, [related, tag_page], "Summit before the edit") == [
        related,
        tag_page,
    ]
    event.tags.remove("kept-theme")
    assert pages_showing(signed_in_browser, [related], "Summit before the edit") == []
    assert "Summit before the edit" not in signed_in_browser.get(tag_page).content.decode()


def test_kept_parts_are_not_worked_out_again_until_the_data_changes(
    signed_in_browser, summit, django_assert_max_num_queries
):
    first = signed_in_browser.get("/then-and-now/")
    # Only the data version, read to know that the kept comparison is still current.
    with django_assert_max_num_queries(1):
        second = signed_in_browser.get("/then-and-now/")
    assert second.content == first.content


def test_a_page_whose_parts_are_all_kept_reads_only_what_tells_whether_they_still_hold(
    signed_in_browser, cache_kind, summit, django_assert_num_queries
):
    event, _ = summit
    # A cache of the process's own reads the data version from the database; a shared one holds it.
    reads = 1 if cache_kind == "own cache" else 0
    for address in ["/events/", event.get_absolute_url()]:
        first = signed_in_browser.get(address).content.decode()
        with django_assert_num_queries(reads):
            second = signed_in_browser.get(address).content.decode()
        assert "Summit before the edit" in first
        assert second == first


def test_an_entry_published_where_a_reader_found_nothing_is_shown_at_once(signed_in_browser, cache_kind):
    address = "/events/published-after-a-reader-looked/"
    assert signed_in_browser.get(address).status_code == 404
    make_event(name="Published after a reader looked", slug="published-after-a-reader-looked")
    assert "Published after a reader looked" in signed_in_browser.get(address).content.decode()


def test_a_tag_page_appears_and_goes_with_the_first_and_last_published_entry_carrying_it(
    signed_in_browser, cache_kind
):
    event = make_event(
        name="Carrier of a later theme", publication_status=PublicationStatus.DRAFT, tags=["later-theme"]
    )
    assert signed_in_browser.get("/tags/later-theme/").status_code == 404
    event.publication_status = PublicationStatus.PUBLISHED
    event.save(update_fields=["publication_status", "updated_at"])
    assert "Carrier of a later theme" in signed_in_browser.get("/tags/later-theme/").content.decode()
    event.publication_status = PublicationStatus.DRAFT
    event.save(update_fields=["publication_status", "updated_at"])
    assert signed_in_browser.get("/tags/later-theme/").status_code == 404


def test_made_up_addresses_add_nothing_to_the_cache(signed_in_browser, settings):
    with redis_as_the_cache(settings) as redis:
        assert signed_in_browser.get("/events/").status_code == 200
        before = redis.dbsize()
        for number in range(20):
            for kind in ("events", "tags", "actors"):
                assert signed_in_browser.get(f"/{kind}/made-up-{number}/").status_code == 404
        assert redis.dbsize() == before


def test_a_draft_an_editor_has_opened_is_still_hidden_from_readers(client, editor, cache_kind, summit):
    event, _ = summit
    event.publication_status = PublicationStatus.DRAFT
    event.save(update_fields=["publication_status", "updated_at"])
    client.force_login(editor)
    assert "Summit before the edit" in client.get(event.get_absolute_url()).content.decode()
    client.logout()
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-reader-without-rights"
    assert client.get(event.get_absolute_url()).status_code == 404


def test_what_a_page_shows_of_its_request_is_not_kept_with_its_parts(signed_in_browser, summit, settings):
    event, _ = summit
    settings.ALLOWED_HOSTS = ["kb.example.org", "mirror.example.net"]
    address = event.get_absolute_url()
    for host in settings.ALLOWED_HOSTS:
        page = signed_in_browser.get(address, HTTP_HOST=host).content.decode()
        assert f"http://{host}{address}" in page
    cited = signed_in_browser.get(f"{address}?version=12345", HTTP_HOST="kb.example.org")
    assert "names a version of this page that does not exist" in cited.content.decode()
    current = signed_in_browser.get(address, HTTP_HOST="kb.example.org")
    assert "names a version" not in current.content.decode()


def test_kept_search_results_are_those_of_the_query_asked(signed_in_browser, summit):
    found = {"envoy": ">Kept envoy</a>", "neighbouring": ">Neighbouring summit</a>"}
    for asked, other in [("envoy", "neighbouring"), ("neighbouring", "envoy")]:
        page = signed_in_browser.get(f"/search/?q={asked}").content.decode()
        assert f'value="{asked}"' in page
        assert found[asked] in page
        assert found[other] not in page


def api_record(client, slug, **headers):
    """The record of the event ``slug`` in the API's event list, asked for as a signed-in browser would."""
    page = client.get("/api/v1/events/?page_size=100&tag=kept-theme", headers=headers).json()
    return next((record for record in page["results"] if record["slug"] == slug), None)


def test_the_api_lists_kept_records_show_an_edit_at_once(signed_in_browser, cache_kind, summit):
    event, _ = summit
    record = api_record(signed_in_browser, event.slug)
    assert (record["name"], record["venue"]["name"]) == ("Summit before the edit", "Kept hall")
    assert [tag["slug"] for tag in record["tags"]] == ["kept-theme"]
    event.name = "Summit after the edit"
    event.save()
    event.tags.add("second-theme")
    event.venue.publication_status = PublicationStatus.DRAFT
    event.venue.save(update_fields=["publication_status", "updated_at"])
    record = api_record(signed_in_browser, event.slug)
    assert (record["name"], record["venue"]) == ("Summit after the edit", None)
    assert sorted(tag["slug"] for tag in record["tags"]) == ["kept-theme", "second-theme"]
    event.publication_status = PublicationStatus.DRAFT
    event.save(update_fields=["publication_status", "updated_at"])
    assert api_record(signed_in_browser, event.slug) is None


def test_the_api_lists_answer_conditional_requests_from_the_current_version(
    signed_in_browser, cache_kind, summit, django_assert_num_queries
):
    event, _ = summit
    address = "/api/v1/events/?page_size=100"
    first = signed_in_browser.get(address)
    assert "Summit before the edit" in {record["name"] for record in first.json()["results"]}
    # With a shared cache, the data version is kept there too; with a process's own, it is read for
    # the conditional answer of each request and for the kept parts of the whole answer.
    with django_assert_num_queries(3 if cache_kind == "own cache" else 0):
        assert signed_in_browser.get(address, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert signed_in_browser.get(address).json() == first.json()
    event.name = "Summit after the edit"
    event.save()
    again = signed_in_browser.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Summit after the edit" in {record["name"] for record in again.json()["results"]}


def test_the_api_lists_kept_records_address_the_host_asked(signed_in_browser, summit, settings):
    event, _ = summit
    settings.ALLOWED_HOSTS = ["kb.example.org", "mirror.example.net"]
    for host in settings.ALLOWED_HOSTS:
        record = api_record(signed_in_browser, event.slug, host=host)
        assert record["url"] == f"http://{host}{event.get_absolute_url()}"
        assert record["venue"]["api_url"].startswith(f"http://{host}/api/v1/venues/")


def test_a_kept_part_is_kept_under_its_name_and_the_values_it_varies_with(cache_kind):
    part = Template('{% load kb_extras %}{% kept "greeting" who %}Hello {{ who }}, {{ when }}{% endkept %}')
    assert part.render(Context({"who": "Anna", "when": "then"})) == "Hello Anna, then"
    assert part.render(Context({"who": "Anna", "when": "now"})) == "Hello Anna, then"
    assert part.render(Context({"who": "Oleg", "when": "now"})) == "Hello Oleg, now"
    DataVersion.bump()
    assert part.render(Context({"who": "Anna", "when": "now"})) == "Hello Anna, now"


def test_a_kept_part_needs_a_name():
    with pytest.raises(TemplateSyntaxError, match="needs a name"):
        Template("{% load kb_extras %}{% kept %}Hello{% endkept %}")


def test_a_card_whose_entry_has_gone_since_its_page_was_found_is_left_out():
    shown = make_event(name="Summit still here")
    page = RowsByKey(Event.objects.published(), [shown.pk, shown.pk + 1_000_000])
    cards = Template("{% load kb_extras %}{% entry_cards page %}").render(Context({"page": page}))
    assert cards.count('<article class="card">') == 1
    assert "Summit still here" in cards
