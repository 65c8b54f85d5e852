"""Revision history in an export: each version checked as the site will read it, and the content type ids
in its data translated from the exporting database's to this one's."""

import json

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connections

from .contents import foreign_keys
from .refusals import ImportRefused, quoted
from .values import unstorable


def content_type_translation(exported_ids):
    """Content type ids of the exporting database that differ here, mapped to this database's (None: none)."""
    translation = {}
    for label, exported_id in exported_ids.items():
        try:
            local_id = ContentType.objects.get_by_natural_key(*label.split(".", 1)).pk
        except (ContentType.DoesNotExist, TypeError):
            local_id = None
        if local_id != exported_id:
            translation[exported_id] = local_id
    return translation


def checked_version(where, record, translation):
    """The version record, its serialised data readable and pointing at this database's content types."""
    fields = record["fields"]
    if fields["format"] != "json":
        raise ImportRefused(
            f"{where}: format {quoted(fields['format'])}: the site reads versions only as json."
        )
    if fields["db"] not in connections:
        raise ImportRefused(f"{where}: db {quoted(fields['db'])} is not a database this site knows.")
    data = _serialized_data(where, fields["serialized_data"])
    if translation and _translate(where, data, translation):
        return {**record, "fields": {**fields, "serialized_data": json.dumps(data, ensure_ascii=False)}}
    return record


def _serialized_data(where, text):
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if not (isinstance(data, list) and data and all(_is_serialized_record(item) for item in data)):
        raise ImportRefused(
            f"{where}: serialized_data is not the JSON list of records django-reversion writes."
        )
    problem = unstorable(data)
    if problem:
        raise ImportRefused(f"{where}: serialized_data holds {problem}.")
    return data


def _is_serialized_record(item):
    return (
        isinstance(item, dict) and isinstance(item.get("model"), str) and isinstance(item.get("fields"), dict)
    )


def _translate(where, data, translation):
    """Point the content type ids in ``data`` at this database's; whether any changed."""
    changed = False
    for item in data:
        try:
            versioned = apps.get_model(item["model"])
        except (LookupError, ValueError):
            raise ImportRefused(
                f"{where}: its serialized_data names {quoted(item['model'])}, a model this site does not "
                "have, so its content type ids cannot be translated."
            ) from None
        for field in foreign_keys(versioned):
            value = item["fields"].get(field.name)
            if field.related_model is not ContentType or type(value) is not int or value not in translation:
                continue
            if translation[value] is None:
                raise ImportRefused(
                    f"{where}: its data names content type {value}, which this database does not have."
                )
            item["fields"][field.name] = translation[value]
            changed = True
    return changed
