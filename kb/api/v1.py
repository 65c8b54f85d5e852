"""Version 1 of the read-only JSON API, mounted at /api/v1/.

Lists take the public lists' filters (``kb.facets``) and are paginated;
details carry their relations. Only published entries appear. Every answer
supports conditional GET, and every error is a ``Problem`` with a message.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from pydantic import Field

from kb import redirects, tagging
from kb.api import records, schemas
from kb.api.representations import API_NAMESPACE, Representer, api_path, kind_of
from kb.citations import citations_with_sources, public_quotations, with_what_they_back
from kb.conditional import unchanged_since_last_edit
from kb.facets import MAX_TAGS, Filters, shown
from kb.keys import is_valid_slug
from kb.models import (
    ENTRY_MODELS,
    Actor,
    ActorKind,
    Agreement,
    AgreementStatus,
    Event,
    EventKind,
    EventStatus,
    Period,
    Source,
    Tag,
    Venue,
    VenueKind,
)
from kb.pagination import IndexedPaginator, RowsByKey

MAX_PAGE_SIZE = 100

api = NinjaAPI(
    title=f"{settings.KB_SITE_NAME} API",
    version="1",
    description=(
        "Read-only access to the published events, agreements, actors, venues, tags, periods and "
        "sources of the knowledge base on Belarus as a venue for peace talks. Every record has a "
        "stable slug and a permalink (`url`); every quotation is word for word from its source."
    ),
    urls_namespace=API_NAMESPACE,
    # The schema and its browsable page are read-only, like every operation.
    docs_decorator=require_safe,
)

ERRORS = {400: schemas.Problem, 404: schemas.Problem}
CONDITIONAL = {
    "responses": {
        200: {
            "headers": {
                "ETag": {
                    "description": "Changes whenever the knowledge base does; send it back as If-None-Match.",
                    "schema": {"type": "string"},
                },
                "Last-Modified": {
                    "description": "When the knowledge base last changed; send it back as If-Modified-Since.",
                    "schema": {"type": "string"},
                },
            }
        },
        301: {"description": "The slug has changed; the new address is in Location."},
        304: {"description": "Not modified since the ETag or date the client holds."},
    }
}


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    messages = [_describe(error) for error in exc.errors]
    return api.create_response(
        request, {"detail": "The request's parameters are not valid.", "errors": messages}, status=400
    )


def _describe(error):
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path"))
    return f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid")


class Moved(Exception):
    """The record asked for has a new slug; its API address is the argument."""


@api.exception_handler(Moved)
def moved(request, exc):
    return HttpResponsePermanentRedirect(exc.args[0])


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


def read_only(path, response, name):
    """A GET operation answering conditional requests, whose errors are Problems."""

    def register(view):
        view = decorate_view(unchanged_since_last_edit)(view)
        return api.get(path, response={200: response, **ERRORS}, url_name=name, openapi_extra=CONDITIONAL)(
            view
        )

    return register


# ------------------------------------------------------------------ query parameters


class Paging(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Which page, from 1.")
    page_size: int = Field(settings.KB_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Records per page.")


class TagFilter(Paging):
    tag: list[str] = Field(
        default_factory=list,
        max_length=MAX_TAGS,
        description=f"A tag's slug; repeat it (up to {MAX_TAGS} times) to ask for entries with every tag.",
    )


class DatedFilters(TagFilter):
    period: str | None = Field(None, description="A period's slug.")
    year_from: int | None = Field(
        None, alias="from", ge=1900, le=2100, description="Only what ran in or after this year."
    )
    year_to: int | None = Field(
        None, alias="to", ge=1900, le=2100, description="Only what ran in or before this year."
    )
    actor: str | None = Field(None, description="An actor's slug: only what the actor took part in.")
    venue: str | None = Field(
        None, description="A venue's slug: what happened there or at a place within it."
    )


class EventFilters(DatedFilters):
    kind: EventKind | None = None
    status: EventStatus | None = None


class AgreementFilters(DatedFilters):
    status: AgreementStatus | None = None


class ActorFilters(TagFilter):
    kind: ActorKind | None = None


class VenueFilters(TagFilter):
    kind: VenueKind | None = None


# What list items name beyond an entry card's own relations.
LIST_RELATED = {Actor: ("affiliation",)}


def _as_query(filters):
    """The typed parameters back as the QueryDict ``kb.facets.Filters`` reads, under their public names."""
    params = QueryDict(mutable=True)
    values = filters.model_dump(by_alias=True, exclude={"page", "page_size", "tag"}, exclude_none=True)
    for name, value in values.items():
        params[name] = str(getattr(value, "value", value))
    params.setlist("tag", filters.tag)
    return params


def _narrowed(model, filters):
    understood = Filters(_as_query(filters), models=[model])
    if understood.notices:
        raise HttpError(400, " ".join(f"{notice.problem}." for notice in understood.notices))
    published = model.objects.published().for_cards()
    if model in LIST_RELATED:
        published = published.select_related(*LIST_RELATED[model])
    queryset = understood.apply(model, published)
    if queryset is None:
        return published.none()
    return queryset.prefetch_related("tags").order_by(*model._meta.ordering, "pk")


def _entry_page(request, model, filters, represent):
    """A page of the published entries of ``model`` that ``filters`` let through, represented."""
    # The kind and the filters make the list what it is, so its count and pages are kept under them.
    kept_as = f"api:{model._meta.label_lower}:{_as_query(filters).urlencode()}"
    return _page(request, _narrowed(model, filters), filters, represent, kept_as=kept_as)


def _page(request, queryset, paging, represent, load=list, kept_as=None):
    """A page of ``queryset``, its records read by ``load`` (which may fetch more along) and represented."""
    # Querysets are paged as the public lists are, so a deep page costs what the first does.
    if isinstance(queryset, QuerySet):
        paginator = IndexedPaginator(queryset, paging.page_size, kept_as=kept_as)
    else:
        paginator = Paginator(queryset, paging.page_size)
    if paging.page > paginator.num_pages:
        raise Http404(f"There is no page {paging.page}; the last is page {paginator.num_pages}.")
    page = paginator.page(paging.page)

    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": _represented(request, page.object_list, represent, load),
    }


def _represented(request, rows, represent, load):
    """Each record's data. A list's records plainly read are kept until the data changes, each for the
    host it is addressed on, and the page's rows are then read only if some record is not kept."""
    if load is not list or not isinstance(rows, RowsByKey):
        return [represent(record) for record in load(rows)]
    origin = request.build_absolute_uri("/")
    kept = rows.kept_each(f"api-record:{origin}:{represent.__name__}", represent)
    return [data for data in kept if data is not None]


