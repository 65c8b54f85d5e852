"""Loading an export into this database: every record checked first, then all written in one transaction."""

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction

from kb import search
from kb.models import DataVersion, SearchDocument

from .checking import checked_records
from .contents import KNOWLEDGE_BASE, MODELS_BY_LABEL, describe_counts, foreign_keys
from .parsing import parse
from .refusals import ImportRefused, described, one_line, where


@dataclass
class ImportResult:
    """What an import wrote: records per model label, accounts made for revision authors, entries indexed."""

    counts: dict
    created_authors: list
    indexed: int

    def summary(self):
        parts = [f"Imported {sum(self.counts.values())} records ({describe_counts(self.counts)})"]
        if self.created_authors:
            names = ", ".join(self.created_authors)
            parts.append(
                f"created {len(self.created_authors)} inactive account(s) for revision authors ({names})"
            )
        parts.append(f"indexed {self.indexed} entries for search")
        return "; ".join(parts) + "."


def import_export(text, replace=False):
    """Load an export document into this database, all or nothing; ImportRefused says why not.

    The knowledge base must be empty, unless ``replace`` is set: then it is
    deleted in the same transaction, and comes back if the import fails.
    """
    records = checked_records(parse(text))
    with transaction.atomic():
        _make_room(replace)
        created_authors = _link_authors(records)
        for number, record in enumerate(records, start=1):
            _insert(number, record)
        _reset_sequences()
        _check_constraints()
        search.rebuild()
        # The DELETEs and the search index send no signals, and readers' caches must not outlive either.
        DataVersion.bump()
    counts = Counter(record["model"] for record in records)
    return ImportResult(
        counts={label: counts[label] for label in MODELS_BY_LABEL if counts[label]},
        created_authors=created_authors,
        indexed=SearchDocument.objects.count(),
    )


def _make_room(replace):
    filled = [model for model in KNOWLEDGE_BASE if model._base_manager.exists()]
    if filled and not replace:
        names = ", ".join(str(model._meta.verbose_name_plural) for model in filled)
        raise ImportRefused(
            f"This database already holds a knowledge base ({names}). Import into an empty database, "
            "or pass --replace to delete this one and import the file in its place."
        )
    # Plain DELETEs: the ORM would refuse to delete venues that other venues, also going, are located in.
    with connection.cursor() as cursor:
        for model in reversed(KNOWLEDGE_BASE):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _link_authors(records):
    """Accounts for revision authors the database lacks: inactive, with no usable password."""
    users = get_user_model()
    usernames = {
        record["fields"]["user"][0]
        for record in records
        if record["model"] == "reversion.revision" and record["fields"]["user"]
    }
    existing = set(
        users._default_manager.filter(**{f"{users.USERNAME_FIELD}__in": usernames}).values_list(
            users.USERNAME_FIELD, flat=True
        )
    )
    created = sorted(usernames - existing)
    for username in created:
        user = users(**{users.USERNAME_FIELD: username}, is_active=False)
        user.set_unusable_password()
        user.save()
    return created


def _insert(number, record):
    model = MODELS_BY_LABEL[record["model"]]
    try:
        (deserialized,) = serializers.deserialize("python", [record])
        deserialized.object.clean_fields(exclude=[field.name for field in foreign_keys(model)])
        # Saved raw: model save() methods (which stamp updated_at) are skipped; kb.signals re-derives HTML
        # and date bounds.
        deserialized.save(force_insert=True)
    except (DeserializationError, ValidationError) as error:
        raise ImportRefused(f"{where(number, record)}: {described(error)}") from None
    except DatabaseError as error:
        raise ImportRefused(f"{where(number, record)}: the database refused it: {one_line(error)}") from None


def _reset_sequences():
    """Move PostgreSQL's id sequences past the imported rows' own ids.

    Never back: an id once handed out stays unused, and since sequences ignore
    rollbacks, a refused import cannot leave one behind rows that exist.
    """
    if connection.vendor != "postgresql":
        return  # SQLite takes the next id from the table itself
    with connection.cursor() as cursor:
        for model in KNOWLEDGE_BASE:
            table, column = model._meta.db_table, model._meta.pk.column
            cursor.execute(
                "SELECT setval(seq, GREATEST(COALESCE(pg_sequence_last_value(seq), 1), "
                f"(SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 1) "
                f"FROM {connection.ops.quote_name(table)}))) "
                "FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) AS sequence",
                [table, column],
            )


def _check_constraints():
    try:
        connection.check_constraints(table_names=[model._meta.db_table for model in KNOWLEDGE_BASE])
    except DatabaseError as error:
        raise ImportRefused(f"The records break a database constraint: {one_line(error)}") from None
