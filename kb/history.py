"""Revision history read back for editors: what a version held, and how two versions differ.

django-reversion records the versions (the registrations are in ``kb.models``).
Each version of an entry sits in a revision beside the versions of its tag
links, participations and citations, so this module can show those too, and
keeps old tag links restorable when tags are merged or deleted.
"""

import difflib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from reversion.models import Version

from kb.models import Citation, Entry, Participation, PublicationStatus, Tag, TaggedEntry

PUBLICATION_FIELDS = ("publication_status", "published_at")

_WORDS_AND_SPACES = re.compile(r"\s+|\S+")
# Past this many words a side, a changed text is shown whole on both sides;
# matching word by word would take seconds.
DIFF_WORD_LIMIT = 20_000


@dataclass
class Snapshot:
    """An entry as one version recorded it, each part described in words."""

    fields: dict
    relations: dict


@dataclass
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def diff(self):
        return word_diff(self.old, self.new)


@dataclass
class RelationChange:
    label: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


@dataclass
class Comparison:
    fields: list
    relations: list

    @property
    def is_empty(self):
        return not self.fields and not self.relations


def compared_fields(model):
    """The fields an editor sets; derived and bookkeeping fields are left out."""
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def snapshot(version):
    model = version._model
    values = version.field_dict
    fields = {capfirst(f.verbose_name): _describe(f, values.get(f.attname)) for f in compared_fields(model)}
    relations = {label: set() for label, _ in RELATIONS}
    content_type = ContentType.objects.get_for_model(model)
    labels = {ContentType.objects.get_for_model(related).pk: (label, related) for label, related in RELATIONS}
    for related in version.revision.version_set.filter(content_type__in=list(labels)):
        label, related_model = labels[related.content_type_id]
        related_values = related.field_dict
        if _points_at(related_model, related_values, model, content_type, version.object_id):
            relations[label].add(_describe_related(related_model, related_values, model))
    return Snapshot(fields=fields, relations=relations)


def compare(old_version, new_version):
    old, new = snapshot(old_version), snapshot(new_version)
    fields = [
        FieldChange(label, old.fields.get(label, ""), value)
        for label, value in new.fields.items()
        if old.fields.get(label, "") != value
    ]
    relations = []
    for label, _ in RELATIONS:
        change = RelationChange(
            label,
            added=sorted(new.relations[label] - old.relations[label]),
            removed=sorted(old.relations[label] - new.relations[label]),
        )
        if change.added or change.removed:
            relations.append(change)
    return Comparison(fields=fields, relations=relations)


def word_diff(old, new):
    """HTML marking the words removed from ``old`` and added in ``new``; everything escaped."""
    before, after = _WORDS_AND_SPACES.findall(old), _WORDS_AND_SPACES.findall(new)
    if len(before) > DIFF_WORD_LIMIT or len(after) > DIFF_WORD_LIMIT:
        return mark_safe(f"<del>{escape(old)}</del><ins>{escape(new)}</ins>")
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(before[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(after[j1:j2]))}</ins>")
    return mark_safe("".join(parts))


def missing_references(revision):
    """What a revision's versions point at that no longer exists, described for the editor.

    Restoring such a version would break a foreign key, so the admin refuses
    it with this list instead.
    """
    versions = list(revision.version_set.select_related("content_type"))
    restored = {(version.content_type.model_class(), str(version.object_id)) for version in versions}
    wanted = defaultdict(dict)  # target model -> {pk as text: the versions using it}
    for version in versions:
        model = version.content_type.model_class()
        if model is None:
            continue
        values = _stored_values(version)
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.ForeignKey) or values.get(model_field.name) is None:
                continue
            target = (model_field.related_model, str(values[model_field.name]))
            if target not in restored:
                wanted[target[0]].setdefault(target[1], set()).add(version.object_repr)
    missing = []
    for target_model, users in wanted.items():
        existing = {
            str(pk) for pk in target_model._base_manager.filter(pk__in=users).values_list("pk", flat=True)
        }
        for pk in users.keys() - existing:
            name = target_model._meta.verbose_name
            missing.extend(f"{name} #{pk}, used by {user}" for user in users[pk])
    return sorted(missing)