def _detail(request, model, slug):
    entry = _get_or_404(records.detailed(model, limit=records.MAX_EMBEDDED), slug)
    return Representer(request).detail(entry, sizes=records.list_sizes(entry))


def _get_or_404(queryset, slug):
    found = queryset.filter(slug=slug).first() if is_valid_slug(slug) else None
    if found is None and is_valid_slug(slug):
        moved_to = redirects.new_slug(queryset.model, slug)
        if moved_to:
            raise Moved(api_path(kind_of(queryset.model), moved_to))
    if found is None:
        raise Http404(f"There is no published {queryset.model._meta.verbose_name} at “{shown(slug)}”.")
    return found


# ------------------------------------------------------------------ the index


@read_only("/", schemas.Index, "index")
def index(request):
    """Where everything is."""
    absolute = request.build_absolute_uri
    kinds = ("event", "agreement", "actor", "venue", "tag", "period", "source")
    return {
        "title": api.title,
        "version": api.version,
        "openapi": absolute(reverse(f"{API_NAMESPACE}:openapi-json")),
        "docs": absolute(reverse(f"{API_NAMESPACE}:openapi-view")),
        "dataset": absolute(reverse("kb:dataset")),
        "lists": {f"{kind}s": absolute(api_path(kind)) for kind in kinds},
    }


# ------------------------------------------------------------------ events


@read_only("/events/", schemas.EventPage, "event-list")
def list_events(request, filters: Query[EventFilters]):
    """Published events, earliest first, narrowed like the public list."""
    return _entry_page(request, Event, filters, Representer(request).event)


@read_only("/events/{slug}/", schemas.EventDetailOut, "event-detail")
def event_detail(request, slug: str):
    """One published event with its venue, series, participants and their roles, agreements, tags and
    citations."""
    return _detail(request, Event, slug)


# ------------------------------------------------------------------ agreements


@read_only("/agreements/", schemas.AgreementPage, "agreement-list")
def list_agreements(request, filters: Query[AgreementFilters]):
    """Published agreements, earliest first."""
    return _entry_page(request, Agreement, filters, Representer(request).agreement)


@read_only("/agreements/{slug}/", schemas.AgreementDetailOut, "agreement-detail")
def agreement_detail(request, slug: str):
    """One published agreement with the event that produced it, its signatories and other parties."""
    return _detail(request, Agreement, slug)


