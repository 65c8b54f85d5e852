"""What a source supports: its citations grouped by the public entry they back."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, Value

from kb.models import ENTRY_MODELS, Citation, Entry, Period, PublicationStatus, Tag

CITING_KINDS = (*ENTRY_MODELS, Period, Tag)


# What a citation shows of its source: the source, its author and its publisher.
CITED_SOURCE = ("source__author", "source__publisher")


def citations_with_sources():
    """A prefetch of citations with their sources and the sources' author and publisher."""
    return Prefetch("citations", queryset=Citation.objects.select_related(*CITED_SOURCE))


def citations_of(obj):
    """``obj``'s citations with their sources and the sources' author and publisher, read when first shown."""
    return obj.citations.select_related(*CITED_SOURCE)


def citing(model, source):
    """Public ``model`` objects citing ``source``, each with those citations in ``citations_of_source``."""
    content_type = ContentType.objects.get_for_model(model)
    queryset = _public(model)
    cites = Citation.objects.filter(source=source, content_type=content_type, object_id=OuterRef("pk"))
    return queryset.filter(Exists(cites)).prefetch_related(
        Prefetch("citations", queryset=source.citations.all(), to_attr="citations_of_source")
    )


def public_quotations(source):
    """Citations of ``source`` backing a public entry, tag or period, by kind and then by what cites."""
    backs_something_public = Q(pk__in=[])
    for model in CITING_KINDS:
        backs_something_public |= Q(
            content_type=ContentType.objects.get_for_model(model), object_id__in=_public(model).values("pk")
        )
    quotations = source.citations.filter(backs_something_public)
    return quotations.order_by("content_type", "object_id", "position", "pk")


def with_what_they_back(citations):
    """(citation, the entry, tag or period it backs) for public quotations, in one query.

    What each citation backs is loaded with just what names and links it.
    """
    citations = list(citations)
    ids_by_type = defaultdict(set)
    for citation in citations:
        ids_by_type[citation.content_type_id].add(citation.object_id)
    named = [
        _public(ContentType.objects.get_for_id(content_type_id).model_class())
        .filter(pk__in=ids)
        .annotate(backed_type=Value(content_type_id))
        .values_list("backed_type", "pk", "slug", "name")
        .order_by()
        for content_type_id, ids in ids_by_type.items()
    ]
    backed = {}
    for content_type_id, pk, slug, name in named[0].union(*named[1:], all=True) if named else ():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        shown = {"publication_status": PublicationStatus.PUBLISHED} if issubclass(model, Entry) else {}
        backed[content_type_id, pk] = model(pk=pk, slug=slug, name=name, **shown)
    return [
        (citation, backed[key])
        for citation in citations
        if (key := (citation.content_type_id, citation.object_id)) in backed
    ]


def _public(model):
    return model.objects.published() if issubclass(model, Entry) else model._default_manager.all()
