"""Search across events, agreements, actors and venues: the one place it is built.

Every entry has a SearchDocument, rewritten whenever the entry or one of its
citations is saved. Readers' queries use web-search syntax: quoted phrases,
``-word`` to leave a word out and ``or`` between alternatives. Both engines get
the same query tree, so they agree on what matches.

PostgreSQL ranks a stored tsvector weighted names (A), summary (B), body (C)
and quotes (D) through a GIN index, with a text-search configuration that
ignores accents. When no entry has every word, it replaces each word no
published entry has by the most similar one that some entry has (trigrams over
``SearchWord``), and failing that finds misspelt names by trigram word
similarity. SQLite searches an FTS5 mirror of the documents with BM25 ranking;
it matches word beginnings ("Lukashenk") but not other misspellings. On both,
when no entry has every word of a plain query, entries with some of the words
are shown and the reader is told so.

Ranking or even counting every match of a very common word costs time in
proportion to the matches, so only the first ``TIER_LIMIT`` exact-name, name
and text matches are ranked; the page then says that more match.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    Lookup,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kb import bulk, markdown
from kb.models import ENTRY_MODELS, Citation, SearchDocument, SearchName, SearchWord, Tag

# English stemming, accents ignored: created by migration 0003 (PostgreSQL only).
CONFIG = "kb_english"
MAX_QUERY_LENGTH = 1_000
MAX_TERMS = 32
TIER_LIMIT = 500
# Word similarity a misspelt name needs to match (PostgreSQL's default threshold).
NAME_SIMILARITY = 0.6
# Private-use characters mark highlights in excerpts; they are removed from
# indexed text, so only the search engine can put them there.
MARK_START, MARK_END = "\ue000", "\ue001"
EXCERPT_WORDS = 30
# Shorter words have too few trigrams to be corrected reliably.
CORRECTABLE_LENGTH = range(4, SearchWord._meta.get_field("word").max_length + 1)


# PostgreSQL's English stop words (tsearch_data/english.stop). Its configuration
# drops them from vectors and queries; parse() drops them from single-word terms
# too, so that SQLite, which indexes them, answers the same.
STOP_WORDS = frozenset(
    re.findall(
        r"\S+",
        """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
    hers herself it its itself they them their theirs themselves what which who whom this that these
    those am is are was were be been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such no nor not only own same so than too very s
    t can will just don should now
    """,
    )
)


class InvalidQuery(ValueError):
    """A query that cannot be searched for; the message is written for the reader."""


@dataclass(frozen=True)
class Term:
    words: tuple
    excluded: bool = False

    @property
    def is_phrase(self):
        return len(self.words) > 1


@dataclass(frozen=True)
class Query:
    """Alternatives (``or``), each a list of terms that must all hold."""

    groups: tuple
    # The reader's words, kept when the query is loosened to any one of them.
    loosened_from: str = ""
    # The query as typed, or as corrected.
    typed: str = ""

    @property
    def terms(self):
        return [term for group in self.groups for term in group]

    @property
    def words(self):
        """The words looked for, leaving out excluded ones."""
        return [word for term in self.terms if not term.excluded for word in term.words]

    @property
    def is_plain(self):
        """Only words and phrases, all required: no exclusions and no alternatives."""
        return len(self.groups) == 1 and not any(term.excluded for term in self.terms)

    @property
    def is_loose(self):
        """Several plain single words, which may be loosened to any one of them."""
        return self.is_plain and len(self.terms) > 1 and not any(term.is_phrase for term in self.terms)

    @property
    def fuzzy_words(self):
        """The words to match names by similarity; phrases, years and numbers must match exactly."""
        if self.loosened_from:
            return self.loosened_from
        if (
            not self.is_plain
            or any(term.is_phrase for term in self.terms)
            or all(w.isdigit() for w in self.words)
        ):
            return ""
        return " ".join(self.words)

    def any_word(self):
        return Query(tuple((term,) for term in self.terms), loosened_from=self.fuzzy_words, typed=self.typed)

    def with_words_replaced(self, replacements):
        """The query with words looked for replaced as ``replacements`` maps them; left-out words stay."""
        replacements = {word: known for word, known in replacements.items() if word in self.words}
        groups = tuple(
            tuple(
                term if term.excluded else Term(tuple(replacements.get(word, word) for word in term.words))
                for term in group
            )
            for group in self.groups
        )
        return Query(
            groups, typed=_WORD.sub(lambda match: _respelled(match.group(), replacements), self.typed)
        )

    def as_tsquery(self):
        return " | ".join(
            "(" + " & ".join(("!" if term.excluded else "") + _ts_term(term) for term in group) + ")"
            for group in self.groups
        )

    def as_fts5(self):
        alternatives = []
        for group in self.groups:
            included = " AND ".join(_fts5_term(term) for term in group if not term.excluded)
            excluded = "".join(" NOT " + _fts5_term(term) for term in group if term.excluded)
            alternatives.append(f"(({included}){excluded})")
        return " OR ".join(alternatives)


def _respelled(typed, replacements):
    known = replacements.get(strip_accents(typed).lower())
    if known is None:
        return typed
    return known.capitalize() if typed[:1].isupper() else known


def _ts_term(term):
    quoted = " <-> ".join(f"'{word}'" for word in term.words)
    return f"({quoted})" if term.is_phrase else quoted


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
    groups = [[]]
    common = False
    for match in _TOKEN.finditer(strip_accents(raw)):
        excluded, phrase, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            groups.append([])
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            excluded, bare = "-", bare[1:]
        words = tuple(word.lower() for word in _WORD.findall(phrase if bare is None else bare))
        if bare is not None:
            kept = tuple(word for word in words if word not in STOP_WORDS)
            common |= bool(words) and not kept
            words = kept
        if words and not set(words) <= STOP_WORDS:
            groups[-1].append(Term(words, excluded=bool(excluded)))
        elif words:
            common = True
    groups = [tuple(group) for group in groups if group]
    query = Query(tuple(groups), typed=raw)
    if not query.words:
        if any(term.excluded for group in groups for term in group):
            raise InvalidQuery("Say what to look for as well as what to leave out: “-word” only excludes.")
        if common:
            raise InvalidQuery("Those words are too common to search for; add a name, a place or a year.")
        raise InvalidQuery("Type at least one word, name or year. Punctuation alone cannot be searched for.")
    if any(all(term.excluded for term in group) for group in groups):
        raise InvalidQuery(
            "Each alternative joined by “or” needs a word to look for, not only words to leave out."
        )
    if sum(len(term.words) for term in query.terms) > MAX_TERMS:
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
    remove_entry(entry)
    _save_documents(content_type, [entry], {entry.pk: list(quotes)})


def remove_entry(entry):
    SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk
    ).delete()


def rebuild():
    """Rewrite every search document; for loads that bypass save(), such as fixtures."""
    SearchDocument.objects.all().delete()
    SearchWord.objects.all().delete()
    for model in ENTRY_MODELS:
        content_type = ContentType.objects.get_for_model(model)
        quotes = {}
        for object_id, quote in Citation.objects.filter(content_type=content_type).values_list(
            "object_id", "quote"
        ):
            quotes.setdefault(object_id, []).append(quote)
        for batch in bulk.batches(model.objects.order_by("pk").iterator(chunk_size=bulk.BATCH)):
            _save_documents(content_type, batch, quotes)


def _save_documents(content_type, entries, quotes):
    """Insert the documents of entries of one kind, given in increasing key order, and their names."""
    documents = [(entry.pk, *_document_fields(entry, quotes.get(entry.pk, []))) for entry in entries]
    if connection.vendor == "postgresql":
        _insert_with_vectors(content_type, documents)
        add_words(SearchWord, [fields for _, fields, _ in documents if fields["is_public"]])
    else:
        rows = (SearchDocument(content_type=content_type, object_id=pk, **row) for pk, row, _ in documents)
        bulk.insert_rows(SearchDocument, rows)
    saved = dict(
        SearchDocument.objects.filter(
            content_type=content_type, object_id__range=(entries[0].pk, entries[-1].pk)
        ).values_list("object_id", "pk")
    )
    bulk.insert_rows(SearchName, (key for entry in entries for key in _name_keys(saved[entry.pk], entry)))


TEXT_FIELDS = ("names", "text", "terms")


def _insert_with_vectors(content_type, documents):
    """Insert (entry key, fields, texts weighted A to D) as documents with their vectors, in one statement.

    Built in SQL rather than with SearchVector expressions, which Django
    compiles anew for every row. Each distinct text becomes a vector once:
    generated data repeats bodies and quotes across thousands of entries.
    """
    numbers = {}
    weights = "abcd"
    parts = [[numbers.setdefault(text, len(numbers) + 1) for text in texts] for *_, texts in documents]
    columns = {
        "object_id": ("bigint", [pk for pk, _, _ in documents]),
        **{name: ("text", [fields[name] for _, fields, _ in documents]) for name in TEXT_FIELDS},
        "is_public": ("boolean", [fields["is_public"] for _, fields, _ in documents]),
        **{weight: ("int", [row[number] for row in parts]) for number, weight in enumerate(weights)},
    }
    arrays = ", ".join(f"%({name})s::{kind}[]" for name, (kind, _) in columns.items())
    joined = " ".join(f"JOIN vectors AS {weight} ON {weight}.number = part.{weight}" for weight in weights)
    weighted = " || ".join(f"setweight({weight}.vector, '{weight.upper()}')" for weight in weights)
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH vectors AS MATERIALIZED ("
            "SELECT number, to_tsvector(%(config)s::regconfig, text) AS vector "
            "FROM unnest(%(texts)s::text[]) WITH ORDINALITY AS texts (text, number)) "
            f"INSERT INTO {SearchDocument._meta.db_table} "
            "(content_type_id, object_id, names, text, terms, is_public, vector) "
            "SELECT %(content_type)s, part.object_id, part.names, part.text, part.terms, part.is_public, "
            f"{weighted} FROM unnest({arrays}) AS part ({', '.join(columns)}) {joined}",
            {
                "config": CONFIG,
                "texts": list(numbers),
                "content_type": content_type.pk,
                **{name: values for name, (_, values) in columns.items()},
            },
        )


def add_words(word_model, documents):
    """Add to the words that corrections may suggest those of documents' fields not there yet."""
    words = sorted(correctable_words({fields[name] for fields in documents for name in TEXT_FIELDS}))
    for batch in bulk.batches(words):
        word_model.objects.bulk_create([word_model(word=word) for word in batch], ignore_conflicts=True)


