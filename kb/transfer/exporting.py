"""Writing the knowledge base out: one consistent snapshot, one record a line."""

import datetime
import json
from contextlib import contextmanager

import django
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import connection, transaction
from django.utils import timezone

from .contents import (
    FORMAT,
    FORMAT_VERSION,
    KNOWLEDGE_BASE,
    MODELS_BY_LABEL,
    derived_field_names,
    exported_fields,
    foreign_keys,
)

_CHUNK = 2_000


def export(stream):
    """Write the whole knowledge base to a text stream as one export document; return the counts."""
    with _one_snapshot():
        counts = {label: model._base_manager.count() for label, model in MODELS_BY_LABEL.items()}
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "generated_at": timezone.now().isoformat(),
            "django": django.get_version(),
            "counts": counts,
            "content_type_ids": {
                f"{app_label}.{model}": pk
                for app_label, model, pk in ContentType.objects.order_by("pk").values_list(
                    "app_label", "model", "pk"
                )
            },
        }
        stream.write("{\n")
        for key, value in header.items():
            stream.write(f"{_dumps(key)}: {_dumps(value)},\n")
        stream.write('"records": [\n')
        # Each write ends a line, which lets Django's OutputWrapper (stdout) pass it through unchanged.
        previous = None
        for record in _records():
            if previous is not None:
                stream.write(previous + ",\n")
            previous = _dumps(record)
        if previous is not None:
            stream.write(previous + "\n")
        stream.write("]\n}\n")
    return counts


class _Serializer(PythonSerializer):
    """Django's serialiser without derived fields, naming rows outside the knowledge base by natural key."""

    def handle_field(self, obj, field):
        if field in exported_fields(type(obj)):
            super().handle_field(obj, field)

    def handle_fk_field(self, obj, field):
        if field.related_model in KNOWLEDGE_BASE:
            super().handle_fk_field(obj, field)
        else:
            related = getattr(obj, field.name)
            self._current[field.name] = list(related.natural_key()) if related else None


class _Encoder(DjangoJSONEncoder):
    """Django's JSON encoder, except that times keep their microseconds (it cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _dumps(value):
    return json.dumps(value, cls=_Encoder, ensure_ascii=False)


def _records():
    serializer = _Serializer()
    for model in KNOWLEDGE_BASE:
        outside = [field.name for field in foreign_keys(model) if field.related_model not in KNOWLEDGE_BASE]
        rows = model._base_manager.select_related(*outside).defer(*derived_field_names(model)).order_by("pk")
        for row in rows.iterator(chunk_size=_CHUNK):
            yield from serializer.serialize([row])


@contextmanager
def _one_snapshot():
    """A transaction that sees one state of the database throughout, even while editors save."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        # PostgreSQL's default isolation takes a new snapshot for every query.
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
