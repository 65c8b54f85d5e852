"""ImportRefused, and how its messages name records and quote values from the file."""

import json

from django.core.exceptions import ValidationError

_LONGEST_QUOTE = 80


class ImportRefused(Exception):
    """The file cannot be imported; the message says which record is wrong, and how."""


def where(number, record):
    return f"Record {number} ({record['model']}, pk {quoted(record['pk'])})"


def quoted(value):
    """A value from the file as JSON, cut short, with any unpaired surrogate written as an escape."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        return "(a value nested too deeply to show)"
    if len(text) > _LONGEST_QUOTE:
        text = text[: _LONGEST_QUOTE - 1] + "…"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def described(error):
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return one_line(error)


def one_line(error):
    return " ".join(str(error).split())