def correctable_words(texts):
    """The words of texts that a correction may suggest, in lower case without accents."""
    typed = set()
    for text in texts:
        typed.update(_WORD.findall(text.lower()))
    # Removing accents word by word is much cheaper than text by text: few words have any.
    plain = set()
    for word in typed:
        plain.update([word] if word.isascii() else _WORD.findall(strip_accents(word)))
    return {word for word in plain if _is_correctable(word)}


def _is_correctable(word):
    return len(word) in CORRECTABLE_LENGTH and not word.isdigit() and word not in STOP_WORDS


def name_key(text):
    """A name as exact-name matching compares it: lower case, no accents, words single-spaced."""
    return " ".join(_WORD.findall(strip_accents(text).lower()))[
        : SearchName._meta.get_field("key").max_length
    ]


def _name_keys(document_id, entry):
    keys = {name_key(name) for name in [entry.name, *entry.alternative_name_list]} - {""}
    return [SearchName(document_id=document_id, key=key) for key in sorted(keys)]


def _document_fields(entry, quotes):
    """The document's fields, and its texts weighted A (names) to D (quotes) for PostgreSQL's vector."""
    names = "\n".join([entry.name, *entry.alternative_name_list])
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
    body = _plain(entry.body_html)
    quoted = _clean("\n".join(quotes))
    terms = getattr(entry, "date_display", "")
    fields = {
        "is_public": entry.is_published,
        "names": strip_accents(names),
        "text": "\n".join(part for part in (described, body, quoted) if part),
        "terms": terms,
    }
    # Split as queries are split, not by PostgreSQL's parser, which reads
    # "COVID-19" as "covid" and "-19" and so would never match "covid 19".
    weighted = tuple(" ".join(_WORD.findall(text)) for text in (names, f"{described}\n{terms}", body, quoted))
    return fields, weighted


