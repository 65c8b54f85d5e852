"""Form data as the Django admin posts it, for tests that drive the admin without a browser."""

from kb.models import Actor, Source, Venue

PARTICIPATIONS = "participations"
CITATIONS = "kb-citation-content_type-object_id"


def inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def article():
    return Source.objects.get(slug="belarus-offers-to-host-peace-talks")


def event_form(participations=(), citations=None, **fields):
    data = {
        "name": "Test summit in Minsk",
        "slug": "test-summit-in-minsk",
        "kind": "summit",
        "status": "held",
        "alternative_names": "",
        "date": "2016-05",
        "date_label": "",
        "venue": str(Venue.objects.get(slug="minsk").pk),
        "parent": "",
        "period": "",
        "summary": "A *test* summit.",
        "body": "",
        "outcome": "",
        "tags": "neutral venue, test tag",
        "publication_status": "published",
    }
    data.update(fields)
    data.update(inline(PARTICIPATIONS, list(participations)))
    data.update(inline(CITATIONS, one_citation() if citations is None else list(citations)))
    return data


def two_participants():
    return [
        {"actor": str(Actor.objects.get(slug="belarus").pk), "role": "host", "note": "", "position": "0"},
        {"actor": str(Actor.objects.get(slug="russia").pk), "role": "party", "note": "", "position": "1"},
    ]


def saved_citations(entry):
    return [
        {"id": str(c.pk), "source": str(c.source_id), "quote": c.quote, "locator": c.locator, "position": "0"}
        for c in entry.citations.all()
    ]


def one_citation():
    return [
        {"source": str(article().pk), "quote": "Minsk hosted major summits", "locator": "", "position": "0"}
    ]
