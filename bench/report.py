"""The benchmark's figures as Markdown, and the README section they are kept in."""

import math
import statistics

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


def percentile(values, fraction):
    """The value below which ``fraction`` of ``values`` lie, interpolating between neighbours."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def table(rows, yardstick):
    """``rows`` are (page type, Measurement); ``yardstick`` is the minimal view's Measurement."""
    lines = [
        "| Page type | Requests/s | Ratio to minimal | p50 (ms) | p95 (ms) | Queries/request | Errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, measurement in rows:
        lines.append(
            f"| {name} | {measurement.requests_per_second:,.1f} | {_ratio(measurement, yardstick):.3f} | "
            f"{_milliseconds(measurement.latencies, 0.5)} | "
            f"{_milliseconds(measurement.latencies, 0.95)} | {_queries(measurement.queries)} | "
            f"{len(measurement.errors):,} |"
        )
    return "\n".join(lines)


# The goals: stored pages near the minimal view, rendered lists and detail pages not far off.
STORED_GOAL = 0.8
RENDERED_GOAL = 0.3


def goals(stored, rendered, yardstick):
    """Which page types reach the goals; ``stored`` and ``rendered`` hold (name, Measurement, group)."""
    checked = [
        (f"Stored pages at {STORED_GOAL:.0%} of the minimal view or more", stored),
        (
            f"Rendered lists and detail pages at {RENDERED_GOAL:.0%} of the minimal view or more",
            [row for row in rendered if row[2] in ("list", "detail")],
        ),
    ]
    lines = []
    for (label, rows), goal in zip(checked, (STORED_GOAL, RENDERED_GOAL), strict=True):
        short = [name for name, measurement, _ in rows if _ratio(measurement, yardstick) < goal]
        missed = f"; short of it: {', '.join(short)}" if short else ""
        lines.append(f"- {label}: {len(rows) - len(short)} of {len(rows)}{missed}.")
    return "\n".join(lines)


def _ratio(measurement, yardstick):
    rate = yardstick.requests_per_second
    return measurement.requests_per_second / rate if rate else 0


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
