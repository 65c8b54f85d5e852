from functools import cache, partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from kb import cite, comparison, maps, page_cache, search, tagging
from kb.citations import CITING_KINDS, citations_of, citing
from kb.facets import Filters
from kb.graph import build_graph, participations_for
from kb.models import (
    ENTRY_MODELS,
    Actor,
    Agreement,
    Event,
    Participation,
    Period,
    Source,
    Tag,
    Venue,
)
from kb.pagination import IndexedPaginator
from kb.periods import group_by_period
from kb.recent import recently_updated
from kb.related import related_through_tags
from kb.sublists import SubList
from kb.timeline import build_timeline


class ForgivingPaginationMixin:
    """An out-of-range or malformed ?page= shows the nearest real page instead of a 404.

    The page is found when the template first shows it, so a page kept whole (``{% kept %}``)
    is not looked for at all.
    """

    paginate_by = settings.KB_PAGE_SIZE
    paginator_class = IndexedPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, allow_empty_first_page=True, kept_as=self.list_name()
        )
        page = SimpleLazyObject(lambda: paginator.get_page(self.request.GET.get(self.page_kwarg)))
        return (
            paginator,
            page,
            SimpleLazyObject(lambda: page.object_list),
            SimpleLazyObject(lambda: page.has_other_pages()),
        )

    def list_name(self):
        """What the list's count and pages are kept under (``IndexedPaginator``); None for its SQL."""
        return None


class EntryListView(ForgivingPaginationMixin, ListView):
    """A kind of entry, narrowed by the GET filters of ``kb.facets`` and counted by each."""

    template_name = "kb/entry_list.html"
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        self.filters = Filters(request.GET, models=[self.model])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        published = self.model.objects.published()
        narrowed = self.filters.apply(self.model, published.for_cards())
        return published.none() if narrowed is None else narrowed

    def list_name(self):
        # The kind and the filters make the list what it is.
        return f"{self.model._meta.label_lower}:{self.filters.params.urlencode()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind_plural"] = self.model._meta.verbose_name_plural
        context["filters"] = self.filters
        context["facets"] = SimpleLazyObject(self.filters.facets_of_published)
        context["csv_url"] = SimpleLazyObject(
            partial(self.filters.url_for, f"kb:{self.model._meta.model_name}-list-csv")
        )
        return context


class EventListView(EntryListView):
    model = Event


class AgreementListView(EntryListView):
    model = Agreement


class ActorListView(EntryListView):
    model = Actor


class VenueListView(EntryListView):
    model = Venue