# Generated data reuses a few hundred bodies across many entries.
@lru_cache(maxsize=512)
def _plain(html):
    return _clean(markdown.plain_text(html))


def _clean(text):
    return re.sub(r"[ \t]+", " ", text.replace(MARK_START, "").replace(MARK_END, "")).strip()


# ------------------------------------------------------------------ searching


@dataclass
class Results:
    """Matching public documents, the best first.

    ``ranked`` holds the ranked candidates: every match, unless one of the
    engine's sources of matches gave TIER_LIMIT of them, when ``truncated`` is
    set and more match than were ranked. ``query`` is the query they matched:
    the spelling correction when ``corrected`` is set, the any-word fallback
    when ``some_words_only`` is. ``everywhere`` is the same search without the
    reader's filters, whose candidates the facets count.
    """

    ranked: object
    size: int
    truncated: bool
    with_every_word: int
    query: Query
    some_words_only: bool = False
    corrected: bool = False
    everywhere: object = field(default=None, repr=False)

    def count(self):
        return self.size

    def __getitem__(self, index):
        return self.ranked[index]

    def candidates(self, model):
        """Published entries of ``model`` among the unfiltered search's ranked candidates."""
        documents = (self.everywhere or self).ranked.filter(
            content_type=ContentType.objects.get_for_model(model)
        )
        return model.objects.published().filter(pk__in=documents.order_by().values("object_id"))


