"""Conditional GETs answered from the data version, before a view does any work.

Every change to the knowledge base bumps ``DataVersion`` (see ``kb.signals``),
so a client holding the current ETag or Last-Modified date gets 304 Not
Modified for the price of one small query. ``migrate`` bumps it too, so a
release that changes what responses contain does not leave clients a stale 304.
"""

from django.views.decorators.http import condition

from kb.models import DataVersion


def data_version(request=None):
    """The data version, read once per request (and afresh each time without one)."""
    if request is None:
        return DataVersion.current()
    if not hasattr(request, "kb_data_version"):
        request.kb_data_version = DataVersion.current()
    return request.kb_data_version


def _etag(request, *args, **kwargs):
    # The time as well as the count: a database filled by an import counts from
    # its own start, and must not repeat another database's tags.
    version = data_version(request)
    return f"data-{version.number}-{version.changed_at.timestamp():.6f}"


def _last_modified(request, *args, **kwargs):
    return data_version(request).changed_at


unchanged_since_last_edit = condition(etag_func=_etag, last_modified_func=_last_modified)