class EntryDetailView(DetailView):
    """An entry's page. All of it but the reader's own parts is kept until the data changes
    (``{% kept %}`` in the templates), so what only the kept parts show is fetched when they
    are rendered: ``shown_in_kept_parts()`` says how, and they make it on first use."""

    http_method_names = ["get", "head"]

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        # A published entry is shown to everyone, so it is kept until the data changes, and who the
        # reader is (their session) is asked only when there is none by that name.
        slug = self.kwargs["slug"]
        published = page_cache.kept_about(
            f"published:{self.model._meta.label_lower}",
            slug,
            lambda: self.model.objects.published().filter(slug=slug).first(),
        )
        return published or super().get_object(queryset)

    def get_template_names(self):
        return [f"kb/{self.model._meta.model_name}_detail.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = context["entry"] = self.object
        latest = cache(partial(cite.latest_version, entry))
        shown = {
            "tags": entry.tags.all,
            "citations": partial(citations_of, entry),
            "related_entries": lambda: related_through_tags(entry, context["tags"]),
            "page_citation": lambda: cite.page_citation(self.request, entry, latest()),
            **self.shown_in_kept_parts(entry),
        }
        context.update({name: SimpleLazyObject(make) for name, make in shown.items()})
        if (requested := self.request.GET.get("version")) is not None:
            context["cited_version"] = cite.cited_version(entry, requested, latest())
        return context

    def shown_in_kept_parts(self, entry):
        """{name: how to make it} for what this kind's page shows besides what every entry's does."""
        return {}


class EventDetailView(EntryDetailView):
    model = Event

    def shown_in_kept_parts(self, event):
        return {
            "participations": lambda: Participation.objects.as_shown().filter(event=event),
            "parts": lambda: SubList(
                self.request, event.parts.published().select_related("venue"), "parts_page", "parts-heading"
            ),
            "agreements": event.agreements.published,
        }


class AgreementDetailView(EntryDetailView):
    model = Agreement

    def shown_in_kept_parts(self, agreement):
        return {"participations": lambda: Participation.objects.as_shown().filter(agreement=agreement)}


class ActorDetailView(EntryDetailView):
    model = Actor

    def shown_in_kept_parts(self, actor):
        return {
            "event_participations": lambda: self._participations(actor, "event"),
            "agreement_participations": lambda: self._participations(actor, "agreement"),
            "affiliates": lambda: SubList(
                self.request, actor.affiliates.published(), "affiliates_page", "affiliates-heading"
            ),
            "sources": lambda: Source.objects.filter(Q(author=actor) | Q(publisher=actor)),
        }

    def _participations(self, actor, target):
        in_date_order = (
            Participation.objects.as_shown()
            .filter(actor=actor, **{f"{target}__isnull": False})
            .order_by(F(f"{target}__date_start").asc(nulls_last=True), f"{target}__name", "pk")
        )
        return SubList(self.request, in_date_order, f"{target}s_page", f"{target}s-heading")


class VenueDetailView(EntryDetailView):
    model = Venue

    def shown_in_kept_parts(self, venue):
        return {
            "events": lambda: self._here_or_within(venue, Event),
            "agreements": lambda: self._here_or_within(venue, Agreement),
            "places_within": lambda: SubList(
                self.request, venue.places_within.published(), "places_page", "within-heading"
            ),
            "venue_map": lambda: maps.venue_map([venue]),
        }

    def _here_or_within(self, venue, model):
        # Through the venues' keys, so that the events' venue index finds them; joining every event
        # to its venue to test where the venue lies reads them all.
        here_or_within = Q(venue__in=Venue.objects.filter(Q(pk=venue.pk) | Q(located_in=venue)).values("pk"))
        entries = model.objects.published().filter(here_or_within).select_related("venue")
        name = model._meta.model_name
        return SubList(self.request, entries, f"{name}s_page", f"{name}s-heading")


KEY_EVENTS_PER_PERIOD = 8
KEY_AGREEMENTS_PER_PERIOD = 8
RECENT_ENTRIES = 6


def published_counts():
    """How many published entries of each kind there are, in ENTRY_MODELS order.

    Only the home page shows them, and it keeps what it shows whole ({% kept %}).
    """
    return [model.objects.published().count() for model in ENTRY_MODELS]


@require_safe
def home(request):
    """The periods with their key events, the main tags, the latest updates; kept whole (``{% kept %}``)."""
    context = {
        "periods": SimpleLazyObject(periods_with_key_entries),
        "recent_entries": SimpleLazyObject(partial(recently_updated, RECENT_ENTRIES)),
        "main_tags": SimpleLazyObject(lambda: tagging.tags_with_counts()[:12]),
        "counts": SimpleLazyObject(
            lambda: [
                (count, model._meta.verbose_name, model._meta.verbose_name_plural)
                for count, model in zip(published_counts(), ENTRY_MODELS, strict=True)
            ]
        ),
    }
    return render(request, "kb/home.html", context)


def periods_with_key_entries():
    # A query per period rather than a prefetch: a sliced prefetch numbers every event of the period.
    periods = list(Period.objects.all())
    for period in periods:
        period.key_events = list(
            Event.objects.published().filter(period=period).select_related("venue")[:KEY_EVENTS_PER_PERIOD]
        )
        period.key_agreements = list(
            Agreement.objects.published().filter(period=period)[:KEY_AGREEMENTS_PER_PERIOD]
        )
    return periods


@require_safe
def tag_list(request):
    return render(request, "kb/tag_list.html", {"tags": tagging.tags_with_counts()})


@require_safe
def tag_detail(request, slug):
    # The page is kept whole ({% kept %}), so only whether it is shown is found on every request.
    tag = page_cache.kept_about("shown-tag", slug, partial(_shown_tag, slug))
    if tag is None:
        raise Http404("No published entry has this tag.")
    context = {
        "tag": tag,
        "grouping": SimpleLazyObject(lambda: group_by_period(tagging.published_entries_tagged(tag))),
        "citations": citations_of(tag),
    }
    return render(request, "kb/tag_detail.html", context)


def _shown_tag(slug):
    """The tag called ``slug``, if a published entry carries it; None otherwise."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag and any(entries.exists() for entries in tagging.published_entries_tagged(tag).values()):
        return tag
    return None


@require_safe
def period_list(request):
    return render(request, "kb/period_list.html", {"periods": Period.objects.all()})


@require_safe
def period_detail(request, slug):
    period = get_object_or_404(Period, slug=slug)
    context = {
        "period": period,
        "events": SimpleLazyObject(
            lambda: SubList(
                request,
                period.events.published().select_related("venue", "parent"),
                "events_page",
                "events-heading",
            )
        ),
        "agreements": SimpleLazyObject(
            lambda: SubList(
                request,
                period.agreements.published().select_related("venue"),
                "agreements_page",
                "agreements-heading",
            )
        ),
        "citations": citations_of(period),
    }
    return render(request, "kb/period_detail.html", context)


@require_safe
def source_list(request):
    sources = Source.objects.select_related("author", "publisher")
    return render(request, "kb/source_list.html", {"sources": sources})


@require_safe
def source_detail(request, slug):
    source = get_object_or_404(Source.objects.select_related("author", "publisher"), slug=slug)
    citing_by_kind = []
    for model in CITING_KINDS:
        name = model._meta.model_name
        entries = SubList(request, citing(model, source), f"{name}s_page", f"cited-{name}s")
        citing_by_kind.append((model, entries))
    context = {
        "source": source,
        "citing_by_kind": citing_by_kind,
        "cited_anywhere": any(entries.total for _, entries in citing_by_kind),
    }
    return render(request, "kb/source_detail.html", context)


@require_safe
def then_and_now(request):
    # Counting every participation of both periods takes seconds with 100,000 events: the page keeps
    # what it shows of them ({% kept %}), and compares them only when that has to be drawn again.
    compared = SimpleLazyObject(comparison.compare_periods)
    return render(request, "kb/then_and_now.html", {"comparison": compared})


@require_safe
def connections(request):
    """The whole knowledge base's graph, optionally narrowed to one period and some tags."""
    filters = Filters(request.GET, models=(Event, Agreement))
    period, tags = filters.period, filters.tags
    name = f"connections:{period and period.pk}:{sorted(tag.pk for tag in tags)}"
    graph = page_cache.kept_until_the_data_changes(
        name, lambda: build_graph(participations_for(period=period, tags=tags))
    )
    context = {
        "graph": graph,
        "periods": Period.objects.all(),
        "tags": tagging.tags_with_counts(),
        "chosen_period": period,
        "chosen_tags": tags,
        "notices": filters.notices,
    }
    return render(request, "kb/connections.html", context)


@require_safe
def entry_connections(request, slug, model):
    """One actor's, event's or agreement's neighbourhood in the graph."""
    entry = get_object_or_404(model.objects.visible_to(request.user), slug=slug)
    neighbourhood = {"actor": entry} if model is Actor else {"entry": entry}
    graph = page_cache.kept_until_the_data_changes(
        f"connections:{entry._meta.label_lower}:{entry.pk}",
        lambda: build_graph(participations_for(**neighbourhood), focus=entry),
    )
    context = {"entry": entry, "graph": graph, "about_actor": model is Actor}
    return render(request, "kb/entry_connections.html", context)


@require_safe
def venue_map(request):
    venues = Venue.objects.published().select_related("located_in")
    return render(request, "kb/venue_map.html", {"venue_map": maps.venue_map(venues)})


@require_safe
def search_page(request):
    """Ranked results across the four kinds, with excerpts, matching tags and facets."""
    raw = request.GET.get("q", "")
    filters = Filters(request.GET)
    context = {"raw_query": raw[: search.MAX_QUERY_LENGTH], "filters": filters}
    if not raw.strip():
        return render(request, "kb/search.html", context)
    try:
        query = search.parse(raw)
    except search.InvalidQuery as error:
        context["error"] = str(error)
        return render(request, "kb/search.html", context, status=400)

    # The results are kept whole ({% kept %}) for each query string until the data changes, so they
    # are searched for only when drawn again.
    results = cache(partial(search.search, query, filters.search_scopes()))
    page = cache(lambda: Paginator(results(), settings.KB_PAGE_SIZE).get_page(request.GET.get("page")))
    shown = {
        "results": results,
        "page_obj": page,
        "is_paginated": lambda: page().has_other_pages(),
        "hits": lambda: search.hits(page().object_list, results().query),
        "tags": lambda: tagging.tags_with_counts(among=search.matching_tag_ids(query)),
        "facets": lambda: filters.facets({model: results().candidates(model) for model in ENTRY_MODELS}),
    }
    context.update({name: SimpleLazyObject(make) for name, make in shown.items()})
    context.update(query=query, csv_url=filters.url_for("kb:search-csv"))
    return render(request, "kb/search.html", context)


@require_safe
def timeline(request):
    """Events and agreements from 2014 to today, narrowed by the same filters as the lists."""
    models = (Event, Agreement)
    filters = Filters(request.GET, models=models)
    published = {model: model.objects.published() for model in models}
    # Laid out only when the page's kept drawing ({% kept %}, anew each day for the line that marks
    # today) has to be drawn again.
    context = {
        "timeline": SimpleLazyObject(
            lambda: build_timeline(dict(filters.narrowed(published)), Period.objects.all(), filters)
        ),
        "filters": filters,
        "facets": SimpleLazyObject(filters.facets_of_published),
    }
    return render(request, "kb/timeline.html", context)


@require_safe
def open_data(request):
    """How to reuse the knowledge base: the API, downloads, feeds and citation formats."""
    context = {"list_downloads": [(model._meta.verbose_name_plural, model) for model in ENTRY_MODELS]}
    return render(request, "kb/open_data.html", context)


@require_safe
def cite_download(request, slug, model, style):
    """This page's citation as a file for reference managers: BibTeX, RIS or CSL-JSON."""
    citation_format = cite.FORMATS.get(style)
    if citation_format is None:
        raise Http404("There is no such citation format.")
    entry = get_object_or_404(model.objects.visible_to(request.user), slug=slug)
    citation = cite.page_citation(request, entry, cite.latest_version(entry))
    response = HttpResponse(
        citation.formatted(style), content_type=f"{citation_format.content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{citation.key}.{citation_format.extension}"'
    return response