def search(query, scopes=None):
    """Search the public entries; ``scopes`` maps a model to its narrowed queryset (all models if None)."""
    public = SearchDocument.objects.filter(is_public=True)
    engine = _engine()
    everywhere = engine.search(public, query)
    # The first tier holds the entries with every word. (An EXISTS query here
    # would tempt PostgreSQL into a sequential scan when there are none.)
    # Without any, a word is likely misspelt: correct the words no entry has.
    # Failing entries with every corrected word, look for similar names and
    # settle for entries with some of the (corrected) words.
    misspelt = not everywhere.with_every_word
    corrected = False
    if misspelt and (correction := engine.corrected(query)):
        query, attempt = correction, engine.search(public, correction)
        if attempt.with_every_word:
            everywhere, corrected, misspelt = attempt, True, False
    loosened = misspelt and query.is_loose
    if loosened:
        query = query.any_word()
    if misspelt:
        everywhere = engine.search(public, query, misspelt=True)
    everywhere.some_words_only, everywhere.corrected = loosened, corrected
    if scopes is None:
        return everywhere
    results = engine.search(public.filter(_scope_filter(scopes)), query, misspelt=misspelt)
    results.some_words_only, results.corrected, results.everywhere = loosened, corrected, everywhere
    return results


def _scope_filter(scopes):
    condition = Q(pk__in=[])
    for model, candidates in scopes.items():
        condition |= Q(
            content_type=ContentType.objects.get_for_model(model), object_id__in=candidates.values("pk")
        )
    return condition


@dataclass
class Hit:
    entry: object
    excerpt: str


def hits(documents, query):
    """The entries behind a page of ranked documents, in order, each with a highlighted excerpt."""
    documents = list(documents)
    excerpts = _engine().excerpts([document.pk for document in documents], query)
    return [
        Hit(entry, render_excerpt(excerpts.get(document.pk, "")))
        for document, entry in documents_with_entries(documents)
    ]


