"""Tags across the four kinds of entry: public counts, and the editors' merges and clean-ups."""

from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Exists, OuterRef

from kb import history, page_cache, redirects
from kb.models import ENTRY_MODELS, Citation, Tag, TaggedEntry


def tags_with_counts(among=None):
    """Tags used by published entries, most used first, each with ``entry_count``.

    ``among`` limits the answer to the tags with those primary keys.
    """
    if among is not None and not among:
        return []
    if among is None:
        counts = page_cache.kept_until_the_data_changes("tag-counts", _published_tag_counts)
    else:
        counts = _published_tag_counts(among)
    tags = list(Tag.objects.filter(pk__in=counts))
    for tag in tags:
        tag.entry_count = counts[tag.pk]
    return sorted(tags, key=lambda tag: (-tag.entry_count, tag.name.lower()))


def _published_tag_counts(among=None):
    return tag_counts({model: model.objects.published() for model in ENTRY_MODELS}, among)


def tag_counts(querysets, among=None):
    """How many of the entries in ``querysets`` (model → queryset) carry each tag, by tag pk."""
    counts = Counter()
    for model, queryset in querysets.items():
        tagged = TaggedEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=queryset.values("pk")
        )
        if among is not None:
            tagged = tagged.filter(tag__in=among)
        counts.update(dict(tagged.values_list("tag_id").annotate(uses=Count("id"))))
    return counts


def published_entries_tagged(tag):
    """The published entries carrying ``tag``, as a queryset for each kind (model → queryset)."""
    return {model: model.objects.published().filter(tags=tag) for model in ENTRY_MODELS}


def orphaned_tags():
    """Tags that no entry carries, draft or published."""
    return Tag.objects.filter(tagged_entries__isnull=True)


def merge_tags(target, others):
    """Fold ``others`` into ``target``: their entries, citations, history and addresses move to it.

    Returns the entries whose tags changed, so the caller can record them.
    """
    tag_type = ContentType.objects.get_for_model(Tag)
    affected = defaultdict(set)
    with transaction.atomic():
        for other in others:
            if other.pk == target.pk:
                continue
            links = TaggedEntry.objects.filter(tag=other)
            for content_type_id, object_id in links.values_list("content_type_id", "object_id"):
                affected[content_type_id].add(object_id)
            carries_target = TaggedEntry.objects.filter(
                tag=target, content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
            )
            links.filter(Exists(carries_target)).delete()
            links.update(tag=target)
            Citation.objects.filter(content_type=tag_type, object_id=other.pk).update(object_id=target.pk)
            if not target.description and other.description:
                target.description = other.description
                target.save()
            history.repoint_tag_links(other.pk, target.pk)
            redirects.record_move(redirects.addresses(other), redirects.addresses(target))
            other.delete()
    return [
        entry
        for content_type_id, object_ids in sorted(affected.items())
        for entry in ContentType.objects.get_for_id(content_type_id)
        .model_class()
        ._base_manager.filter(pk__in=object_ids)
    ]
