"""Every record of a parsed export checked before anything is written: what it is, its fields, its links."""

from collections import Counter

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from reversion.models import Version

from . import history
from .contents import (
    GENERIC_TARGETS,
    KNOWLEDGE_BASE,
    MODELS_BY_LABEL,
    derived_field_names,
    exported_fields,
    generic_foreign_keys,
)
from .refusals import ImportRefused, quoted, where
from .values import check_column, unstorable


def checked_records(document):
    """The document's records, each checked; versions' data translated to this database's content types."""
    records = document["records"]
    keys = _primary_keys(records)
    _check_counts(records, document["counts"])
    translation = history.content_type_translation(document["content_type_ids"])
    checked = []
    for number, record in enumerate(records, start=1):
        model = MODELS_BY_LABEL[record["model"]]
        _check_fields(number, record, model, keys)
        _check_generic_links(number, record, model, keys)
        if model is Version:
            record = history.checked_version(where(number, record), record, translation)
        checked.append(record)
    return checked


def _primary_keys(records):
    """The pks in the file, by model; every record seen to be one, of a model an export holds."""
    keys = {model: set() for model in KNOWLEDGE_BASE}
    for number, record in enumerate(records, start=1):
        model = _model_of(number, record)
        check_column(where(number, record), model._meta.pk, record["pk"], name="pk")
        if record["pk"] in keys[model]:
            raise ImportRefused(
                f"{where(number, record)}: an earlier {record['model']} record has the same pk."
            )
        keys[model].add(record["pk"])
    return keys


def _model_of(number, record):
    if not (
        isinstance(record, dict)
        and isinstance(record.get("model"), str)
        and "pk" in record
        and isinstance(record.get("fields"), dict)
    ):
        raise ImportRefused(f'Record {number} is not a record: it needs "model", "pk" and "fields".')
    label = record["model"]
    if label in MODELS_BY_LABEL:
        return MODELS_BY_LABEL[label]
    try:
        apps.get_model(label)
    except (LookupError, ValueError):
        raise ImportRefused(f"Record {number}: there is no model {quoted(label)}.") from None
    raise ImportRefused(f"Record {number}: {label} is not part of the knowledge base, so no export holds it.")


def _check_counts(records, counts):
    found = Counter(record["model"] for record in records)
    for label in {**counts, **found}:
        if counts.get(label, 0) != found[label]:
            raise ImportRefused(
                f"The file is incomplete or altered: its header counts {counts.get(label, 0)} "
                f"{label} records, but it holds {found[label]}."
            )


def _check_fields(number, record, model, keys):
    """Exactly the fields an export writes, each value what the export writes for it."""
    here = where(number, record)
    fields = record["fields"]
    exported = {field.name: field for field in exported_fields(model)}
    for name in fields:
        if name in derived_field_names(model):
            raise ImportRefused(
                f"{here}: {name} is not exported: saving the record works it out again from its other fields."
            )
        if name not in exported:
            raise ImportRefused(f"{here}: {record['model']} has no field “{quoted(name)[1:-1]}”.")
    for name, field in exported.items():
        if name not in fields:
            raise ImportRefused(f"{here}: {name} is missing; an export writes every field.")
        value = fields[name]
        problem = unstorable(value)
        if problem:
            raise ImportRefused(f"{here}: {name} holds {problem}.")
        if field.is_relation:
            _check_link(here, field, value, keys)
        else:
            check_column(here, field, value)


def _check_link(here, field, value, keys):
    name, target = field.name, field.related_model
    if value is None:
        if field.null:
            return
        raise ImportRefused(f"{here}: {name} may not be null.")
    if target in KNOWLEDGE_BASE:
        if type(value) is not int:
            raise ImportRefused(
                f"{here}: {name} must be an integer, the pk of a {target._meta.label_lower} record, "
                f"not {quoted(value)}."
            )
        if value not in keys[target]:
            raise ImportRefused(f"{here}: {name} {value} is not in the file.")
        return
    if not isinstance(value, list) or not value or not all(isinstance(part, str) for part in value):
        raise ImportRefused(
            f"{here}: {name} must name its {target._meta.verbose_name} by natural key, not {quoted(value)}."
        )
    if target is get_user_model():
        _check_username(here, name, value)
        return
    try:
        target._default_manager.get_by_natural_key(*value)
    except (ObjectDoesNotExist, TypeError):
        raise ImportRefused(
            f"{here}: {name} {quoted(value)}: this database has no such {target._meta.verbose_name}."
        ) from None


def _check_username(here, name, value):
    users = get_user_model()
    try:
        (username,) = value
        users._meta.get_field(users.USERNAME_FIELD).clean(username, None)
    except (ValueError, ValidationError):
        raise ImportRefused(f"{here}: {name} {quoted(value)} is not a valid username.") from None


def _check_generic_links(number, record, model, keys):
    """A citation or tag link points at a record in the file, of a kind the site shows it on."""
    allowed = GENERIC_TARGETS.get(model)
    if allowed is None:
        return  # revision history may name rows since deleted: that is what lets an editor recover them
    for link in generic_foreign_keys(model):
        type_key, object_id = record["fields"][link.ct_field], record["fields"][link.fk_field]
        target = ContentType.objects.get_by_natural_key(*type_key).model_class()
        if target not in allowed:
            kinds = [str(kind._meta.verbose_name_plural) for kind in allowed]
            raise ImportRefused(
                f"{where(number, record)}: {link.ct_field} {quoted(type_key)}: a {model._meta.verbose_name} "
                f"may point only at {', '.join(kinds[:-1])} or {kinds[-1]}."
            )
        if object_id not in keys[target]:
            raise ImportRefused(
                f"{where(number, record)}: it belongs to {target._meta.label_lower} {object_id}, "
                "which is not in the file."
            )
