"""Loading many rows at once (kb.bulk), as generate_kb and the search index rebuild do."""

import pytest
from django.contrib.contenttypes.models import ContentType

from kb import bulk
from kb.models import Citation, Event, Tag, TaggedEntry
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def test_rows_read_lazily_from_a_query_are_inserted_with_defaults():
    event_type = ContentType.objects.get_for_model(Event)
    tag = Tag.objects.create(name="bulk loading", slug="bulk-loading")
    count = bulk.BATCH + 100
    bulk.insert_rows(
        TaggedEntry,
        (TaggedEntry(tag=tag, content_type=event_type, object_id=number) for number in range(1, count + 1)),
    )
    source = make_source()
    # More rows than a batch, fetched 100 at a time between the writes of earlier ones.
    tagged = tag.tagged_entries.values_list("object_id", flat=True).iterator(chunk_size=100)
    bulk.insert_rows(
        Citation,
        (
            Citation(source=source, content_type=event_type, object_id=pk, quote=f"Quote {pk}.")
            for pk in tagged
        ),
    )
    assert sorted(tag.tagged_entries.values_list("object_id", flat=True)) == list(range(1, count + 1))
    citations = Citation.objects.filter(source=source)
    assert citations.count() == count
    assert set(citations.values_list("position", "locator")) == {(0, "")}
    assert citations.get(object_id=7).quote == "Quote 7."
