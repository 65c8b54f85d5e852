"""The benchmark's figures as Markdown, and the README section they are kept in."""

import math
import statistics
from dataclasses import dataclass

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


@dataclass
class PageType:
    """A page type's measurement, its goal group ("list", "detail" or None), its first requests and
    the minimal view's measurement alongside it (in alternate slices of time)."""

    name: str
    measurement: object
    group: str | None = None
    first: object = None
    yardstick: object = None

    @property
    def errors(self):
        """Every failed request of its first requests, its measurement and the minimal view's alongside."""
        measured = (self.first, self.measurement, self.yardstick)
        return [error for measurement in measured if measurement is not None for error in measurement.errors]


def percentile(values, fraction):
    """The value below which ``fraction`` of ``values`` lie, interpolating between neighbours."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def table(rows, minimal_rate):
    """``rows`` are PageTypes; ``minimal_rate`` the minimal view's requests/s for rows measured alone."""
    lines = [
        "| Page type | Requests/s | Minimal view alongside | Ratio to minimal | p50 (ms) | p95 (ms) "
        "| Queries/request | Errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        name, measurement = row.name, row.measurement
        beside = f"{row.yardstick.requests_per_second:,.1f}" if row.yardstick else "—"
        ratio = _ratio(row, minimal_rate)
        lines.append(
            f"| {name} | {measurement.requests_per_second:,.1f} | {beside} | {ratio:.3f} | "
            f"{_milliseconds(measurement.latencies, 0.5)} | "
            f"{_milliseconds(measurement.latencies, 0.95)} | {_queries(measurement.queries)} | "
            f"{len(measurement.errors):,} |"
        )
    return "\n".join(lines)


# The goals: stored pages near the minimal view, rendered lists and detail pages not far off.
STORED_GOAL = 0.8
RENDERED_GOAL = 0.3


def goals(stored, rendered, minimal_rate):
    """Which page types reach the goals; ``stored`` and ``rendered`` hold PageTypes."""
    checked = [
        (f"Stored pages at {STORED_GOAL:.0%} of the minimal view or more", stored),
        (
            f"Rendered lists and detail pages at {RENDERED_GOAL:.0%} of the minimal view or more",
            [row for row in rendered if row.group in ("list", "detail")],
        ),
    ]
    lines = []
    for (label, rows), goal in zip(checked, (STORED_GOAL, RENDERED_GOAL), strict=True):
        short = [row.name for row in rows if _ratio(row, minimal_rate) < goal]
        missed = f"; short of it: {', '.join(short)}" if short else ""
        lines.append(f"- {label}: {len(rows) - len(short)} of {len(rows)}{missed}.")
    return "\n".join(lines)


def _ratio(row, minimal_rate):
    """To the minimal view measured alongside the row, or, for a row measured alone, to ``minimal_rate``."""
    base = row.yardstick.requests_per_second if row.yardstick else minimal_rate
    return row.measurement.requests_per_second / base if base else 0


def minimal_rate(results):
    """The minimal view's requests/s over the run: the median of all its measurements, first, last and
    alongside each page type, since the machine's speed wanders by a third or more within minutes."""
    rows = [results.minimal, *results.stored, *results.rendered, results.again]
    measurements = [row.measurement for row in (results.minimal, results.again)]
    measurements += [row.yardstick for row in rows if row.yardstick is not None]
    return statistics.median(measurement.requests_per_second for measurement in measurements)


def first_requests(rows):
    """Each PageType's first requests: how many addresses, and how long they took."""
    lines = ["| Page type | Addresses | p50 (ms) | Slowest (ms) |", "| --- | ---: | ---: | ---: |"]
    for row in rows:
        latencies = row.first.latencies
        slowest = f"{max(latencies) * 1000:,.1f}" if latencies else "—"
        lines.append(f"| {row.name} | {len(latencies):,} | {_milliseconds(latencies, 0.5)} | {slowest} |")
    return "\n".join(lines)


def memory(peaks_in_kib):
    each = ", ".join(f"{kib / 1024:.0f}" for kib in sorted(peaks_in_kib.values(), reverse=True))
    return (
        f"Peak memory per worker (VmHWM, the most resident memory each has held): "
        f"at most {max(peaks_in_kib.values()) / 1024:.0f} MiB; each worker: {each} MiB."
    )


def replace_readme_section(text, report):
    before, start, rest = text.partition(README_START)
    _, end, after = rest.partition(README_END)
    if not (start and end):
        raise ValueError(f"README.md has no {README_START} … {README_END} section.")
    return f"{before}{README_START}\n{report.strip()}\n{README_END}{after}"


def _milliseconds(latencies, fraction):
    value = percentile(latencies, fraction)
    return "—" if value is None else f"{value * 1000:,.1f}"


def _queries(counts):
    if not counts:
        return "—"
    median, most = statistics.median(counts), max(counts)
    shown = f"{median:g}"
    return shown if most == median else f"{shown} (max {most})"
