"""Ids and slugs that arrive in URLs and forms, checked before they reach a query."""

from django.core.validators import slug_unicode_re

SLUG_LIMIT = 200


def is_valid_key(value):
    """Whether a submitted id can be one of ours: a positive integer that fits a bigint."""
    value = str(value)
    return value.isascii() and value.isdigit() and len(value) < 19


def is_valid_slug(value):
    """Whether a submitted slug can be one of ours (letters of any script, digits, - and _)."""
    return len(value) <= SLUG_LIMIT and slug_unicode_re.match(value) is not None
