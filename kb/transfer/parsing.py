"""An export's text read as JSON, mistakes placed by line and record, and its envelope checked."""

import json
import re

from .contents import FORMAT, FORMAT_VERSION
from .refusals import ImportRefused, quoted
from .values import unstorable

_RECORDS_OPENING = re.compile(r'"records"\s*:\s*\[')
_BETWEEN_RECORDS = re.compile(r"[\s,]*")


def parse(text):
    """The export document in ``text``, its envelope checked; ImportRefused says what is wrong."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(_json_problem(text, error)) from None
    except RecursionError:
        raise ImportRefused(_nesting_problem(text)) from None
    _check_envelope(document)
    return document


def _check_envelope(document):
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        raise ImportRefused(
            f"This is not a knowledge-base export: its format is {quoted(found)}, not {quoted(FORMAT)}."
        )
    version = document.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ImportRefused(
            f"Export format version {quoted(version)} is not supported; "
            f"this version of the knowledge base reads version {FORMAT_VERSION}."
        )
    if not isinstance(document.get("records"), list):
        raise ImportRefused('The file has no "records" list.')
    if not _is_mapping_to_integers(document.get("counts")):
        raise ImportRefused('The file\'s "counts" must map model labels to numbers of records.')
    if not _is_mapping_to_integers(document.get("content_type_ids")):
        raise ImportRefused('The file\'s "content_type_ids" must map content type labels to ids.')
    for key, value in document.items():
        problem = key != "records" and unstorable([key, value])
        if problem:
            raise ImportRefused(f"The file's {quoted(key)} holds {problem}.")


def _is_mapping_to_integers(value):
    return isinstance(value, dict) and all(type(item) is int for item in value.values())


def _json_problem(text, error):
    place = f"line {error.lineno}, column {error.colno}"
    number = _record_number_at(text, error.pos)
    if number:
        place += f", in record {number}"
    # Only a file that ends early leaves a string open or runs out of text mid-value.
    if error.msg.startswith("Unterminated string") or not text[error.pos :].strip():
        return f"The file is cut short (truncated?): it ends at {place}, before the export does."
    return f"The file is not valid JSON at {place}: {error.msg}."


def _nesting_problem(text):
    # The first record that cannot be read is the one nested too deeply.
    number = _record_number_at(text, len(text))
    if number:
        return f"The file cannot be read: record {number} nests lists or objects too deeply."
    return "The file cannot be read: it nests lists or objects too deeply."


def _record_number_at(text, position):
    """Which record, counting from 1, a position in the text falls in; None outside the records."""
    opening = _RECORDS_OPENING.search(text)
    if opening is None or position < opening.end():
        return None
    decoder = json.JSONDecoder()
    cursor, number = opening.end(), 1
    while True:
        cursor = _BETWEEN_RECORDS.match(text, cursor).end()
        if cursor >= position:
            return number
        if text.startswith("]", cursor):
            return None
        try:
            _, cursor = decoder.raw_decode(text, cursor)
        except (ValueError, RecursionError):
            return number
        if cursor > position:
            return number
        number += 1
