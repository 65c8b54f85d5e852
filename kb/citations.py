"""What a source supports: its citations grouped by the public entry they back."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from kb.models import Citation, Entry, Tag


def citations_with_sources():
    """A prefetch of citations with their sources and the sources' author and publisher."""
    return Prefetch(
        "citations", queryset=Citation.objects.select_related("source__author", "source__publisher")
    )


def cited_entries(source):
    """(entry, [citations]) pairs for published entries, tags and periods citing ``source``."""
    citations = list(source.citations.order_by("content_type", "object_id", "position", "id"))
    ids_by_type = defaultdict(set)
    for citation in citations:
        ids_by_type[citation.content_type_id].add(citation.object_id)
    objects = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        queryset = model._default_manager.filter(pk__in=ids)
        if issubclass(model, Entry):
            queryset = queryset.published()
        objects.update({(content_type_id, obj.pk): obj for obj in queryset})
    grouped = defaultdict(list)
    for citation in citations:
        target = objects.get((citation.content_type_id, citation.object_id))
        if target is not None:
            grouped[target].append(citation)
    return sorted(grouped.items(), key=lambda item: (isinstance(item[0], Tag), _kind(item[0]), str(item[0])))


def _kind(obj):
    return str(obj._meta.verbose_name)
