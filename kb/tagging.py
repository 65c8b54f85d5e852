"""Tags across the four kinds of entry, counting only what the public can see."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from kb.models import ENTRY_MODELS, Tag, TaggedEntry


def tags_with_counts(among=None):
    """Tags used by published entries, most used first, each with ``entry_count``.

    ``among`` limits the answer to the tags with those primary keys.
    """
    if among is not None and not among:
        return []
    counts = Counter()
    for model in ENTRY_MODELS:
        tagged = TaggedEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=model.objects.published().values("pk"),
        )
        if among is not None:
            tagged = tagged.filter(tag__in=among)
        rows = tagged.values_list("tag_id").annotate(uses=Count("id"))
        counts.update(dict(rows))
    tags = list(Tag.objects.filter(pk__in=counts))
    for tag in tags:
        tag.entry_count = counts[tag.pk]
    return sorted(tags, key=lambda tag: (-tag.entry_count, tag.name.lower()))


def published_entries_tagged(tag):
    entries = []
    for model in ENTRY_MODELS:
        entries.extend(model.objects.published().filter(tags=tag).for_cards())
    return entries
