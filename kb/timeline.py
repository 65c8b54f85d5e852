"""The timeline: events and agreements from 2014 to today, drawn as server-side SVG.

Each entry is drawn at the precision its date has: a day is a dot, a month a
short bar over that month, a year or a series a bar over its whole span. Offers
and proposals are drawn hollow and dashed. Periods are shaded bands behind.

A year with more single-year entries of one kind than ``YEAR_LIMIT`` is drawn
as one counted bar linking to the list for that year, so the drawing stays
readable, and its cost flat, however many entries there are. Entries are laid
out in lanes so that no mark or label overlaps another.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone

FIRST_YEAR = 2014
YEAR_WIDTH = 84
LEFT = 12
RIGHT = 12
AXIS_HEIGHT = 28
BAND_LABEL_HEIGHT = 22
LANE_HEIGHT = 26
MAX_LANES = 16
CLUSTER_HEIGHT = 30
BOTTOM = 12
DOT_RADIUS = 5
MIN_BAR = 5
LABEL_CHAR_WIDTH = 6.4
LABEL_GAP = 6
MAX_LABEL = 38
# More single-year entries of one kind in a year than this become one counted bar.
YEAR_LIMIT = 8
# At most this many entries spanning several years are drawn; the list has the rest.
MAX_SPANS = 24


@dataclass
class Scale:
    first_day: datetime.date
    last_day: datetime.date

    @property
    def px_per_day(self):
        return YEAR_WIDTH / 365.25

    def x(self, day):
        day = min(max(day, self.first_day), self.last_day)
        return round(LEFT + (day - self.first_day).days * self.px_per_day, 1)

    @property
    def width(self):
        return round(self.x(self.last_day) + RIGHT)


@dataclass
class Mark:
    entry: object
    x: float
    width: float
    lane: int = 0
    y: float = 0
    # "right" of the mark; near the right edge "left" of it, or "inside" a long bar.
    label_place: str = "right"
    placed: bool = False

    @property
    def is_dot(self):
        return self.entry.date_start == self.entry.date_end

    @property
    def label(self):
        if self.label_place == "inside":
            return self._shortened(min(MAX_LABEL, int((self.width - 2 * LABEL_GAP) / LABEL_CHAR_WIDTH)))
        return self._shortened(MAX_LABEL)

    def _shortened(self, limit):
        name = self.entry.name
        return name if len(name) <= limit else name[: max(limit - 1, 0)] + "…"

    @property
    def label_width(self):
        return len(self.label) * LABEL_CHAR_WIDTH

    @property
    def mark_end(self):
        return self.x + (DOT_RADIUS if self.is_dot else self.width)

    @property
    def label_x(self):
        """Where the label's text starts, or ends when ``label_anchor`` is "end"."""
        if self.label_place == "left":
            return round(self.x - (DOT_RADIUS if self.is_dot else 0) - LABEL_GAP, 1)
        if self.label_place == "inside":
            return round(self.x + LABEL_GAP, 1)
        return round(self.mark_end + LABEL_GAP, 1)

    @property
    def label_anchor(self):
        return "end" if self.label_place == "left" else "start"

    @property
    def end_x(self):
        if self.label_place == "right":
            return self.label_x + self.label_width
        return self.mark_end

    @property
    def left_x(self):
        if self.label_place == "left":
            return self.label_x - self.label_width
        return self.x - DOT_RADIUS if self.is_dot else self.x

    def place_label(self, right_edge):
        """Right of the mark if it fits; else inside a bar long enough; else left of the mark."""
        self.label_place = "right"
        if self.end_x <= right_edge:
            return
        if not self.is_dot:
            self.label_place = "inside"
            if self.label == self._shortened(MAX_LABEL):
                return
        self.label_place = "left"
        if not self.is_dot and self.left_x < LEFT:
            self.label_place = "inside"

    @property
    def bar_y(self):
        return self.y - 6

    @property
    def text_y(self):
        return self.y + 4

    @property
    def took_place(self):
        return self.entry.took_place

    @property
    def kind(self):
        return self.entry._meta.model_name


@dataclass
class Cluster:
    model: object
    year: int
    count: int
    x: float
    width: float
    y: float
    url: str

    @property
    def label_x(self):
        return self.x + 4

    @property
    def text_y(self):
        return self.y + 16

    @property
    def noun(self):
        meta = self.model._meta
        return meta.verbose_name if self.count == 1 else meta.verbose_name_plural


@dataclass
class Band:
    period: object
    x: float
    width: float

    @property
    def label_x(self):
        return self.x + 4


@dataclass
class Tick:
    year: int
    x: float

    @property
    def label_x(self):
        return self.x + 3


@dataclass
class Timeline:
    scale: Scale
    marks: list = field(default_factory=list)
    clusters: list = field(default_factory=list)
    bands: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    lanes: int = 0
    # Spans over several years beyond MAX_SPANS, per model: neither drawn nor listed.
    left_out: dict = field(default_factory=dict)
    undated: dict = field(default_factory=dict)
    before_first_year: dict = field(default_factory=dict)
    after_today: dict = field(default_factory=dict)
    # Every mark laid out, drawn or not for lack of lanes, for the year-by-year list.
    listed: list = field(default_factory=list)
    today_x: float = 0

    @property
    def width(self):
        return self.scale.width

    band_top = AXIS_HEIGHT - 8
    band_label_y = AXIS_HEIGHT + 14

    @property
    def band_height(self):
        return self.height - self.band_top

    @property
    def lanes_top(self):
        return AXIS_HEIGHT + BAND_LABEL_HEIGHT

    @property
    def clusters_y(self):
        return self.lanes_top + self.lanes * LANE_HEIGHT + 6

    @property
    def cluster_rows(self):
        return len({cluster.model for cluster in self.clusters})

    @property
    def height(self):
        return round(self.clusters_y + self.cluster_rows * CLUSTER_HEIGHT + BOTTOM)

    @property
    def is_empty(self):
        return not self.marks and not self.clusters

    def by_year(self):
        """(year, marks, clusters) in date order, for the list beside the drawing."""
        years = {}
        for mark in self.listed:
            years.setdefault(mark.entry.date_start.year, ([], []))[0].append(mark)
        for cluster in self.clusters:
            years.setdefault(cluster.year, ([], []))[1].append(cluster)
        return [(year, *years[year]) for year in sorted(years)]


