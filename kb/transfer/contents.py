"""What an export holds: the models in load order, and the fields it writes for each."""

from functools import cache

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.redirects.models import Redirect
from reversion.models import Revision, Version

from kb.models import (
    ENTRY_MODELS,
    Actor,
    Agreement,
    Citation,
    DerivedFields,
    Event,
    Participation,
    Period,
    Source,
    Tag,
    TaggedEntry,
    Venue,
)

FORMAT = "minsk-talks-kb"
FORMAT_VERSION = 1

# Load order: the rows a record points at come in an earlier model. Links
# within one table (an event's parent, a venue's country) may point forwards;
# the database checks those when the transaction ends.
KNOWLEDGE_BASE = (
    Period,
    Actor,
    Venue,
    Source,
    Event,
    Agreement,
    Participation,
    Tag,
    TaggedEntry,
    Citation,
    Redirect,
    Revision,
    Version,
)
MODELS_BY_LABEL = {model._meta.label_lower: model for model in KNOWLEDGE_BASE}

# What a generic link may point at: the kinds of row the pages that follow it
# expect (kb.citations for a source's citations, tag pages for tag links).
# Revision history is not limited: it may name any row it has versions of.
GENERIC_TARGETS = {
    Citation: (*ENTRY_MODELS, Tag, Period),
    TaggedEntry: ENTRY_MODELS,
}


def describe_counts(counts):
    """'2 periods, 1 source, …' for a mapping of model label to number of records."""
    described = []
    for label, count in counts.items():
        options = MODELS_BY_LABEL[label]._meta
        described.append(f"{count} {options.verbose_name if count == 1 else options.verbose_name_plural}")
    return ", ".join(described)


@cache
def derived_field_names(model):
    """The fields a save works out from the others (kb.signals): rendered HTML, date bounds."""
    if issubclass(model, DerivedFields):
        return frozenset(model().derived_field_names())
    return frozenset()


@cache
def exported_fields(model):
    """The fields an export writes for a model: its own columns, bar the pk and derived data."""
    return tuple(
        field
        for field in model._meta.local_fields
        if field.serialize and field.name not in derived_field_names(model)
    )


@cache
def foreign_keys(model):
    return tuple(field for field in model._meta.concrete_fields if field.many_to_one)


@cache
def generic_foreign_keys(model):
    return tuple(field for field in model._meta.private_fields if isinstance(field, GenericForeignKey))
