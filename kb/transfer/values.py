"""Whether a value read from an export is what Django's serialiser writes for its field, and storable."""

import datetime
import math
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from .refusals import ImportRefused, described, quoted

_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def _is_string(value):
    return isinstance(value, str)


def _is_integer(value):
    return type(value) is int


def _is_boolean(value):
    return type(value) is bool


def _is_decimal(value):
    # Django writes decimals as strings; a JSON number is read as one too, if it is finite.
    return isinstance(value, str) or type(value) is int or (type(value) is float and math.isfinite(value))


_STRING = ("a string", _is_string)
_INTEGER = ("an integer", _is_integer)
# By internal type: what each kind of field looks like in JSON (dates and times as ISO 8601 strings).
_KINDS = {
    **dict.fromkeys(
        ("CharField", "SlugField", "TextField", "EmailField", "DateField", "DateTimeField", "TimeField"),
        _STRING,
    ),
    **dict.fromkeys(
        (
            "AutoField",
            "BigAutoField",
            "SmallAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
            "PositiveSmallIntegerField",
        ),
        _INTEGER,
    ),
    "BooleanField": ("true or false", _is_boolean),
    "DecimalField": ("a decimal number", _is_decimal),
}


def check_column(where, field, value, name=None):
    """A value for one of a row's own columns, not a link: its JSON type, null, format and time zone."""
    name = name or field.name
    if value is None:
        if field.null:
            return
        raise ImportRefused(f"{where}: {name} may not be null.")
    description, fits = _kind(field)
    if not fits(value):
        raise ImportRefused(f"{where}: {name} must be {description}, not {quoted(value)}.")
    try:
        python_value = field.to_python(value)
    except ValidationError as error:
        raise ImportRefused(f"{where}: {name}: {described(error)}") from None
    if isinstance(python_value, datetime.datetime) and settings.USE_TZ and timezone.is_naive(python_value):
        raise ImportRefused(f"{where}: {name} {quoted(value)} must give its UTC offset, as an export does.")


def _kind(field):
    try:
        return _KINDS[field.get_internal_type()]
    except KeyError:
        raise ImproperlyConfigured(
            f"kb.transfer cannot check {field.model._meta.label}.{field.name}: it does not know how "
            f"an export writes a {field.get_internal_type()}."
        ) from None


def unstorable(value):
    """What makes a string in a JSON value (keys included) impossible to store, or None if nothing does."""
    pending = [value]
    # A loop, not recursion: a file may nest values deeper than Python recurses.
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            found = _UNSTORABLE.search(item)
            if found and found.group() == "\x00":
                return "a NUL character, which PostgreSQL cannot store"
            if found:
                return f"{quoted(found.group())[1:-1]}, an unpaired surrogate, which is not a character"
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
    return None
