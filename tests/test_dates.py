import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from kb import dates


@pytest.mark.parametrize(
    ("value", "worded", "start", "end"),
    [
        ("2025-02-27", "27 February 2025", datetime.date(2025, 2, 27), datetime.date(2025, 2, 27)),
        ("2014-08", "August 2014", datetime.date(2014, 8, 1), datetime.date(2014, 8, 31)),
        ("2021", "2021", datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)),
        ("2015/2020", "2015–2020", datetime.date(2015, 1, 1), datetime.date(2020, 12, 31)),
        (
            "2014-08/2015-02",
            "August 2014 – February 2015",
            datetime.date(2014, 8, 1),
            datetime.date(2015, 2, 28),
        ),
        ("2020?", "2020 (uncertain)", datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)),
        ("2022-02~", "about February 2022", datetime.date(2022, 2, 1), datetime.date(2022, 2, 28)),
    ],
)
def test_dates_are_worded_at_their_stored_precision_and_bounded(value, worded, start, end):
    assert dates.describe(value) == worded
    assert dates.bounds(value) == dates.Bounds(start, end)


def test_a_month_never_gains_a_day_when_worded():
    assert not any(char.isdigit() for char in dates.describe("2014-08").replace("2014", ""))


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("27/02/2025", "invalid_date"),
        ("next spring", "invalid_date"),
        ("2014-13", "invalid_date"),
        ("2021-02-30", "invalid_date"),
        ("2020/2015", "end_before_start"),
        ("../2020", "unsupported_date"),
        ("2021-24", "unsupported_date"),
    ],
)
def test_malformed_or_reversed_dates_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as raised:
        dates.validate_edtf(value)
    assert raised.value.code == code
    assert value in raised.value.messages[0]


def test_time_element_value_is_empty_for_periods_and_exact_for_points():
    assert dates.iso_for_time_element("2014-08") == "2014-08"
    assert dates.iso_for_time_element("2020~") == "2020"
    assert dates.iso_for_time_element("2015/2020") == ""


@pytest.mark.parametrize(
    "value",
    [
        "2025-02-27",
        "2014-08",
        "2021",
        "2015/2020",
        "2016-02",
        "2015-02/2020",
        "2014-08-01/2014-09-05",
        "2000-02-29",
        " 2016-05-04 ",
        "0999",
    ],
)
def test_plain_dates_read_without_the_edtf_parser_match_what_it_says(value):
    assert dates._simple_parts(value) is not None
    parsed = dates.parse(value)
    assert dates.bounds(value) == dates.Bounds(
        dates._to_date(parsed.lower_strict()), dates._to_date(parsed.upper_strict())
    )
    assert dates.describe(value) == dates._describe(parsed)
    assert dates.iso_for_time_element(value) == (str(parsed) if isinstance(parsed, dates.Date) else "")


@pytest.mark.parametrize(
    "value", ["2021-02-29", "2016-13", "2016-00-10", "2020/2015", "2016-05-04/2016-05-01"]
)
def test_impossible_plain_dates_still_get_the_parser_s_errors(value):
    assert dates._simple_parts(value) is None
    with pytest.raises(ValidationError):
        dates.bounds(value)


def _parser_only(value):
    """What the EDTF parser alone says of a value: its bounds and wording, or the error code."""
    try:
        parsed = dates.parse(value)
        start, end = dates._to_date(parsed.lower_strict()), dates._to_date(parsed.upper_strict())
    except (ValidationError, ValueError) as error:
        return ("error", getattr(error, "code", "invalid_date"))
    if end < start:
        return ("error", "end_before_start")
    return (start, end, dates._describe(parsed))


def _random_plain_dates(count):
    rng = random.Random(20261128)
    parts = ["{y}", "{y}-{m}", "{y}-{m}-{d}"]
    for _ in range(count):

        def one():
            return rng.choice(parts).format(
                y=f"{rng.choice([rng.randint(0, 9999), rng.randint(1990, 2030)]):04d}",
                m=f"{rng.randint(0, 13):02d}",
                d=f"{rng.randint(0, 32):02d}",
            )

        yield one() if rng.random() < 0.7 else f"{one()}/{one()}"


def _fast_path(value):
    try:
        span = dates.bounds(value)
    except ValidationError as error:
        return ("error", error.code)
    return (span.start, span.end, dates.describe(value))


def test_the_fast_path_agrees_with_the_edtf_parser_on_random_plain_dates():
    values = list(_random_plain_dates(800))
    disagreements = [(value, _fast_path(value), _parser_only(value)) for value in values]
    disagreements = [row for row in disagreements if row[1] != row[2]]
    assert not disagreements, disagreements[:5]
    assert sum(dates._simple_parts(value) is not None for value in values) > 200  # the fast path was taken
