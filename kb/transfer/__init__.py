"""The whole knowledge base as one file: exported from one database, imported into another, row for row.

``export`` writes every row of the knowledge base (periods, actors, venues,
sources, events, agreements, participations, tags and their links, citations,
slug redirects, and the revision history) as one JSON document.
``import_export`` loads such a document into a database whose knowledge base
is empty, all or nothing. ``manage.py export_kb`` and ``import_kb`` call them.

The document is an envelope around records in Django's own serialisation,
one record a line, models in load order and rows in primary-key order, so
that two exports of the same data differ only in their ``generated_at`` line::

    {
    "format": "minsk-talks-kb",
    "version": 1,
    "generated_at": "2026-11-28T10:00:00.123456+00:00",
    "django": "5.2.19",
    "counts": {"kb.period": 2, "kb.actor": 20, ...},
    "content_type_ids": {"admin.logentry": 1, ...},
    "records": [
    {"model": "kb.period", "pk": 1, "fields": {...}},
    ...
    ]
    }

Records keep their primary keys, because citations, tag links and revision
history refer to rows by pk. The rows they point at outside the knowledge base
(content types, a redirect's site, a revision's author) are named by natural
key, so they match whatever ids the target database gave them. Revision
history's own serialised data names content types by id; ``content_type_ids``
is the exporting database's table of them, by which an import translates.

Derived data is not exported: markdown's HTML (``body_html`` and the like)
and the date bounds (``date_start``, ``date_end``) are worked out again as
each row is saved (``kb.signals``), so a file cannot plant HTML; the search
index is rebuilt once every row is in. Revision history keeps each version's
data as it was saved, derived fields included.

An import checks every record before it writes one, then writes them all in
one transaction, so a file that is wrong anywhere changes nothing, and
``ImportRefused`` names the record (its number in the file, model and pk)
and the field. Each record must carry exactly the fields an export writes,
each value of the JSON type Django's serialiser gives that field (no
number where a string belongs, no true where an integer does, no null where
the column has none) and no text a database cannot store (NUL characters,
unpaired surrogates). Values must then pass each model's own field rules
(length, choices, validators) and the database's constraints, every reference
must lead to a record in the file, and citations and tag links may point only
at the kinds of row the site shows them on. The editorial rules of
``Model.clean()`` that compare records (a quote against its source's text, an
agreement's date against its event's) are not re-applied: an import copies a
database that met them when its rows were saved, and must not refuse a
faithful copy.

An import ends by moving the data version (``kb.models.DataVersion``) on, so
that no reader's cached page outlives the knowledge base it showed.

Accounts are not exported. A revision names its author by username; an
import links it to the account of that name, or creates one that cannot log
in (inactive, no usable password), so history keeps who made each change.
"""

from .contents import FORMAT, FORMAT_VERSION, KNOWLEDGE_BASE, MODELS_BY_LABEL, describe_counts
from .exporting import export
from .importing import ImportResult, import_export
from .refusals import ImportRefused

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "KNOWLEDGE_BASE",
    "MODELS_BY_LABEL",
    "ImportRefused",
    "ImportResult",
    "describe_counts",
    "export",
    "import_export",
]
