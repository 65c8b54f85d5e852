"""Whole pages for readers who are not signed in, kept until the data changes.

Every reader without a session sees the same page at an address, so the first
one to ask renders it and the rest get the stored copy. A stored page carries the
generation of the data it was rendered from; ``data_changed()`` (called by
``DataVersion.bump()`` on every save, delete, tag change and publication) moves
the generation on, so the next reader renders the page afresh. A page is stored
as rendered and gzipped, so that each reader whose browser takes gzip gets it
compressed without compressing it again.

Where several processes share the cache (Redis), the generation lives in it and
a hit costs one round trip. A cache of each process's own cannot hear of an edit
made in another process, so there the generation is the database's data version,
read once per request.
"""

import logging
import time
from contextvars import ContextVar
from hashlib import md5

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.text import compress_string
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

GENERATION_KEY = "kb:page-generation"
# The number names the form a page is stored in (see _stored): pages stored in an earlier form are not read.
PAGE_KEY_PREFIX = "kb:page:2:"
FRAGMENT_KEY_PREFIX = "kb:fragment:"
UNSTORED_HEADERS = {"set-cookie", "content-length"}
# What the request being answered has read of the cache's state (its generation); None outside a request.
_this_request = ContextVar("kb_page_cache_request", default=None)


def data_changed():
    """Move the generation on now, for this transaction's own later reads, and again once committed.

    The second move is what keeps a page rendered by another reader between the
    change and its commit, from the data as it was, from being served afterwards.
    """
    if settings.KB_SHARED_CACHE:
        _advance_generation()
        transaction.on_commit(_advance_generation)


def _advance_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
    except RedisError as error:
        # A Redis that restarts comes back empty, with a fresh generation; one that was only out of
        # reach still holds the pages of before this change, which expire after KB_PAGE_CACHE_SECONDS.
        _report_unreachable(error)


def _report_unreachable(error):
    logger.warning("The shared cache cannot be reached (%s); pages are rendered without it.", error)


def _fresh_generation():
    # Larger than any number the lost key could have reached by counting, so no old page matches it.
    return time.time_ns()


def page_key(address):
    return PAGE_KEY_PREFIX + md5(address.encode(), usedforsecurity=False).hexdigest()


def current_generation(request=None):
    """The generation of the data as this process can know it (see the module's docstring)."""
    if not settings.KB_SHARED_CACHE:
        # Imported here: kb.models imports this module, for DataVersion.bump().
        from kb.conditional import data_version

        version = data_version(request)
        return version.number, version.changed_at
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def kept_until_the_data_changes(name, compute):
    """``compute()``'s answer, stored under ``name`` and computed again once the data changes."""
    return kept_each([(name, None)], lambda _: compute())[0]


def kept_for_query(name, queryset, compute):
    """``compute()``'s answer about ``queryset``, kept under ``name`` and the query's SQL."""
    return kept_about(name, sql_of(queryset), compute)


def sql_of(queryset):
    """The SQL that names what is kept about ``queryset``; None if it can match nothing (it has no SQL)."""
    try:
        return str(queryset.query)
    except EmptyResultSet:
        return None


def kept_about(name, subject, compute):
    """``compute()``'s answer about ``subject`` (a query's SQL, or a list's name), kept under ``name`` and it.

    Without a subject (a query that can match nothing) it is computed each time: it needs no database.
    """
    if subject is None:
        return compute()
    return kept_until_the_data_changes(f"{name}:{subject}", compute)


def kept_each(named_items, render):
    """``render(item)`` for each (name, item), each stored under its name until the data changes.

    The stored ones are fetched together, in one round trip to the cache. An answer of None
    (nothing found at an unknown address, say) is not stored, so that made-up names add nothing.
    """
    if settings.KB_PAGE_CACHE_SECONDS <= 0:
        return [render(item) for _, item in named_items]
    keys = [fragment_key(name) for name, _ in named_items]
    try:
        generation, stored = _generation_and_kept(keys)
    except RedisError as error:
        _report_unreachable(error)
        return [render(item) for _, item in named_items]
    values, fresh = [], {}
    for key, (_, item) in zip(keys, named_items, strict=True):
        kept = stored.get(key)
        if kept is not None and kept[0] == generation:
            values.append(kept[1])
        else:
            values.append(render(item))
            if values[-1] is not None:
                fresh[key] = (generation, values[-1])
    if fresh:
        _store_many(fresh)
    return values


