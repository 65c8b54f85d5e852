"""Narrowing lists and search results with plain GET parameters, and counting each choice.

The parameters are ``type`` (event, agreement, actor, venue), ``kind``,
``tag`` (repeatable; an entry must have every one), ``period``, ``from`` and
``to`` (years), ``actor``, ``venue`` and ``status``. A filter that a kind of
entry cannot satisfy (a period for actors, say) leaves that kind out. Unknown
or malformed values are dropped with a notice for the reader.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.http import QueryDict
from django.urls import reverse

from kb import page_cache, tagging
from kb.keys import is_valid_slug
from kb.models import (
    ENTRY_MODELS,
    Actor,
    Dated,
    Participation,
    Period,
    PublicationStatus,
    Tag,
    TaggedEntry,
    Venue,
)

MAX_TAGS = 10
TOP_CHOICES = 12
# The years facet lists at most this many of the latest years.
MAX_YEARS = 40
# Years outside these are not dates anyone means here.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
PARAMETERS = ("type", "kind", "tag", "period", "from", "to", "actor", "venue", "status")


@dataclass(frozen=True)
class Notice:
    """What was wrong with a filter, and what the page did about it."""

    problem: str
    consequence: str

    def __str__(self):
        return f"{self.problem}; {self.consequence}"


@dataclass
class Choice:
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    label: str
    choices: list = field(default_factory=list)

    @property
    def selected(self):
        return [choice for choice in self.choices if choice.selected]


def shown(value):
    """A visitor's input, trimmed and stripped of control characters, to echo back in a notice."""
    return "".join(character for character in value[:60] if character.isprintable())


def _choices_of(model, field_name):
    try:
        return dict(model._meta.get_field(field_name).choices or ())
    except FieldDoesNotExist:
        return {}


def _has_field(model, field_name):
    return any(f.name == field_name for f in model._meta.get_fields())


