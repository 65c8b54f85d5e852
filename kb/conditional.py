"""Conditional GETs answered from the data version, before a view does any work.

Every change to the knowledge base bumps ``DataVersion`` (see ``kb.signals``),
so a client holding the current ETag or Last-Modified date gets 304 Not
Modified for the price of one small query, or none where the processes share
a cache. ``migrate`` bumps it too, so a release that changes what responses
contain does not leave clients a stale 304.
"""

from django.conf import settings
from django.views.decorators.http import condition

from kb import page_cache
from kb.models import DataVersion


def data_version(request=None):
    """The data version, read once per request (and afresh each time without one).

    Where the processes share a cache, a request's is kept there until the data changes, as pages are;
    with a cache of each process's own, it is what tells the process that the data changed, so it is
    read from the database.
    """
    if request is None:
        return DataVersion.current()
    if not hasattr(request, "kb_data_version"):
        request.kb_data_version = (
            page_cache.kept_until_the_data_changes("data-version", DataVersion.current)
            if settings.KB_SHARED_CACHE
            else DataVersion.current()
        )
    return request.kb_data_version


def _etag(request, *args, **kwargs):
    # The time as well as the count: a database filled by an import counts from
    # its own start, and must not repeat another database's tags.
    version = data_version(request)
    return f"data-{version.number}-{version.changed_at.timestamp():.6f}"


def _last_modified(request, *args, **kwargs):
    return data_version(request).changed_at


unchanged_since_last_edit = condition(etag_func=_etag, last_modified_func=_last_modified)
