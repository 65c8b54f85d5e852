"""EDTF (ISO 8601-2) dates: validation, bounds and wording for readers.

An entry stores its date as an EDTF string such as ``2025-02-27``, ``2014-08``
or ``2015/2020``, so the precision the source gives is kept. The first and last
possible days are derived for sorting and filtering, and the reader sees the
date worded at exactly the stored precision.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException
from edtf.parser.parser_classes import Date, Interval, UncertainOrApproximate

FORMAT_HELP = (
    "An EDTF date: 2025-02-27 (a day), 2014-08 (a month), 2021 (a year), "
    "2015/2020 (a period), 2020? (uncertain) or 2022-02~ (approximate)."
)


@dataclass(frozen=True)
class Bounds:
    start: datetime.date
    end: datetime.date


def parse(value):
    """Return the parsed EDTF object, or raise ValidationError with a reader's message."""
    try:
        parsed = parse_edtf(value.strip())
    except (EDTFParseException, ValueError, TypeError) as error:
        raise ValidationError(
            "“%(value)s” is not a date format we understand. %(help)s",
            code="invalid_date",
            params={"value": value, "help": FORMAT_HELP},
        ) from error
    if not _is_supported(parsed):
        raise ValidationError(
            "“%(value)s” is valid EDTF, but only days, months, years, their "
            "uncertain or approximate forms and closed periods are supported here.",
            code="unsupported_date",
            params={"value": value},
        )
    return parsed


# Parsing EDTF is slow and a page may show hundreds of dates, so results are
# kept per distinct string; they depend on nothing else.
@lru_cache(maxsize=8192)
def bounds(value):
    """First and last day the EDTF string can mean; ValidationError if the end precedes the start."""
    simple = _simple_parts(value)
    if simple:
        return Bounds(simple[0][0], simple[-1][1])
    parsed = parse(value)
    try:
        start = _to_date(parsed.lower_strict())
        end = _to_date(parsed.upper_strict())
    except ValueError as error:
        raise ValidationError(
            "“%(value)s” names a day that does not exist.",
            code="invalid_date",
            params={"value": value},
        ) from error
    if end < start:
        raise ValidationError(
            "The end of “%(value)s” is before its start.",
            code="end_before_start",
            params={"value": value},
        )
    return Bounds(start, end)


def validate_edtf(value):
    bounds(value)


@lru_cache(maxsize=8192)
def describe(value):
    """Word an EDTF string for readers, never more precisely than it was stored."""
    if not value:
        return ""
    simple = _simple_parts(value)
    if simple:
        return _describe_simple(simple)
    try:
        parsed = parse(value)
    except ValidationError:
        return value
    return _describe(parsed)


@lru_cache(maxsize=8192)
def iso_for_time_element(value):
    """The value for an HTML ``<time datetime>`` attribute, or "" for a period."""
    simple = _simple_parts(value)
    if simple:
        return value.strip() if len(simple) == 1 else ""
    try:
        parsed = parse(value)
    except ValidationError:
        return ""
    if isinstance(parsed, UncertainOrApproximate):
        parsed = parsed.date
    return str(parsed) if isinstance(parsed, Date) else ""


# Plain days, months and years, and periods between two of them, are most of
# what is stored. The EDTF parser takes milliseconds per string, so these are
# read directly; anything else, or anything invalid, goes through the parser.
_SIMPLE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _simple_parts(value):
    """[(first day, last day, precision)] for each end of a plain date or period, or None."""
    pieces = value.strip().split("/")
    if len(pieces) > 2:
        return None
    parts = []
    for piece in pieces:
        match = _SIMPLE.fullmatch(piece)
        if match is None:
            return None
        year, month, day = (None if group is None else int(group) for group in match.groups())
        try:
            if day is not None:
                first = last = datetime.date(year, month, day)
            elif month is not None:
                first = datetime.date(year, month, 1)
                last = first.replace(day=calendar.monthrange(year, month)[1])
            else:
                first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        except ValueError:
            return None
        parts.append((first, last, "day" if day is not None else "month" if month is not None else "year"))
    if parts[-1][1] < parts[0][0]:
        return None
    return parts


def _describe_simple(parts):
    worded = [
        _word(
            first.year,
            first.month if precision != "year" else None,
            first.day if precision == "day" else None,
        )
        for first, _, precision in parts
    ]
    return worded[0] if len(worded) == 1 else _join(*worded)


def _is_supported(parsed):
    if isinstance(parsed, Interval):
        return all(_is_supported_point(end) for end in (parsed.lower, parsed.upper))
    return _is_supported_point(parsed)


def _is_supported_point(parsed):
    if isinstance(parsed, UncertainOrApproximate):
        parsed = parsed.date
    return type(parsed) is Date and not parsed.significant_digits and parsed.year.isdigit()


def _to_date(struct):
    return datetime.date(struct.tm_year, struct.tm_mon, struct.tm_mday)


def _describe(parsed):
    if isinstance(parsed, Interval):
        return _join(_describe(parsed.lower), _describe(parsed.upper))
    if isinstance(parsed, UncertainOrApproximate):
        worded = _describe(parsed.date)
        if parsed.is_uncertain_and_approximate:
            return f"about {worded} (uncertain)"
        if parsed.is_approximate:
            return f"about {worded}"
        if parsed.is_uncertain:
            return f"{worded} (uncertain)"
        return worded
    return _word(parsed.year, parsed.month, parsed.day)


def _word(year, month=None, day=None):
    if day:
        return f"{int(day)} {_month_name(month)} {int(year)}"
    if month:
        return f"{_month_name(month)} {int(year)}"
    return str(int(year))


def _join(lower, upper):
    """Two years join with an en dash; anything wordier gets spaces around it."""
    return f"{lower}–{upper}" if lower.isdigit() and upper.isdigit() else f"{lower} – {upper}"


def _month_name(month):
    return datetime.date(2000, int(month), 1).strftime("%B")
