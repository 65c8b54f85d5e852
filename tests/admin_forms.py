"""Form data as the Django admin posts it, for tests that drive the admin without a browser."""

import re
from html.parser import HTMLParser

from kb.admin.forms import version_of
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
        "publication_status": "review",
    }
    data.update(fields)
    data.update(inline(PARTICIPATIONS, list(participations)))
    data.update(inline(CITATIONS, one_citation() if citations is None else list(citations)))
    return data


def as_opened(entry, data):
    """``data`` with the version of ``entry`` that an editor's freshly opened change page carries."""
    entry.refresh_from_db(fields=["updated_at"])
    return {**data, "loaded_version": version_of(entry.updated_at)}


def participants(*rows):
    """Inline rows for (actor slug, role) pairs, in order."""
    return [
        {"actor": str(Actor.objects.get(slug=slug).pk), "role": role, "note": "", "position": str(number)}
        for number, (slug, role) in enumerate(rows)
    ]


def two_participants():
    return participants(("belarus", "host"), ("russia", "party"))


def saved_citations(entry):
    return [
        {"id": str(c.pk), "source": str(c.source_id), "quote": c.quote, "locator": c.locator, "position": "0"}
        for c in entry.citations.all()
    ]


def citation(quote):
    """An inline row quoting the seed article."""
    return {"source": str(article().pk), "quote": quote, "locator": "", "position": "0"}


def one_citation():
    return [citation("Minsk hosted major summits")]


class _FormReader(HTMLParser):
    """Collects what a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Django starts a textarea with a newline that browsers drop.
            value = self.data[self._textarea]
            self.data[self._textarea] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def change_form_data(html):
    """The fields of the admin form in ``html`` with the values it shows, as a browser posts them."""
    start = re.search(r'<form[^>]* id="\w+_form"', html).start()
    reader = _FormReader()
    reader.feed(html[start:])
    reader.data.pop("csrfmiddlewaretoken", None)
    return reader.data


def resave(client, entry, **changes):
    """Post the entry's own change form back with ``changes``, as an editor would."""
    url = f"/admin/kb/{entry._meta.model_name}/{entry.pk}/change/"
    form = change_form_data(client.get(url).content.decode())
    form.update(changes)
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