class Filters:
    """What a reader chose, read from a QueryDict, for the given kinds of entry."""

    def __init__(self, params, models=ENTRY_MODELS):
        self.raw = params
        self.models = tuple(models)
        self.notices = []
        self.type = self._read_type()
        self.kind = self._read_choice("kind")
        self.status = self._read_choice("status")
        self.tags = self._read_tags()
        self.period = self._read_slug("period", Period.objects.all())
        self.actor = self._read_slug("actor", Actor.objects.published())
        self.venue = self._read_slug("venue", Venue.objects.published())
        self.year_from, self.year_to = self._read_years()
        self.params = self._canonical_params()

    def _canonical_params(self):
        """The query string as understood: valid filters in their canonical form, and the search."""
        params = QueryDict(mutable=True)
        if self.raw.get("q", "").strip():
            params["q"] = self.raw["q"]
        chosen = {
            "type": self.type._meta.model_name if self.type else None,
            "kind": self.kind,
            "period": self.period.slug if self.period else None,
            "from": self.year_from,
            "to": self.year_to,
            "actor": self.actor.slug if self.actor else None,
            "venue": self.venue.slug if self.venue else None,
            "status": self.status,
        }
        params.setlist("tag", [tag.slug for tag in self.tags])
        for name, value in chosen.items():
            if value is not None:
                params[name] = str(value)
        return params

    # -------------------------------------------------------------- reading

    def _notice(self, problem, consequence):
        self.notices.append(Notice(problem, consequence))

    def _value(self, name):
        return self.raw.get(name, "").strip()

    def _read_type(self):
        value = self._value("type")
        if not value or len(self.models) == 1:
            return None
        for model in self.models:
            if model._meta.model_name == value:
                return model
        self._notice(f"There is no kind of entry “{shown(value)}”", "all kinds are shown.")
        return None

    def _read_choice(self, name):
        value = self._value(name)
        if not value:
            return None
        if any(value in _choices_of(model, name) for model in self.models):
            return value
        self._notice(f"“{shown(value)}” is not a {name} used here", "that filter was left out.")
        return None

    def _read_slug(self, name, queryset):
        value = self._value(name)
        if not value:
            return None
        if not any(self._model_takes(model, name) for model in self.models):
            self._notice(f"These entries cannot be filtered by {name}", "that filter was left out.")
            return None
        found = queryset.filter(slug=value).first() if is_valid_slug(value) else None
        if found is None:
            self._notice(f"There is no {name} “{shown(value)}”", "that filter was left out.")
        return found

    def _read_tags(self):
        slugs = list(dict.fromkeys(value.strip() for value in self.raw.getlist("tag") if value.strip()))
        if len(slugs) > MAX_TAGS:
            self._notice(f"At most {MAX_TAGS} tags can be combined", f"only the first {MAX_TAGS} were used.")
            slugs = slugs[:MAX_TAGS]
        valid = [slug for slug in slugs if is_valid_slug(slug)]
        found = {tag.slug: tag for tag in Tag.objects.filter(slug__in=valid)} if valid else {}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            names = ", ".join(f"“{shown(slug)}”" for slug in unknown)
            self._notice(f"There is no tag {names}", "it was left out.")
        return [found[slug] for slug in slugs if slug in found]

    def _read_years(self):
        if not any(self._model_takes(model, "from") for model in self.models):
            if self._value("from") or self._value("to"):
                self._notice("These entries have no dates", "the year filter was left out.")
            return None, None
        years = []
        for name in ("from", "to"):
            value = self._value(name)
            if not value:
                years.append(None)
            elif (
                value.isascii()
                and value.isdigit()
                and len(value) <= 4
                and EARLIEST_YEAR <= int(value) <= LATEST_YEAR
            ):
                years.append(int(value))
            else:
                self._notice(
                    f"“{shown(value)}” is not a year between {EARLIEST_YEAR} and {LATEST_YEAR}",
                    f"the “{name}” year was left out.",
                )
                years.append(None)
        year_from, year_to = years
        if year_from and year_to and year_from > year_to:
            self._notice("The years were the wrong way round", f"showing {year_to} to {year_from}.")
            year_from, year_to = year_to, year_from
        return year_from, year_to

    # -------------------------------------------------------------- applying

    @staticmethod
    def _model_takes(model, name):
        if name in ("period", "venue"):
            return _has_field(model, name)
        if name == "actor":
            return _has_field(model, "participations") and model is not Actor
        if name in ("from", "to"):
            return issubclass(model, Dated)
        if name in ("kind", "status"):
            return _has_field(model, name)
        return True

    def _chosen(self, skip=()):
        chosen = {
            "type": self.type,
            "kind": self.kind,
            "status": self.status,
            "period": self.period,
            "actor": self.actor,
            "venue": self.venue,
            "from": self.year_from,
            "to": self.year_to,
        }
        return {name: value for name, value in chosen.items() if value is not None and name not in skip}

    def admits(self, model, skip=()):
        """Whether entries of this kind can meet every chosen filter (other than those in ``skip``)."""
        return all(self._admits(model, name, value) for name, value in self._chosen(skip).items())

    def _admits(self, model, name, value):
        if name == "type":
            return value is model
        if not self._model_takes(model, name):
            return False
        return name not in ("kind", "status") or value in _choices_of(model, name)

    def apply(self, model, queryset, skip=()):
        """``queryset`` of ``model`` narrowed by every chosen filter but those in ``skip``.

        None when entries of this kind cannot meet the filters at all.
        """
        if not self.admits(model, skip):
            return None
        chosen = self._chosen(skip)
        if "kind" in chosen:
            queryset = queryset.filter(kind=self.kind)
        if "status" in chosen:
            queryset = queryset.filter(status=self.status)
        if "period" in chosen:
            queryset = queryset.filter(period=self.period)
        if "venue" in chosen:
            queryset = queryset.filter(Q(venue=self.venue) | Q(venue__located_in=self.venue))
        if "actor" in chosen:
            target = model._meta.model_name
            queryset = queryset.filter(
                Exists(Participation.objects.filter(actor=self.actor, **{target: OuterRef("pk")}))
            )
        if "from" in chosen:
            queryset = queryset.filter(date_end__gte=datetime.date(self.year_from, 1, 1))
        if "to" in chosen:
            queryset = queryset.filter(date_start__lte=datetime.date(self.year_to, 12, 31))
        if self.tags and "tag" not in skip:
            content_type = ContentType.objects.get_for_model(model)
            for tag in self.tags:
                queryset = queryset.filter(
                    Exists(
                        TaggedEntry.objects.filter(
                            content_type=content_type, object_id=OuterRef("pk"), tag=tag
                        )
                    )
                )
        return queryset

    @property
    def is_active(self):
        return bool(self._chosen() or self.tags)

    def search_scopes(self):
        """The published entries a search may return under these filters, by model; None for all."""
        if not self.is_active:
            return None
        return dict(self.narrowed({model: model.objects.published() for model in self.models}))

    # -------------------------------------------------------------- counting

    def facets(self, candidates):
        """Each facet with its choices and counts; ``candidates`` maps model to its unfiltered queryset.

        A choice's count is how many entries it would show given the other
        filters, so a chosen period still shows how many are in the other one.
        """
        facets = []
        if len(self.models) > 1:
            facets.append(self._type_facet(candidates))
        for name, label in (("kind", "Kind"), ("status", "Status")):
            facets.append(self._field_facet(candidates, name, label))
        facets.append(self._period_facet(candidates))
        facets.append(self._years_facet(candidates))
        facets.append(self._tag_facet(candidates))
        facets.append(self._actor_facet(candidates))
        facets.append(self._venue_facet(candidates))
        return [facet for facet in facets if facet.choices]

    def facets_of_published(self):
        """``facets`` over every published entry of these kinds, kept until the data changes."""
        models = "+".join(model._meta.model_name for model in self.models)
        return page_cache.kept_until_the_data_changes(
            f"facets:{models}:{self.params.urlencode()}",
            lambda: self.facets({model: model.objects.published() for model in self.models}),
        )

    def narrowed(self, candidates, *skip):
        """(model, queryset) for each of ``candidates`` these filters admit, narrowed by them."""
        for model, queryset in candidates.items():
            narrowed = self.apply(model, queryset, skip=skip)
            if narrowed is not None:
                yield model, narrowed

    def _type_facet(self, candidates):
        facet = Facet("type", "Kind of entry")
        counts = {model: queryset.count() for model, queryset in self.narrowed(candidates, "type")}
        for model in self.models:
            if counts.get(model) or self.type is model:
                name = model._meta.model_name
                facet.choices.append(
                    Choice(
                        str(model._meta.verbose_name_plural).capitalize(),
                        counts.get(model, 0),
                        self.type is model,
                        self.url_with("type", name),
                    )
                )
        return facet

    def _field_facet(self, candidates, name, label):
        facet = Facet(name, label)
        totals = Counter()
        for model, queryset in self.narrowed(candidates, name):
            if not _has_field(model, name):
                continue
            for value, count in queryset.order_by().values_list(name).annotate(n=Count("pk")):
                totals[value] += count
        chosen = getattr(self, name)
        if chosen and chosen not in totals:
            totals[chosen] = 0
        for value, count in sorted(totals.items(), key=lambda item: -item[1]):
            label = self._choice_label(name, value)
            facet.choices.append(Choice(label, count, value == chosen, self.url_with(name, value)))
        return facet

    def _choice_label(self, field_name, value):
        """A choice's label; where kinds of entry word the same value differently, a plain one."""
        labels = {
            _choices_of(model, field_name)[value]
            for model in self.models
            if value in _choices_of(model, field_name)
        }
        return labels.pop() if len(labels) == 1 else value.replace("-", " ").capitalize()

    def _related_counts(self, candidates, name):
        totals = Counter()
        for model, queryset in self.narrowed(candidates, name):
            if not self._model_takes(model, name):
                continue
            rows = queryset.order_by().exclude(**{f"{name}__isnull": True}).values_list(name)
            for value, count in rows.annotate(n=Count("pk")):
                totals[value] += count
        return totals

    def _period_facet(self, candidates):
        facet = Facet("period", "Period")
        totals = self._related_counts(candidates, "period")
        for period in Period.objects.filter(pk__in=list(totals) + ([self.period.pk] if self.period else [])):
            selected = period == self.period
            facet.choices.append(
                Choice(period.name, totals[period.pk], selected, self.url_with("period", period.slug))
            )
        return facet

    def _venue_facet(self, candidates):
        """Venues, each counting what happened there or in a place within it, as the filter does."""
        facet = Facet("venue", "Venue")
        direct = self._related_counts(candidates, "venue")
        totals = Counter(direct)
        for pk, located_in in Venue.objects.filter(pk__in=direct, located_in__isnull=False).values_list(
            "pk", "located_in"
        ):
            totals[located_in] += direct[pk]
        return self._top_choices(facet, Venue.objects.published(), totals, self.venue)

    def _actor_facet(self, candidates):
        facet = Facet("actor", "Actor")
        totals = Counter()
        for model, queryset in self.narrowed(candidates, "actor"):
            if not self._model_takes(model, "actor"):
                continue
            target = model._meta.model_name
            rows = (
                Participation.objects.filter(**{f"{target}__in": queryset.values("pk")})
                .filter(actor__publication_status=PublicationStatus.PUBLISHED)
                .values_list("actor")
                .annotate(n=Count(target, distinct=True))
            )
            for actor_id, count in rows:
                totals[actor_id] += count
        return self._top_choices(facet, Actor.objects.published(), totals, self.actor)

    def _top_choices(self, facet, entries, totals, chosen):
        """The TOP_CHOICES entries with the highest counts, and the chosen one, most first."""
        top = [pk for pk, _ in totals.most_common(TOP_CHOICES)]
        shown = entries.filter(pk__in=top + ([chosen.pk] if chosen else []))
        for entry in sorted(shown, key=lambda entry: (-totals[entry.pk], entry.name)):
            url = self.url_with(facet.name, entry.slug)
            facet.choices.append(Choice(entry.name, totals[entry.pk], entry == chosen, url))
        return facet

    def _tag_facet(self, candidates):
        facet = Facet("tag", "Tags")
        totals = tagging.tag_counts(dict(self.narrowed(candidates)))
        chosen = {tag.pk for tag in self.tags}
        top = [pk for pk in sorted(totals, key=lambda pk: -totals[pk]) if pk not in chosen][:TOP_CHOICES]
        tags = Tag.objects.filter(pk__in=top + list(chosen))
        for tag in sorted(tags, key=lambda t: (t.pk not in chosen, -totals[t.pk], t.name.lower())):
            facet.choices.append(
                Choice(tag.name, totals[tag.pk], tag.pk in chosen, self.url_toggling_tag(tag))
            )
        return facet

    def _years_facet(self, candidates):
        """Entries per year; one that spans years (a series, a period) counts in each of them."""
        facet = Facet("years", "Years")
        dated = [(m, qs) for m, qs in self.narrowed(candidates, "from", "to") if issubclass(m, Dated)]
        spans = [qs.aggregate(first=Min("date_start"), last=Max("date_end")) for _, qs in dated]
        firsts = [span["first"].year for span in spans if span["first"]]
        lasts = [span["last"].year for span in spans if span["last"]]
        if not firsts:
            return facet
        years = range(max(min(firsts), max(lasts) - MAX_YEARS + 1), max(lasts) + 1)
        totals = dict.fromkeys(years, 0)
        for _, queryset in dated:
            counts = queryset.aggregate(
                **{
                    f"y{year}": Count(
                        "pk",
                        filter=Q(
                            date_start__lte=datetime.date(year, 12, 31),
                            date_end__gte=datetime.date(year, 1, 1),
                        ),
                    )
                    for year in years
                }
            )
            for year in years:
                totals[year] += counts[f"y{year}"]
        for year, count in totals.items():
            if count:
                selected = self.year_from == year and self.year_to == year
                facet.choices.append(Choice(str(year), count, selected, self.url_with_years(year)))
        return facet

    # -------------------------------------------------------------- links

    def url_with(self, name, value):
        """This page's query string with ``name`` set to ``value``, or removed if it already was."""
        params = self.params.copy()
        if params.get(name) == value:
            params.pop(name)
        else:
            params[name] = value
        return "?" + params.urlencode()

    def url_with_years(self, year):
        params = self.params.copy()
        if self.year_from == year and self.year_to == year:
            params.pop("from", None)
            params.pop("to", None)
        else:
            params["from"] = params["to"] = str(year)
        return "?" + params.urlencode()

    def url_toggling_tag(self, tag):
        params = self.params.copy()
        slugs = [slug for slug in params.getlist("tag") if slug != tag.slug]
        if len(slugs) == len(params.getlist("tag")):
            slugs.append(tag.slug)
        params.setlist("tag", slugs)
        return "?" + params.urlencode()

    def kept_params(self, *dropped):
        """(name, value) pairs of the filter parameters, to carry through a form as hidden fields."""
        return [
            (name, value)
            for name in PARAMETERS
            if name not in dropped
            for value in self.params.getlist(name)
            if value.strip()
        ]

    @property
    def year_params(self):
        return self.kept_params("from", "to")

    @property
    def search_params(self):
        return self.kept_params()

    @property
    def clear_url(self):
        return self.url_without(*PARAMETERS)

    @property
    def url_without_years(self):
        return self.url_without("from", "to")

    def url_for(self, url_name):
        """Another address (a download, say) with these filters and this search."""
        query = self.params.urlencode()
        return reverse(url_name) + (f"?{query}" if query else "")

    def url_without(self, *names):
        """This page's query string without ``names``."""
        params = self.params.copy()
        for name in names:
            params.pop(name, None)
        return "?" + params.urlencode()
