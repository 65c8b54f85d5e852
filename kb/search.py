"""Search across events, agreements, actors and venues: the one place it is built.

Every entry has a SearchDocument, rewritten whenever the entry or one of its
citations is saved. Readers' queries use web-search syntax: quoted phrases,
``-word`` to leave a word out and ``or`` between alternatives.

PostgreSQL ranks a stored tsvector weighted names (A), summary and date (B),
body (C) and cited quotes (D), through GIN indexes, and finds misspelt names
by trigram word similarity. SQLite searches an FTS5 mirror of the documents
with BM25 ranking; it matches word beginnings ("Lukashenk") but not other
misspellings. On both, when no entry has every word of a plain query, entries
with some of the words are shown and the reader is told so.
"""

import re
import unicodedata
from dataclasses import dataclass
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from kb.models import ENTRY_MODELS, Citation, SearchDocument, Tag

CONFIG = "english"
MAX_QUERY_LENGTH = 1_000
MAX_TERMS = 32
# Word similarity a misspelt name needs to match (PostgreSQL's default threshold).
NAME_SIMILARITY = 0.6
# Private-use characters mark highlights in excerpts; they are removed from
# indexed text, so only the search engine can put them there.
MARK_START, MARK_END = "\ue000", "\ue001"
EXCERPT_WORDS = 30


class InvalidQuery(ValueError):
    """A query that cannot be searched for; the message is written for the reader."""


@dataclass(frozen=True)
class Term:
    words: tuple
    excluded: bool = False
    or_before: bool = False

    @property
    def is_phrase(self):
        return len(self.words) > 1


@dataclass(frozen=True)
class Query:
    terms: tuple

    @property
    def included(self):
        return [term for term in self.terms if not term.excluded]

    @property
    def is_plain(self):
        """Only words and phrases, all required: no exclusions and no alternatives."""
        return not any(term.excluded or term.or_before for term in self.terms)

    @property
    def words(self):
        return [word for term in self.included for word in term.words]

    @property
    def is_loose(self):
        """Plain single words only, which may be loosened to any one of them."""
        return self.is_plain and len(self.terms) > 1 and not any(term.is_phrase for term in self.terms)

    def any_word(self):
        """The same words, any one of them enough: the fallback when nothing has them all."""
        return Query(tuple(Term((word,), or_before=index > 0) for index, word in enumerate(self.words)))

    def as_websearch(self):
        parts = []
        for term in self.terms:
            text = " ".join(term.words)
            text = f'"{text}"' if term.is_phrase else text
            parts.append(("or " if term.or_before else "") + ("-" if term.excluded else "") + text)
        return " ".join(parts)

    def as_fts5(self):
        expression = ""
        for term in self.included:
            joiner = " OR " if term.or_before else " AND "
            expression += (joiner if expression else "") + _fts5_term(term)
        for term in self.terms:
            if term.excluded:
                expression += " NOT " + _fts5_term(term)
        return expression


def _fts5_term(term):
    quoted = '"' + " ".join(term.words) + '"'
    # Word beginnings match too, so a name typed short still finds the entry.
    if not term.is_phrase and not term.excluded and len(term.words[0]) >= 4:
        quoted += "*"
    return quoted


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


def parse(raw):
    """Read a reader's query into a Query, or raise InvalidQuery saying what is wrong."""
    if len(raw) > MAX_QUERY_LENGTH:
        raise InvalidQuery(
            f"That search is {len(raw):,} characters long. Searches can be at most "
            f"{MAX_QUERY_LENGTH:,} characters; try a few distinctive words."
        )
    if not _is_text(raw):
        raise InvalidQuery(
            "That search contains characters that are not text, such as control characters "
            "or binary data. Type the words you are looking for."
        )
    terms = []
    or_next = False
    for match in _TOKEN.finditer(strip_accents(raw)):
        excluded, phrase, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            or_next = bool(terms)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            excluded, bare = "-", bare[1:]
        words = tuple(word.lower() for word in _WORD.findall(phrase if bare is None else bare))
        if words:
            terms.append(Term(words, excluded=bool(excluded), or_before=or_next))
            or_next = False
    query = Query(tuple(terms))
    if not query.included:
        if terms:
            raise InvalidQuery("Say what to look for as well as what to leave out: “-word” only excludes.")
        raise InvalidQuery("Type at least one word, name or year. Punctuation alone cannot be searched for.")
    if len(query.words) + len(terms) - len(query.included) > MAX_TERMS:
        raise InvalidQuery(f"That search has too many words. Use at most {MAX_TERMS}.")
    return query


def _is_text(value):
    return not any(
        (unicodedata.category(character) in ("Cc", "Cs", "Co") and character not in "\t\n\r")
        or character == "\ufffd"
        for character in value
    )


def strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# ------------------------------------------------------------------ indexing


def index_entry(entry):
    """Write the search document for one entry, replacing any earlier one."""
    content_type = ContentType.objects.get_for_model(entry)
    quotes = Citation.objects.filter(content_type=content_type, object_id=entry.pk).values_list(
        "quote", flat=True
    )
    SearchDocument.objects.update_or_create(
        content_type=content_type, object_id=entry.pk, defaults=_document_fields(entry, list(quotes))
    )


def remove_entry(entry):
    SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk
    ).delete()


def rebuild(batch_size=1_000):
    """Rewrite every search document; for loads that bypass save(), such as fixtures."""
    SearchDocument.objects.all().delete()
    for model in ENTRY_MODELS:
        content_type = ContentType.objects.get_for_model(model)
        quotes = {}
        for object_id, quote in Citation.objects.filter(content_type=content_type).values_list(
            "object_id", "quote"
        ):
            quotes.setdefault(object_id, []).append(quote)
        documents = (
            SearchDocument(
                content_type=content_type,
                object_id=entry.pk,
                **_document_fields(entry, quotes.get(entry.pk, [])),
            )
            for entry in model.objects.iterator(chunk_size=batch_size)
        )
        SearchDocument.objects.bulk_create(documents, batch_size=batch_size)


def _document_fields(entry, quotes):
    names = strip_accents("\n".join([entry.name, *entry.alternative_name_list]))
    described = _clean(
        "\n".join(
            part
            for part in (
                getattr(entry, "description", ""),
                _plain(getattr(entry, "summary_html", "")),
                getattr(entry, "outcome", ""),
            )
            if part
        )
    )
    body = _clean(_plain(entry.body_html))
    quoted = _clean("\n".join(quotes))
    fields = {
        "is_public": entry.is_published,
        "names": names,
        "text": "\n".join(part for part in (described, body, quoted) if part),
    }
    # The date is searchable ("2015", "February 2015") but left out of excerpts.
    described = f"{described}\n{getattr(entry, 'date_display', '')}"
    if connection.vendor == "postgresql":
        weighted = zip((names, described, body, quoted), "ABCD", strict=True)
        vectors = [
            SearchVector(Value(strip_accents(text)), weight=weight, config=CONFIG)
            for text, weight in weighted
        ]
        fields["vector"] = vectors[0] + vectors[1] + vectors[2] + vectors[3]
    return fields


def _plain(html):
    return unescape(strip_tags(html))


def _clean(text):
    return re.sub(r"[ \t]+", " ", text.replace(MARK_START, "").replace(MARK_END, "")).strip()


# ------------------------------------------------------------------ searching


@dataclass
class Results:
    """Matching public documents, best first.

    ``query`` is the query they matched, which is the any-word fallback when
    ``some_words_only`` is set.
    """

    ranked: object
    matching: object
    query: Query
    some_words_only: bool = False

    def count(self):
        return self.matching.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        return self.ranked[index]

    def counts_by_model(self):
        rows = self.matching.order_by().values_list("content_type").annotate(n=Count("id"))
        return {ContentType.objects.get_for_id(type_id).model_class(): n for type_id, n in rows}


def search(query, scopes):
    """Search the public entries allowed by ``scopes``: {model: queryset of candidates, or None for all}."""
    documents = SearchDocument.objects.filter(is_public=True).filter(_scope_filter(scopes))
    engine = _engine()
    results = engine.search(documents, query)
    if query.is_loose and not results.matching.exists():
        results = engine.search(documents, query.any_word())
        results.some_words_only = True
    return results


def matching_entries(model, query):
    """Published entries of ``model`` that match ``query``, as a queryset to narrow further."""
    documents = SearchDocument.objects.filter(
        is_public=True, content_type=ContentType.objects.get_for_model(model)
    )
    matched = _engine().search(documents, query).matching
    return model.objects.published().filter(pk__in=matched.values("object_id"))


def _scope_filter(scopes):
    condition = Q(pk__in=[])
    for model, candidates in scopes.items():
        scope = Q(content_type=ContentType.objects.get_for_model(model))
        if candidates is not None:
            scope &= Q(object_id__in=candidates.values("pk"))
        condition |= scope
    return condition


@dataclass
class Hit:
    entry: object
    excerpt: str


def hits(documents, query):
    """The entries behind a page of ranked documents, in order, each with a highlighted excerpt."""
    documents = list(documents)
    wanted = {}
    for document in documents:
        wanted.setdefault(document.content_type_id, []).append(document.object_id)
    entries = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for entry in model.objects.published().for_cards().filter(pk__in=ids):
            entries[type_id, entry.pk] = entry
    excerpts = _engine().excerpts([document.pk for document in documents], query)
    return [
        Hit(entries[key], render_excerpt(excerpts.get(document.pk, "")))
        for document in documents
        if (key := (document.content_type_id, document.object_id)) in entries
    ]


