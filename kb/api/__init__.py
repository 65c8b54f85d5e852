"""The read-only JSON API: its schemas, how entries are represented, and the operations."""
