"""Tags across the four kinds of entry: public counts, and the editors' merges and clean-ups."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count

from kb import history, redirects
from kb.models import ENTRY_MODELS, Citation, Tag, TaggedEntry


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


def orphaned_tags():
    """Tags that no entry carries, draft or published."""
    return Tag.objects.filter(tagged_entries__isnull=True)


def merge_tags(target, others):
    """Fold ``others`` into ``target``: their entries, citations, history and addresses move to it.

    Returns the entries whose tags changed, so the caller can record them.
    """
    tag_type = ContentType.objects.get_for_model(Tag)
    affected = set()
    with transaction.atomic():
        for other in others:
            if other.pk == target.pk:
                continue
            for link in TaggedEntry.objects.filter(tag=other):
                affected.add((link.content_type_id, link.object_id))
                already = TaggedEntry.objects.filter(
                    tag=target, content_type_id=link.content_type_id, object_id=link.object_id
                )
                if already.exists():
                    link.delete()
                else:
                    link.tag = target
                    link.save(update_fields=["tag"])
            Citation.objects.filter(content_type=tag_type, object_id=other.pk).update(object_id=target.pk)
            if not target.description and other.description:
                target.description = other.description
                target.save()
            history.repoint_tag_links(other.pk, target.pk)
            redirects.record_move(redirects.addresses(other), redirects.addresses(target))
            other.delete()
    return [
        ContentType.objects.get_for_id(content_type_id).get_object_for_this_type(pk=object_id)
        for content_type_id, object_id in sorted(affected)
    ]
