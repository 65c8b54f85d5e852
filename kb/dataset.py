"""The whole published knowledge base as one JSON document, in the API's shapes, streamed.

Each record is what the API's detail operation answers for it, with its lists
whole where the API shows their first hundred, so one description (the
OpenAPI document) covers both. Entries are read in chunks
with their relations prefetched, so the number of queries does not grow with
the number of records.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import prefetch_related_objects
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from kb import tagging
from kb.api.records import detailed
from kb.api.representations import Representer
from kb.bulk import batches
from kb.citations import citations_with_sources, public_quotations, with_what_they_back
from kb.models import ENTRY_MODELS, Period, Source

FORMAT = "minsk-talks-kb-dataset"
FORMAT_VERSION = 1
CHUNK_SIZE = 500


def _entries(model):
    def records(representer):
        for entry in detailed(model).iterator(chunk_size=CHUNK_SIZE):
            yield representer.detail(entry)

    return records


def _tags(representer):
    by_kind = {
        model._meta.model_name: tagging.tag_counts({model: model.objects.published()})
        for model in ENTRY_MODELS
    }
    tags = tagging.tags_with_counts()
    prefetch_related_objects(tags, citations_with_sources())
    for tag in tags:
        counts = {kind: counts.get(tag.pk, 0) for kind, counts in by_kind.items()}
        yield representer.tag_detail(tag, counts)


def _periods(representer):
    for period in Period.objects.prefetch_related(citations_with_sources()):
        yield representer.period_detail(period)


def _sources(representer):
    for source in Source.objects.select_related("author", "publisher").order_by("title", "pk"):
        quotations = public_quotations(source).iterator(chunk_size=CHUNK_SIZE)
        backed = []
        for chunk in batches(quotations, CHUNK_SIZE):
            backed += with_what_they_back(chunk)
        yield representer.source_detail(source, backed)


SECTIONS = {
    **{f"{model._meta.model_name}s": _entries(model) for model in ENTRY_MODELS},
    "tags": _tags,
    "periods": _periods,
    "sources": _sources,
}


def chunks(request):
    """The document's text, piece by piece."""
    representer = Representer(request)
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    preamble = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "description": "Every published record of the knowledge base, each as the API's detail answers it.",
        "api": request.build_absolute_uri(reverse("api-v1:openapi-json")),
    }
    yield encode(preamble)[:-1]
    for name, records in SECTIONS.items():
        yield f', "{name}": ['
        for number, record in enumerate(records(representer)):
            yield ("," if number else "") + encode(record)
        yield "]"
    yield "}\n"


def streaming_response(request):
    return StreamingHttpResponse(chunks(request), content_type="application/json; charset=utf-8")
