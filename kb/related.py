"""Entries that share tags with a given entry, across all four kinds."""

from dataclasses import dataclass

from django.db.models import Count

from kb.models import ENTRY_MODELS


@dataclass
class RelatedEntry:
    entry: object
    shared_tags: list

    @property
    def shared_count(self):
        return len(self.shared_tags)


def related_through_tags(entry, limit=8):
    """Published entries ranked by how many of ``entry``'s tags they share.

    One query per kind plus one tag prefetch per kind, however many entries exist.
    """
    tags = list(entry.tags.all())
    if not tags:
        return []
    tag_ids = {tag.pk for tag in tags}
    candidates = []
    for model in ENTRY_MODELS:
        queryset = model.objects.published().for_cards().filter(tags__in=tag_ids)
        if isinstance(entry, model):
            queryset = queryset.exclude(pk=entry.pk)
        queryset = (
            queryset.annotate(shared_count=Count("tags"))
            .order_by("-shared_count", "name")
            .prefetch_related("tags")[:limit]
        )
        candidates.extend(queryset)
    candidates.sort(key=lambda candidate: (-candidate.shared_count, candidate.name))
    return [
        RelatedEntry(
            entry=candidate,
            shared_tags=[tag for tag in candidate.tags.all() if tag.pk in tag_ids],
        )
        for candidate in candidates[:limit]
    ]
