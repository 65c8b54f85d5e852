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

from django.db.models import Count, F
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
    # Near the right edge a label goes to the left of its mark, so it is not cut off.
    label_on_left: bool = False

    @property
    def is_dot(self):
        return self.entry.date_start == self.entry.date_end

    @property
    def label(self):
        name = self.entry.name
        return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"

    @property
    def label_width(self):
        return len(self.label) * LABEL_CHAR_WIDTH

    @property
    def label_x(self):
        """Where the label's text starts (or, when on the left, ends: see ``label_anchor``)."""
        if self.label_on_left:
            return round(self.x - (DOT_RADIUS if self.is_dot else 0) - LABEL_GAP, 1)
        return round(self.x + (DOT_RADIUS if self.is_dot else self.width) + LABEL_GAP, 1)

    @property
    def label_anchor(self):
        return "end" if self.label_on_left else "start"

    @property
    def end_x(self):
        if self.label_on_left:
            return self.x + (DOT_RADIUS if self.is_dot else self.width)
        return self.label_x + self.label_width

    @property
    def left_x(self):
        if self.label_on_left:
            return self.label_x - self.label_width
        return self.x - DOT_RADIUS if self.is_dot else self.x

    @property
    def bar_y(self):
        return self.y - 6

    @property
    def text_y(self):
        return self.y + 4

    @property
    def took_place(self):
        return getattr(self.entry, "took_place", True)

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
    # Entries not drawn: spans beyond MAX_SPANS or lanes, per model.
    left_out: dict = field(default_factory=dict)
    undated: dict = field(default_factory=dict)
    before_first_year: dict = field(default_factory=dict)
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
        for mark in sorted(self.marks, key=lambda m: (m.entry.date_start, m.entry.name)):
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
        if period.date_start and period.date_end and period.date_end >= scale.first_day:
            start = scale.x(period.date_start)
            timeline.bands.append(Band(period, start, scale.x(period.date_end + _ONE_DAY) - start))

    candidates = []
    for model, queryset in querysets.items():
        candidates.extend(_candidates(timeline, model, queryset, filters))
    _lay_out(timeline, candidates)
    return timeline


_ONE_DAY = datetime.timedelta(days=1)


def _candidates(timeline, model, queryset, filters):
    scale = timeline.scale
    timeline.undated[model] = queryset.filter(date_start__isnull=True).count()
    dated = queryset.filter(date_start__isnull=False).annotate(
        first_year=ExtractYear("date_start"), last_year=ExtractYear("date_end")
    )
    timeline.before_first_year[model] = dated.filter(date_end__lt=scale.first_day).count()
    dated = dated.filter(date_end__gte=scale.first_day)
    single_year = dated.filter(first_year=F("last_year"))
    per_year = dict(single_year.order_by().values_list("first_year").annotate(n=Count("pk")))
    dense = sorted(year for year, count in per_year.items() if count > YEAR_LIMIT)
    for year in dense:
        start = scale.x(datetime.date(year, 1, 1))
        end = scale.x(datetime.date(year, 12, 31) + _ONE_DAY)
        timeline.clusters.append(
            Cluster(model, year, per_year[year], start, end - start, 0, _year_list_url(model, year, filters))
        )
    entries = list(single_year.exclude(first_year__in=dense).select_related("period"))
    spans = dated.filter(first_year__lt=F("last_year"))
    entries += list(spans.select_related("period").order_by("date_start", "name")[:MAX_SPANS])
    timeline.left_out[model] = max(spans.count() - MAX_SPANS, 0)
    marks = []
    for entry in entries:
        start = scale.x(entry.date_start)
        end = scale.x(entry.date_end + _ONE_DAY)
        marks.append(Mark(entry, start, max(end - start, MIN_BAR)))
    return marks


def _lay_out(timeline, marks):
    """Greedy lanes: spans over several years first, then the rest, each in date order.

    A mark goes in the first lane whose last mark and label end before it starts,
    so nothing is ever drawn over anything else.
    """
    lane_ends = []
    marks.sort(
        key=lambda m: (m.entry.date_start.year == m.entry.date_end.year, m.entry.date_start, m.entry.name)
    )
    placed = []
    for mark in marks:
        mark.label_on_left = mark.end_x > timeline.width - RIGHT
        lane = next((i for i, end in enumerate(lane_ends) if end + LABEL_GAP <= mark.left_x), None)
        if lane is None:
            if len(lane_ends) == MAX_LANES:
                timeline.left_out[type(mark.entry)] = timeline.left_out.get(type(mark.entry), 0) + 1
                continue
            lane_ends.append(0)
            lane = len(lane_ends) - 1
        lane_ends[lane] = mark.end_x
        mark.lane = lane
        mark.y = timeline.lanes_top + lane * LANE_HEIGHT + LANE_HEIGHT / 2
        placed.append(mark)
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
    for name in ("from", "to", "page", "type"):
        params.pop(name, None)
    params["from"] = params["to"] = str(year)
    return reverse(f"kb:{model._meta.model_name}-list") + "?" + params.urlencode()
