"""Readers without a session are served stored pages, and never one the data has moved past."""

import gzip

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client

from kb.models import Event, PublicationStatus
from kb.page_cache import GENERATION_KEY, AnonymousPageCacheMiddleware, page_key
from tests.factories import make_event

pytestmark = pytest.mark.django_db

OFFER = "proposed-peace-talks-in-minsk"


def stored_key(path):
    return page_key(f"http://testserver{path}")


@pytest.fixture(params=["own cache", "shared cache"])
def cache_kind(request, settings):
    settings.KB_SHARED_CACHE = request.param == "shared cache"
    return request.param


def test_a_second_reader_gets_the_stored_page_without_rendering_it(
    client, cache_kind, django_assert_max_num_queries
):
    first = client.get(f"/events/{OFFER}/")
    with django_assert_max_num_queries(1 if cache_kind == "own cache" else 0):
        second = client.get(f"/events/{OFFER}/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"


def test_an_edit_is_seen_by_the_next_reader(client, cache_kind, django_capture_on_commit_callbacks):
    event = make_event(name="Summit before the edit")
    assert "Summit before the edit" in client.get(event.get_absolute_url()).content.decode()
    assert "Summit before the edit" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        event.name = "Summit after the edit"
        event.save()
    assert "Summit after the edit" in client.get(event.get_absolute_url()).content.decode()
    assert "Summit after the edit" in client.get("/").content.decode()


def test_a_tag_change_is_seen_by_the_next_reader(client, cache_kind):
    event = Event.objects.get(slug=OFFER)
    assert "freshly-added-theme" not in client.get(event.get_absolute_url()).content.decode()
    event.tags.add("freshly-added-theme")
    assert "/tags/freshly-added-theme/" in client.get(event.get_absolute_url()).content.decode()
    event.tags.remove("freshly-added-theme")
    assert "/tags/freshly-added-theme/" not in client.get(event.get_absolute_url()).content.decode()


def test_unpublishing_hides_a_stored_page_at_once(client, cache_kind):
    event = make_event(name="Summit soon withdrawn")
    assert client.get(event.get_absolute_url()).status_code == 200
    assert "Summit soon withdrawn" in client.get("/events/").content.decode()
    event.publication_status = PublicationStatus.DRAFT
    event.save(update_fields=["publication_status", "updated_at"])
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Summit soon withdrawn" not in client.get("/events/").content.decode()


def test_an_editors_page_is_neither_served_from_nor_stored_for_readers(editor_client):
    reader = Client()
    draft = make_event(name="Draft summit in review", publication_status=PublicationStatus.DRAFT)
    assert reader.get(draft.get_absolute_url()).status_code == 404
    assert "only editors can see this page" in editor_client.get(draft.get_absolute_url()).content.decode()
    assert reader.get(draft.get_absolute_url()).status_code == 404


def test_a_reader_who_signs_in_stops_getting_the_stored_page(client, editor):
    draft = make_event(name="Draft summit for staff", publication_status=PublicationStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_stored_page_answers_conditional_requests(client):
    first = client.get("/")
    assert first["Cache-Control"] == "no-cache"
    assert "Cookie" in first["Vary"]
    etag = first["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_event(name="A change after the tag was given")
    changed = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "A change after the tag was given" in changed.content.decode()


BROWSER_ENCODINGS = "gzip, deflate, br, zstd"


def test_a_browser_that_takes_gzip_gets_the_stored_page_compressed(client, cache_kind):
    first = client.get("/then-and-now/", HTTP_ACCEPT_ENCODING=BROWSER_ENCODINGS)
    stored = client.get("/then-and-now/", HTTP_ACCEPT_ENCODING=BROWSER_ENCODINGS)
    plain = client.get("/then-and-now/")
    assert "Minsk then and now" in plain.content.decode()
    assert not plain.has_header("Content-Encoding")
    assert int(plain["Content-Length"]) == len(plain.content)
    assert "Accept-Encoding" in plain["Vary"]
    for compressed in (first, stored):
        assert compressed["Content-Encoding"] == "gzip"
        assert gzip.decompress(compressed.content) == plain.content
        assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content) / 3
        assert compressed["ETag"] == f"W/{plain['ETag']}"
        assert "Accept-Encoding" in compressed["Vary"]


def test_a_compressed_page_answers_conditional_requests(client):
    etag = client.get("/", HTTP_ACCEPT_ENCODING="gzip")["ETag"]
    assert etag.startswith('W/"')
    assert client.get("/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_event(name="A change after the weak tag was given")
    changed = client.get("/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "A change after the weak tag was given" in gzip.decompress(changed.content).decode()


def test_signed_in_editors_get_pages_uncompressed(editor_client):
    page = editor_client.get("/then-and-now/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Minsk then and now" in page.content.decode()
    assert not page.has_header("Content-Encoding")


def test_a_page_too_short_to_gain_or_already_encoded_is_sent_as_it_is(rf):
    pages = {
        "/short/": HttpResponse("ok"),
        "/encoded/": HttpResponse(b"x" * 2000, headers={"Content-Encoding": "br"}),
    }
    middleware = AnonymousPageCacheMiddleware(lambda request: pages[request.path])
    for path, page in pages.items():
        for _ in ("rendered", "stored"):
            served = middleware(rf.get(path, HTTP_ACCEPT_ENCODING="gzip"))
            assert served.content == page.content
            assert served.get("Content-Encoding") == page.get("Content-Encoding")


def test_not_found_and_odd_pages_are_rendered_every_time(client):
    assert client.get("/events/no-such-event/").status_code == 404
    make_event(slug="no-such-event", name="Now there is one")
    assert "Now there is one" in client.get("/events/no-such-event/").content.decode()


def test_a_head_request_is_answered_from_the_stored_page(client, settings, django_assert_num_queries):
    settings.KB_SHARED_CACHE = True
    client.get(f"/events/{OFFER}/")
    with django_assert_num_queries(0):
        head = client.head(f"/events/{OFFER}/")
    assert head.status_code == 200
    assert head.content == b""


def test_the_admin_and_health_check_are_never_stored(client, settings):
    assert client.get("/healthz").status_code == 200
    assert cache.get(stored_key("/healthz")) is None
    assert client.get("/admin/login/").status_code == 200
    assert cache.get(stored_key("/admin/login/")) is None
    assert client.get("/tags/").status_code == 200
    assert cache.get(stored_key("/tags/")) is not None


def test_a_page_holding_a_csrf_token_is_not_stored(rf):
    def page_with_a_form(request):
        return HttpResponse(f"<input value='{get_token(request)}'>")

    middleware = AnonymousPageCacheMiddleware(page_with_a_form)
    first = middleware(rf.get("/a-form/"))
    second = middleware(rf.get("/a-form/"))
    assert first.content != second.content


def test_the_page_cache_can_be_turned_off(client, rendered_every_time):
    assert client.get(f"/events/{OFFER}/").status_code == 200
    assert cache.get(stored_key(f"/events/{OFFER}/")) is None


def test_a_lost_generation_does_not_revive_old_pages(client, settings):
    settings.KB_SHARED_CACHE = True
    event = make_event(name="Summit before the loss")
    client.get(event.get_absolute_url())
    cache.delete(GENERATION_KEY)
    Event.objects.filter(pk=event.pk).update(name="Summit after the loss")
    assert "Summit after the loss" in client.get(event.get_absolute_url()).content.decode()


@pytest.fixture
def unreachable_redis(settings):
    """A shared cache on a port where nothing listens, as when Redis is down."""
    settings.KB_SHARED_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }


def test_readers_get_rendered_pages_while_redis_is_down(client, unreachable_redis, caplog):
    assert OFFER in client.get("/events/").content.decode()
    assert client.get(f"/events/{OFFER}/").status_code == 200
    assert "The shared cache cannot be reached" in caplog.text


def test_edits_are_saved_and_shown_while_redis_is_down(client, unreachable_redis):
    event = make_event(name="Summit saved while the cache was down")
    assert "Summit saved while the cache was down" in client.get(event.get_absolute_url()).content.decode()
    event.name = "Summit renamed while the cache was down"
    event.save()
    assert Event.objects.get(pk=event.pk).name == "Summit renamed while the cache was down"
    assert "Summit renamed while the cache was down" in client.get(event.get_absolute_url()).content.decode()
