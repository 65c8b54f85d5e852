"""Ids that arrive in URLs and forms, checked before they reach a query."""


def is_valid_key(value):
    """Whether a submitted id can be one of ours: a positive integer that fits a bigint."""
    value = str(value)
    return value.isascii() and value.isdigit() and len(value) < 19
