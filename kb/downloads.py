"""Downloads for reuse: any filtered list or search as CSV, and the whole published dataset as JSON."""

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from kb import csv_export, dataset, search
from kb.conditional import unchanged_since_last_edit
from kb.facets import Filters


@require_safe
@unchanged_since_last_edit
def entry_list_csv(request, model):
    """The public list of ``model`` under the same filters, every page of it, as CSV."""
    filters = Filters(request.GET, models=[model])
    if filters.notices:
        return _refused_filters(filters)
    published = model.objects.published()
    queryset = filters.apply(model, published)
    if queryset is None:
        queryset = published.none()
    rows = csv_export.for_rows(queryset).iterator(chunk_size=csv_export.CHUNK_SIZE)
    absolute = request.build_absolute_uri
    lines = _with_header(csv_export.header(model), (csv_export.row(entry, absolute) for entry in rows))
    return csv_export.streaming_csv(_filename(model._meta.verbose_name_plural), lines)


@require_safe
@unchanged_since_last_edit
def search_csv(request):
    """Every ranked result of a search, in rank order, under the same filters, as CSV."""
    raw = request.GET.get("q", "")
    if not raw.strip():
        return _plain_error("Add a search, e.g. ?q=Minsk, to download its results.")
    try:
        query = search.parse(raw)
    except search.InvalidQuery as error:
        return _plain_error(str(error))
    filters = Filters(request.GET)
    if filters.notices:
        return _refused_filters(filters)
    results = search.search(query, filters.search_scopes())
    absolute = request.build_absolute_uri
    lines = (
        csv_export.row(entry, absolute, rank=rank)
        for rank, entry in enumerate(_ranked_entries(results), start=1)
    )
    return csv_export.streaming_csv(_filename("search"), _with_header(csv_export.header(), lines))


@require_safe
@unchanged_since_last_edit
def dataset_json(request):
    """Every published record with its relations, as one JSON document."""
    response = dataset.streaming_response(request)
    response["Content-Disposition"] = f'inline; filename="{_stem("dataset")}.json"'
    return response


def _ranked_entries(results):
    return [entry for _, entry in search.documents_with_entries(list(results.ranked), with_tags=True)]


def _with_header(header, lines):
    yield header
    yield from lines


def _stem(what):
    return f"minsk-talks-kb-{what}-{timezone.now():%Y-%m-%d}"


def _filename(what):
    return f"{_stem(what)}.csv"


def _refused_filters(filters):
    """A download must hold what was asked for, so a filter the list page would drop is refused."""
    problems = " ".join(f"{notice.problem}." for notice in filters.notices)
    return _plain_error(f"Nothing was downloaded: {problems}")


def _plain_error(message):
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