def render_excerpt(raw):
    """Escape an excerpt, then turn the engine's markers into <mark> elements."""
    escaped = str(escape(raw))
    if escaped.count(MARK_START) != escaped.count(MARK_END):
        escaped = escaped.replace(MARK_START, "").replace(MARK_END, "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def matching_tag_ids(query):
    """Tags whose names hold every word of the query, accents and case aside."""
    words = query.words
    return [
        pk
        for pk, name in Tag.objects.values_list("pk", "name")
        if all(word in strip_accents(name).lower() for word in words)
    ]


def _engine():
    return PostgresEngine if connection.vendor == "postgresql" else SqliteEngine


def _names_exactly(query):
    """1 where the query is one of the entry's names, word for word; it then ranks first."""
    if not query.is_plain:
        return Value(0, output_field=IntegerField())
    between_words = r"[^\w\n]+"
    pattern = (
        r"(^|\n)[^\w\n]*" + between_words.join(re.escape(word) for word in query.words) + r"[^\w\n]*(\n|$)"
    )
    return Case(When(names__iregex=pattern, then=1), default=0, output_field=IntegerField())


class PostgresEngine:
    @staticmethod
    def _tsquery(query):
        return SearchQuery(query.as_websearch(), search_type="websearch", config=CONFIG)

    @classmethod
    def search(cls, documents, query):
        tsquery = cls._tsquery(query)
        matches = Q(vector=tsquery)
        similarity = closeness = Value(0.0, output_field=FloatField())
        if query.is_plain:
            words = " ".join(query.words)
            matches |= Q(names__trigram_word_similar=words)
            similarity = TrigramWordSimilarity(words, "names")
            closeness = TrigramSimilarity("names", words)
        matching = documents.filter(matches)
        ranked = matching.annotate(
            rank=SearchRank(F("vector"), tsquery),
            name_rank=SearchRank(F("vector"), tsquery, weights=[0, 0, 0, 1]),
            similarity=similarity,
            closeness=closeness,
            exact=_names_exactly(query),
        ).annotate(
            name_match=Case(
                When(Q(name_rank__gt=0) | Q(similarity__gte=NAME_SIMILARITY), then=1),
                default=0,
                output_field=IntegerField(),
            )
        )
        # Among name matches, names closest to the whole query come first.
        order = ("-exact", "-name_match", "-closeness", "-rank", "-similarity", "pk")
        return Results(ranked.order_by(*order), matching, query)

    @classmethod
    def excerpts(cls, document_ids, query):
        rows = SearchDocument.objects.filter(pk__in=document_ids).annotate(
            excerpt=SearchHeadline(
                "text",
                cls._tsquery(query),
                config=CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=EXCERPT_WORDS,
                min_words=EXCERPT_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        return dict(rows.values_list("pk", "excerpt"))


class SqliteEngine:
    MATCHING = "SELECT rowid FROM kb_search_fts WHERE kb_search_fts MATCH %s"
    # BM25 with names weighted ten times the text; SQLite's bm25() is lower for better matches.
    RANK = (
        "(SELECT -bm25(kb_search_fts, 10.0, 1.0) FROM kb_search_fts "
        "WHERE kb_search_fts MATCH %s AND rowid = kb_searchdocument.id)"
    )

    @classmethod
    def search(cls, documents, query):
        expression = query.as_fts5()
        matching = documents.filter(pk__in=RawSQL(cls.MATCHING, [expression]))
        ranked = matching.annotate(
            rank=RawSQL(cls.RANK, [expression], output_field=FloatField()),
            exact=_names_exactly(query),
            name_match=Case(
                When(pk__in=RawSQL(cls.MATCHING, [f"names : ({expression})"]), then=1),
                default=0,
                output_field=IntegerField(),
            ),
        )
        return Results(ranked.order_by("-exact", "-name_match", "-rank", "pk"), matching, query)

    @staticmethod
    def excerpts(document_ids, query):
        if not document_ids:
            return {}
        placeholders = ", ".join(["%s"] * len(document_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, snippet(kb_search_fts, 1, %s, %s, ' … ', %s) FROM kb_search_fts "
                f"WHERE kb_search_fts MATCH %s AND rowid IN ({placeholders})",
                [MARK_START, MARK_END, EXCERPT_WORDS, query.as_fts5(), *document_ids],
            )
            found = dict(cursor.fetchall())
        return found
