"""The most recently updated published entries of every kind: the home page's list and the feeds."""

from kb.models import ENTRY_MODELS


def recently_updated(limit, tag=None, with_tags=False):
    """Up to ``limit`` published entries of any kind, the latest update first; only ``tag``'s if given."""
    entries = []
    for model in ENTRY_MODELS:
        published = model.objects.published()
        if tag is not None:
            published = published.filter(tags=tag)
        newest = published.for_cards().order_by("-updated_at", "-pk")
        if with_tags:
            newest = newest.prefetch_related("tags")
        entries.extend(newest[:limit])
    entries.sort(key=lambda entry: (entry.updated_at, entry.pk), reverse=True)
    return entries[:limit]