# ------------------------------------------------------------------ actors


@read_only("/actors/", schemas.ActorPage, "actor-list")
def list_actors(request, filters: Query[ActorFilters]):
    """Published people, states, organisations, groups and media outlets, by name."""
    return _entry_page(request, Actor, filters, Representer(request).actor)


@read_only("/actors/{slug}/", schemas.ActorDetailOut, "actor-detail")
def actor_detail(request, slug: str):
    """One published actor with every role it had in published events and agreements."""
    return _detail(request, Actor, slug)


# ------------------------------------------------------------------ venues


@read_only("/venues/", schemas.VenuePage, "venue-list")
def list_venues(request, filters: Query[VenueFilters]):
    """Published places and online formats, by name."""
    return _entry_page(request, Venue, filters, Representer(request).venue)


@read_only("/venues/{slug}/", schemas.VenueDetailOut, "venue-detail")
def venue_detail(request, slug: str):
    """One published venue with the places within it and what happened or was agreed there."""
    return _detail(request, Venue, slug)


# ------------------------------------------------------------------ tags, periods, sources


@read_only("/tags/", schemas.TagPage, "tag-list")
def list_tags(request, paging: Query[Paging]):
    """Tags carried by published entries, most used first."""
    return _page(request, tagging.tags_with_counts(), paging, Representer(request).tag)


@read_only("/tags/{slug}/", schemas.TagDetailOut, "tag-detail")
def tag_detail(request, slug: str):
    """One tag: its description and citations, how many entries of each kind carry it, and where to list
    them."""
    tag = _get_or_404(Tag.objects.prefetch_related(citations_with_sources()), slug)
    querysets = {model: model.objects.published().filter(tags=tag) for model in ENTRY_MODELS}
    counts = {kind_of(model): queryset.count() for model, queryset in querysets.items()}
    if not any(counts.values()):
        raise Http404("No published entry has this tag.")
    tag.entry_count = sum(counts.values())
    return Representer(request).tag_detail(tag, counts)


@read_only("/periods/", schemas.PeriodPage, "period-list")
def list_periods(request, paging: Query[Paging]):
    """The periods the knowledge base compares, earliest first."""
    return _page(request, Period.objects.all(), paging, Representer(request).period)


@read_only("/periods/{slug}/", schemas.PeriodDetailOut, "period-detail")
def period_detail(request, slug: str):
    period = _get_or_404(Period.objects.prefetch_related(citations_with_sources()), slug)
    return Representer(request).period_detail(period)


@read_only("/sources/", schemas.SourcePage, "source-list")
def list_sources(request, paging: Query[Paging]):
    """The publications entries quote, by title."""
    sources = Source.objects.select_related("author", "publisher").order_by("title", "pk")
    return _page(request, sources, paging, Representer(request).source)


@read_only("/sources/{slug}/", schemas.SourceDetailOut, "source-detail")
def source_detail(request, slug: str):
    """One source and the first 100 quotations from it that back a public entry, tag or period,
    by kind and then by what quotes it."""
    source = _get_or_404(Source.objects.select_related("author", "publisher"), slug)
    quotations = public_quotations(source)
    first = with_what_they_back(quotations[: records.MAX_EMBEDDED])
    return Representer(request).source_detail(source, first, count=quotations.count())


@read_only("/sources/{slug}/quotations/", schemas.QuotationPage, "source-quotations")
def source_quotations(request, slug: str, paging: Query[Paging]):
    """Every quotation from one source that backs a public entry, tag or period, page by page, in the
    source detail's order."""
    try:
        source = _get_or_404(Source.objects.all(), slug)
    except Moved as moved_to:
        raise Moved(f"{moved_to.args[0]}quotations/") from None
    representer = Representer(request)

    def represent(quotation):
        return representer.quotation(*quotation)

    return _page(request, public_quotations(source), paging, represent, load=with_what_they_back)


def unknown_address(request, rest=""):
    """Anything else under /api/v1/: a Problem, as the operations answer, rather than the site's page."""
    if not request.path.endswith("/"):
        with_slash = f"{request.path}/"
        try:
            resolve(with_slash)
        except Resolver404:
            pass
        else:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(with_slash + (f"?{query}" if query else ""))
    index = request.build_absolute_uri(reverse(f"{API_NAMESPACE}:index"))
    problem = {"detail": f"There is nothing at this address; the API's index is at {index}", "errors": []}
    return JsonResponse(problem, status=404)