def _generation_and_kept(keys):
    """The generation and what is kept under ``keys``; within a request, the generation is read only once."""
    this_request = _this_request.get()
    if this_request is not None and "generation" in this_request:
        return this_request["generation"], cache.get_many(keys)
    if settings.KB_SHARED_CACHE:
        stored = cache.get_many([GENERATION_KEY, *keys])
        generation = stored.pop(GENERATION_KEY, None) or current_generation()
    else:
        generation, stored = current_generation(), cache.get_many(keys)
    if this_request is not None:
        this_request["generation"] = generation
    return generation, stored


def fragment_key(name):
    return FRAGMENT_KEY_PREFIX + md5(name.encode(), usedforsecurity=False).hexdigest()


def _store(key, value):
    _store_many({key: value})


def _store_many(values):
    try:
        cache.set_many(values, settings.KB_PAGE_CACHE_SECONDS)
    except RedisError as error:
        _report_unreachable(error)


class AnonymousPageCacheMiddleware:
    """Serve and store the pages of readers without a session; everyone else gets them rendered.

    For every request, it also holds the generation once read, which the kept parts share.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _this_request.set({})
        try:
            return self._respond(request)
        finally:
            _this_request.reset(token)

    def _respond(self, request):
        if not self._serves(request):
            return self.get_response(request)
        key = page_key(request.build_absolute_uri())
        try:
            generation, stored = self._generation_and_page(request, key)
        except RedisError as error:
            _report_unreachable(error)
            return self.get_response(request)
        if stored is not None and stored[0] == generation:
            return _response_from(stored, request)
        _this_request.get()["generation"] = generation
        response = self.get_response(request)
        if request.method == "GET" and _may_store(request, response):
            set_response_etag(response)
            patch_cache_control(response, no_cache=True)
            patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
            stored = _stored(generation, response)
            _store(key, stored)
            return _response_from(stored, request)
        return response

    def _serves(self, request):
        return (
            settings.KB_PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(settings.KB_PAGE_CACHE_LEAVES_OUT)
        )

    def _generation_and_page(self, request, key):
        if not settings.KB_SHARED_CACHE:
            return current_generation(request), cache.get(key)
        found = cache.get_many([GENERATION_KEY, key])
        return found.get(GENERATION_KEY) or current_generation(), found.get(key)


def _may_store(request, response):
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}
    cache_control = {part.lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page holding a CSRF token holds one reader's secret.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and vary <= {"cookie", "accept-encoding"}
        and cache_control.isdisjoint({"private", "no-store"})
        and len(response.content) <= settings.KB_PAGE_CACHE_MAX_BYTES
    )


def _stored(generation, response):
    """(generation, the page as rendered, the page gzipped or None): each as (content, headers)."""
    headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
    return generation, _with_length(response.content, headers), _gzipped(response.content, headers)


def _gzipped(content, headers):
    """The page compressed once for every reader whose browser takes gzip; None where that saves nothing.

    A stored page holds no one's secret (no CSRF token, no session), so compressing it reveals nothing.
    """
    if any(name.lower() == "content-encoding" for name, _ in headers):
        return None
    compressed = compress_string(content)
    if len(compressed) >= len(content):
        return None
    # The compressed page is another representation of it, so its tag may only be weak (RFC 9110, 8.8.1).
    weakened = [
        (name, f"W/{value}" if name.lower() == "etag" and value.startswith('"') else value)
        for name, value in headers
    ]
    return _with_length(compressed, [*weakened, ("Content-Encoding", "gzip")])


def _with_length(content, headers):
    return content, [*headers, ("Content-Length", str(len(content)))]


def _response_from(stored, request):
    _generation, as_rendered, gzipped = stored
    takes_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    content, headers = gzipped if gzipped and takes_gzip else as_rendered
    return HttpResponse(content, headers=dict(headers))
