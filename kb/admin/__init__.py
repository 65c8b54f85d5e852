"""The editors' admin: entries, their sources and tags. Importing registers everything."""

from kb.admin import entries, reference, tags  # noqa: F401