def documents_with_entries(documents, with_tags=False):
    """(document, published entry) in the documents' order, one query per kind of entry."""
    wanted = {}
    for document in documents:
        wanted.setdefault(document.content_type_id, []).append(document.object_id)
    entries = {}
    for type_id, ids in wanted.items():
        found = ContentType.objects.get_for_id(type_id).model_class().objects.published().for_cards()
        if with_tags:
            found = found.prefetch_related("tags")
        for entry in found.filter(pk__in=ids):
            entries[type_id, entry.pk] = entry
    return [
        (document, entries[key])
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
    """Tags with a word beginning with each word of the query, accents and case aside."""
    patterns = [re.compile(rf"\b{re.escape(word)}") for word in query.words]
    return [
        pk
        for pk, name in Tag.objects.values_list("pk", "name")
        if all(pattern.search(strip_accents(name).lower()) for pattern in patterns)
    ]


def _engine():
    return PostgresEngine if connection.vendor == "postgresql" else SqliteEngine


def _exact_key(query):
    """The name an entry must have, word for word, to match the query exactly; "" unless plain."""
    return name_key(" ".join(query.words)) if query.is_plain else ""


def _exactly_named(key):
    return SearchName.objects.filter(document=OuterRef("pk"), key=key)


def _exact_rank(key):
    if not key:
        return Value(0, output_field=IntegerField())
    return Case(When(Exists(_exactly_named(key)), then=1), default=0, output_field=IntegerField())


def _candidates(documents, tiers):
    """Documents in any tier, at most TIER_LIMIT from each (the first in its order), fetched at once.

    Returns them with how many there are, whether a tier was cut off at the
    limit, and how many the first tier gave.
    """
    limited = [
        tier.annotate(tier=Value(number)).values_list("pk", "tier")[:TIER_LIMIT]
        for number, tier in enumerate(tiers)
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        rows = list(limited[0].union(*limited[1:], all=True))
    else:
        rows = [row for tier in limited for row in tier]
    per_tier = Counter(number for _, number in rows)
    ids = sorted({pk for pk, _ in rows})
    return _with_keys(documents, ids), len(ids), TIER_LIMIT in per_tier.values(), per_tier[0]


def _with_keys(documents, ids):
    if connection.vendor != "postgresql":
        return documents.filter(pk__in=ids)
    # One array rather than a placeholder per key: a thousand keys cost 6 ms to send as a list.
    return documents.filter(_AnyOf(F("pk"), Value(ids, output_field=ArrayField(BigIntegerField()))))


class _AnyOf(Lookup):
    """``value = ANY(array)``: PostgreSQL's match against an array, which Django has no lookup for."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


class PostgresEngine:
    @staticmethod
    def _tsquery(query):
        return SearchQuery(query.as_tsquery(), search_type="raw", config=CONFIG)

    @classmethod
    def search(cls, documents, query, misspelt=False):
        """Rank matches; with ``misspelt``, also names similar to the words (slower, so only then)."""
        tsquery = cls._tsquery(query)
        exact = _exact_key(query)
        words = query.fuzzy_words
        tiers = [documents.filter(vector=tsquery)]
        if exact:
            tiers.append(documents.filter(name_keys__key=exact))
        similarity = closeness = Value(0.0, output_field=FloatField())
        if words:
            closeness = TrigramSimilarity("names", words)
            # Only a misspelt query ranks by word similarity, which costs as
            # much as the rest of the ranking. The operator finds names through
            # the GIN index at PostgreSQL's 0.6 threshold; the strict comparison
            # drops borderline pairs such as "anna" in "Vienna".
            if misspelt:
                similarity = TrigramWordSimilarity(words, "names")
                documents = documents.alias(fuzzy=similarity)
                similar = documents.filter(names__trigram_word_similar=words, fuzzy__gt=NAME_SIMILARITY)
                tiers.append(similar.order_by("-fuzzy"))
        candidates, size, truncated, with_every_word = _candidates(documents, tiers)
        ranked = candidates.annotate(
            rank=SearchRank(F("vector"), tsquery),
            name_rank=SearchRank(F("vector"), tsquery, weights=[0, 0, 0, 1]),
            similarity=similarity,
            closeness=closeness,
            exact=_exact_rank(exact),
        )
        ranked = ranked.annotate(
            name_match=Case(
                When(Q(name_rank__gt=0) | Q(similarity__gt=NAME_SIMILARITY), then=1),
                default=0,
                output_field=IntegerField(),
            )
        )
        # Among name matches, names closest to the whole query come first.
        order = ("-exact", "-name_match", "-closeness", "-rank", "-similarity", "pk")
        return Results(ranked.order_by(*order), size, truncated, with_every_word, query)

    @staticmethod
    def corrected(query):
        """The query with each word no published entry has replaced by the most similar word one has.

        None when every word is known or none has a similar word.
        """
        typed = sorted({word for word in query.words if _is_correctable(word)})
        if not typed:
            return None
        table = SearchWord._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT typed.word, (SELECT known.word FROM {table} AS known WHERE known.word %% typed.word "
                "ORDER BY known.word <-> typed.word, known.word LIMIT 1) "
                "FROM unnest(%s::text[]) AS typed (word) "
                f"WHERE NOT EXISTS (SELECT FROM {table} AS known WHERE known.word = typed.word)",
                [typed],
            )
            replacements = {word: known for word, known in cursor.fetchall() if known}
        return query.with_words_replaced(replacements) if replacements else None

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
    # BM25 with names weighted ten times the rest; SQLite's bm25() is lower for better matches.
    RANK = (
        "(SELECT -bm25(kb_search_fts, 10.0, 1.0, 2.0) FROM kb_search_fts "
        "WHERE kb_search_fts MATCH %s AND rowid = kb_searchdocument.id)"
    )

    @classmethod
    def search(cls, documents, query, misspelt=False):
        """Rank matches; FTS5 has no similarity search, so ``misspelt`` changes nothing."""
        expression = query.as_fts5()
        names_only = f"names : ({expression})"
        exact = _exact_key(query)
        matches = documents.filter(pk__in=RawSQL(cls.MATCHING, [expression]))
        tiers = [matches, matches.filter(pk__in=RawSQL(cls.MATCHING, [names_only]))]
        if exact:
            tiers.append(documents.filter(name_keys__key=exact))
        candidates, size, truncated, with_every_word = _candidates(documents, tiers)
        ranked = candidates.annotate(
            rank=RawSQL(cls.RANK, [expression], output_field=FloatField()),
            exact=_exact_rank(exact),
            name_match=Case(
                When(pk__in=RawSQL(cls.MATCHING, [names_only]), then=1),
                default=0,
                output_field=IntegerField(),
            ),
        )
        order = ("-exact", "-name_match", "-rank", "pk")
        return Results(ranked.order_by(*order), size, truncated, with_every_word, query)

    @staticmethod
    def corrected(query):
        """FTS5 has no similarity search to correct words with."""
        return None

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
            return dict(cursor.fetchall())