def build_timeline(querysets, periods, filters, today=None):
    """Lay out published, dated entries: ``querysets`` maps each model to its narrowed queryset."""
    today = today or timezone.localdate()
    scale = Scale(datetime.date(FIRST_YEAR, 1, 1), max(today, datetime.date(FIRST_YEAR, 12, 31)))
    timeline = Timeline(scale=scale, today_x=scale.x(today))
    timeline.ticks = [
        Tick(year, scale.x(datetime.date(year, 1, 1))) for year in range(FIRST_YEAR, scale.last_day.year + 1)
    ]
    for period in periods:
        drawn = period.date_start and scale.first_day <= period.date_end
        if drawn and period.date_start <= scale.last_day:
            start = scale.x(period.date_start)
            timeline.bands.append(Band(period, start, _x_after(scale, period.date_end) - start))

    candidates = []
    for model, queryset in querysets.items():
        candidates.extend(_candidates(timeline, model, queryset, filters))
    _lay_out(timeline, candidates)
    return timeline


_ONE_DAY = datetime.timedelta(days=1)


def _x_after(scale, day):
    """Where the day after ``day`` begins, for the end of a bar; never past the last day drawn."""
    return scale.x(min(day, scale.last_day) + _ONE_DAY)


def _candidates(timeline, model, queryset, filters):
    scale = timeline.scale
    years = queryset.annotate(first_year=ExtractYear("date_start"), last_year=ExtractYear("date_end"))
    in_range = Q(date_end__gte=scale.first_day, date_start__lte=scale.last_day)
    spanning = Q(first_year__lt=F("last_year"))
    counts = years.aggregate(
        undated=Count("pk", filter=Q(date_start__isnull=True)),
        before=Count("pk", filter=Q(date_end__lt=scale.first_day)),
        after=Count("pk", filter=Q(date_start__gt=scale.last_day)),
        spans=Count("pk", filter=in_range & spanning),
    )
    timeline.undated[model] = counts["undated"]
    timeline.before_first_year[model] = counts["before"]
    timeline.after_today[model] = counts["after"]
    timeline.left_out[model] = max(counts["spans"] - MAX_SPANS, 0)
    # Marks show names, dates and status; the long texts stay in the database.
    dated = years.filter(in_range).defer(
        *(f.name for f in model._meta.concrete_fields if isinstance(f, models.TextField))
    )
    single_year = dated.filter(first_year=F("last_year"))
    per_year = dict(single_year.order_by().values_list("first_year").annotate(n=Count("pk")))
    dense = sorted(year for year, count in per_year.items() if count > YEAR_LIMIT)
    for year in dense:
        start = scale.x(datetime.date(year, 1, 1))
        end = _x_after(scale, datetime.date(year, 12, 31))
        timeline.clusters.append(
            Cluster(model, year, per_year[year], start, end - start, 0, _year_list_url(model, year, filters))
        )
    entries = list(single_year.exclude(first_year__in=dense))
    entries += list(dated.filter(spanning).order_by("date_start", "name")[:MAX_SPANS])
    marks = []
    for entry in entries:
        start = scale.x(entry.date_start)
        marks.append(Mark(entry, start, max(_x_after(scale, entry.date_end) - start, MIN_BAR)))
    return marks


def _lay_out(timeline, marks):
    """Greedy lanes in date order: a mark goes in the first lane whose last mark and
    label end before it starts, so nothing is ever drawn over anything else.
    """
    lane_ends = []
    marks.sort(
        key=lambda m: (m.entry.date_start, -(m.entry.date_end - m.entry.date_start).days, m.entry.name)
    )
    placed = []
    for mark in marks:
        mark.place_label(timeline.width - RIGHT)
        lane = next((i for i, end in enumerate(lane_ends) if end + LABEL_GAP <= mark.left_x), None)
        if lane is None:
            if len(lane_ends) == MAX_LANES:
                continue
            lane_ends.append(0)
            lane = len(lane_ends) - 1
        lane_ends[lane] = mark.end_x
        mark.lane, mark.placed = lane, True
        mark.y = timeline.lanes_top + lane * LANE_HEIGHT + LANE_HEIGHT / 2
        placed.append(mark)
    timeline.listed = marks
    timeline.lanes = len(lane_ends)
    timeline.marks = sorted(placed, key=lambda m: (m.entry.date_start, m.entry.name))
    rows = {}
    for cluster in timeline.clusters:
        row = rows.setdefault(cluster.model, len(rows))
        cluster.y = timeline.clusters_y + row * CLUSTER_HEIGHT
    timeline.clusters.sort(key=lambda c: (c.year, c.model._meta.model_name))


def _year_list_url(model, year, filters):
    """The list of ``model`` for one year, keeping the timeline's other filters."""
    params = filters.params.copy()
    for name in ("from", "to", "type"):
        params.pop(name, None)
    params["from"] = params["to"] = str(year)
    return reverse(f"kb:{model._meta.model_name}-list") + "?" + params.urlencode()
