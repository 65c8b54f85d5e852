"""What a source supports: its citations grouped by the public entry they back."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch

from kb.models import ENTRY_MODELS, Citation, Entry, Period, Tag

CITING_KINDS = (*ENTRY_MODELS, Period, Tag)


def citations_with_sources():
    """A prefetch of citations with their sources and the sources' author and publisher."""
    return Prefetch(
        "citations", queryset=Citation.objects.select_related("source__author", "source__publisher")
    )


def citing(model, source):
    """Public ``model`` objects citing ``source``, each with those citations in ``citations_of_source``."""
    content_type = ContentType.objects.get_for_model(model)
    queryset = model.objects.published() if issubclass(model, Entry) else model._default_manager.all()
    cites = Citation.objects.filter(source=source, content_type=content_type, object_id=OuterRef("pk"))
    return queryset.filter(Exists(cites)).prefetch_related(
        Prefetch("citations", queryset=source.citations.all(), to_attr="citations_of_source")
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