def publication_states(revision):
    """For each entry in ``revision``: the publication it must keep when the revision is written back.

    An entry that exists keeps its own; one that would come back from deletion is a draft.
    """
    ids = defaultdict(set)
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        if model is not None and issubclass(model, Entry):
            ids[model].add(str(version.object_id))
    states = {}
    for model, object_ids in ids.items():
        current = {
            str(row.pop("pk")): row
            for row in model._base_manager.filter(pk__in=object_ids).values("pk", *PUBLICATION_FIELDS)
        }
        for object_id in object_ids:
            states[(model, object_id)] = current.get(
                object_id, {"publication_status": PublicationStatus.DRAFT}
            )
    return states


def _stored_values(version):
    """A version's fields as stored, without building the object (which may no longer load)."""
    try:
        return json.loads(version.serialized_data)[0]["fields"]
    except (ValueError, LookupError, TypeError):
        return {}


RELATIONS = [("Tags", TaggedEntry), ("Participants", Participation), ("Citations", Citation)]


def _points_at(related_model, values, model, content_type, object_id):
    if related_model in (TaggedEntry, Citation):
        return values.get("content_type_id") == content_type.pk and str(values.get("object_id")) == str(
            object_id
        )
    return any(
        str(values.get(f.attname)) == str(object_id)
        for f in related_model._meta.concrete_fields
        if f.is_relation and f.related_model is model
    )


def _describe_related(related_model, values, entry_model):
    if related_model is TaggedEntry:
        tag = Tag.objects.filter(pk=values.get("tag_id")).first()
        return tag.name if tag else f"(deleted tag #{values.get('tag_id')})"
    if related_model is Citation:
        source = _describe(Citation._meta.get_field("source"), values.get("source_id"))
        locator = f" ({values['locator']})" if values.get("locator") else ""
        return f"{source}: “{values.get('quote', '')}”{locator}"
    parts = [
        _describe(f, values.get(f.attname))
        for f in Participation._meta.concrete_fields
        if f.is_relation and f.related_model is not entry_model and values.get(f.attname) is not None
    ]
    parts.append(_describe(Participation._meta.get_field("role"), values.get("role")))
    if values.get("note"):
        parts.append(values["note"])
    return " — ".join(parts)


def _describe(model_field, value):
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        target = model_field.related_model._base_manager.filter(pk=value).first()
        return str(target) if target else f"(deleted {model_field.related_model._meta.verbose_name} #{value})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def repoint_tag_links(old_tag_id, new_tag_id):
    """After a merge, old versions name the surviving tag, so restoring one brings that tag back.

    A version that already carried both tags keeps one link, not two.
    """
    kept = {
        (version.revision_id, data[0]["fields"]["content_type"], data[0]["fields"]["object_id"])
        for version, data in _tag_link_versions(new_tag_id)
    }
    for version, data in _tag_link_versions(old_tag_id):
        fields = data[0]["fields"]
        if (version.revision_id, fields["content_type"], fields["object_id"]) in kept:
            Version.objects.filter(pk=version.pk).delete()
            continue
        fields["tag"] = new_tag_id
        Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))


def forget_tag_links(tag_id):
    """After a tag is deleted, old versions drop it, so restoring one cannot fail on it."""
    Version.objects.filter(pk__in=[version.pk for version, _ in _tag_link_versions(tag_id)]).delete()


def _tag_link_versions(tag_id):
    candidates = Version.objects.get_for_model(TaggedEntry).filter(
        serialized_data__contains=f'"tag": {tag_id}'
    )
    for version in candidates.only("pk", "revision_id", "serialized_data"):
        try:
            data = json.loads(version.serialized_data)
            if data[0]["fields"]["tag"] == tag_id:
                yield version, data
        except (ValueError, LookupError, TypeError):
            continue
