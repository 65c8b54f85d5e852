"""Search: what a reader finds, in what order, with what excerpt, on both engines.

The same tests run on SQLite and PostgreSQL. Where PostgreSQL finds more
(misspellings inside a name, trigram similarity), the test says so.
"""

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection

from kb import search
from kb.models import ENTRY_MODELS, Actor, Event, PublicationStatus, SearchDocument, SearchWord, Venue
from tests.admin_forms import CITATIONS, PARTICIPATIONS, as_opened, inline, saved_citations
from tests.factories import make_actor, make_agreement, make_citation, make_event, make_source, make_venue

pytestmark = pytest.mark.django_db

ON_POSTGRES = connection.vendor == "postgresql"
corrects_spelling = pytest.mark.skipif(
    not ON_POSTGRES, reason="Spelling is corrected by trigram similarity, which only PostgreSQL has."
)


def result_names(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200, response.content.decode()[:500]
    html = response.content.decode()
    return [
        unescape(name) for name in re.findall(r'<h3 class="result__title"><a href="[^"]+">([^<]+)</a>', html)
    ]


def correction(client, query):
    """The corrected query the search page says it searched for instead, or None."""
    html = client.get("/search/", {"q": query}).content.decode()
    said = re.search(r"these have every word of “<strong>([^<]*)</strong>”", html)
    return unescape(said.group(1)) if said else None


def found(query):
    """Entries matching ``query`` in rank order, straight from kb.search."""
    results = search.search(search.parse(query))
    return [hit.entry for hit in search.hits(results[:50], results.query)]


# ------------------------------------------------------------------ finding


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Lukashenko", "Alyaksandr Lukashenka"),
        ("lukashenka", "Alyaksandr Lukashenka"),
        ("Zelensky", "Volodymyr Zelenskyy"),
        ("Twitter", "X"),
        ("OSCE", "Organization for Security and Cooperation in Europe"),
        ("Minsk agreements", "Minsk II agreements"),
    ],
)
def test_names_and_alternative_spellings_come_first(client, query, name):
    assert result_names(client, query)[0] == name


def test_a_name_match_outranks_any_number_of_mentions_in_bodies(client):
    make_event(name="Meeting of the Zebrafinch committee", body="Talks.")
    make_actor(name="Someone else", body="The zebrafinch, the zebrafinch and the zebrafinch again.")
    assert result_names(client, "zebrafinch") == ["Meeting of the Zebrafinch committee", "Someone else"]


def test_accents_and_capitals_do_not_matter(client):
    make_venue(name="Élysée Palace", slug="elysee-palace")
    make_actor(name="Ordinary name", body="She spoke at the Kyïv café.")
    assert result_names(client, "ELYSEE") == ["Élysée Palace"]
    assert result_names(client, "élysée palace") == ["Élysée Palace"]
    assert "Ordinary name" in result_names(client, "kyiv cafe")


def test_citation_quotes_are_searched(client):
    event = make_event(name="Quiet meeting")
    make_citation(event, quote="A sentence about marmalade diplomacy.", source=make_source())
    assert result_names(client, "marmalade") == ["Quiet meeting"]


def test_a_name_typed_short_still_finds_the_entry(client):
    assert result_names(client, "Lukashenk")[0] in {
        "Alyaksandr Lukashenka",
        "Lukashenka's interview with Mario Nawfal",
    }
    assert "Alyaksandr Lukashenka" in result_names(client, "Lukashenk")


def test_a_misspelt_name_still_finds_the_entry(client):
    response = client.get("/search/", {"q": "Trilateral Contact Grup"})
    names = result_names(client, "Trilateral Contact Grup")
    assert "Trilateral Contact Group" in names[:3]
    # No entry has "grup": both engines show entries with some of the words, and say so.
    assert "No entry has every word you typed" in response.content.decode()
    if ON_POSTGRES:
        # Trigram similarity puts the entry with the misspelt name itself first.
        assert names[0] == "Trilateral Contact Group"


def test_a_misspelling_inside_a_name_is_found_only_by_postgresql(client):
    names = result_names(client, "Lukashnka")
    if ON_POSTGRES:
        assert "Alyaksandr Lukashenka" in names[:2]
    else:
        assert "Alyaksandr Lukashenka" not in names


@corrects_spelling
def test_a_misspelt_word_is_corrected_to_the_nearest_word_a_published_entry_has(client):
    assert correction(client, "Trilateral Contact Grup") == "Trilateral Contact Group"
    assert correction(client, "Lukashnka's interview") == "Lukashenka's interview"
    assert result_names(client, "Lukashnka's interview")[0] == "Lukashenka's interview with Mario Nawfal"
    assert correction(client, "Trilateral Contact Group") is None


@corrects_spelling
def test_a_correction_keeps_phrases_left_out_words_and_alternatives(client):
    make_event(name="Contact group of marmalade growers")
    corrected = '"Contact group" -Trilateral or Marmalade'
    assert correction(client, '"Contact grup" -Trilateral or Marmalde') == corrected
    names = result_names(client, '"Contact grup" -Trilateral or Marmalde')
    assert "Contact group of marmalade growers" in names
    assert not [name for name in names if "Trilateral" in name]


@corrects_spelling
def test_no_correction_is_offered_when_no_entry_has_every_corrected_word(client):
    make_event(name="Quokka summit")
    make_event(name="Numbat talks")
    assert correction(client, "Quoka Numbatt") is None
    # The reader still sees the entries with some of the corrected words.
    assert set(result_names(client, "Quoka Numbatt")) == {"Quokka summit", "Numbat talks"}


@corrects_spelling
def test_a_word_only_drafts_or_withdrawn_entries_have_is_never_suggested(client):
    draft = make_event(name="Secret gooseberry summit", publication_status=PublicationStatus.DRAFT)
    assert correction(client, "goosberry") is None
    assert result_names(client, "goosberry") == []
    draft.publication_status = PublicationStatus.PUBLISHED
    draft.save()
    assert correction(client, "goosberry") == "gooseberry"
    draft.publication_status = PublicationStatus.DRAFT
    draft.save()
    assert correction(client, "goosberry") is None
    assert "gooseberry" not in client.get("/search/", {"q": "goosberry"}).content.decode().lower()


@corrects_spelling
def test_years_and_short_words_are_never_corrected(client):
    make_event(name="Gathering of 2020", date="2020", body="Dated.")
    make_event(name="Tiny orb summit")
    assert correction(client, "2022 gatherin") is None
    assert correction(client, "orbb summit") is None


@corrects_spelling
def test_the_words_corrections_draw_on_are_rebuilt_from_published_entries_only():
    make_event(name="Secret gooseberry summit", publication_status=PublicationStatus.DRAFT)
    make_event(name="Open marmalade summit", body="Between friends, in 2019.")
    search.rebuild()
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"marmalade", "summit", "friends", "lukashenka"} <= words
    assert "gooseberry" not in words
    assert not [word for word in words if word.isdigit() or len(word) < 4 or word in search.STOP_WORDS]


def test_a_corrected_query_is_shown_as_the_reader_typed_it_with_the_words_replaced():
    query = search.parse('"Contact Grup" -Trilateral or VILNUS or kyïv')
    corrected = query.with_words_replaced({"grup": "group", "vilnus": "vilnius", "trilateral": "bilateral"})
    assert corrected.typed == '"Contact Group" -Trilateral or Vilnius or kyïv'
    assert corrected.as_tsquery() == "(('contact' <-> 'group') & !'trilateral') | ('vilnius') | ('kyiv')"


def test_quoted_phrases_match_only_the_words_in_that_order(client):
    assert "Trilateral Contact Group meetings in Minsk" in result_names(client, '"every two weeks"')
    assert result_names(client, '"weeks two every"') == []


def test_a_minus_leaves_out_entries_with_the_word(client):
    with_summit = result_names(client, "minsk")
    without = result_names(client, "minsk -summit")
    assert "Minsk summit of August 2014" in with_summit
    assert without and not any("summit" in name.lower() for name in without)
    for entry in found("minsk -summit"):
        document = SearchDocument.objects.get(object_id=entry.pk, content_type__model=entry._meta.model_name)
        assert "summit" not in (document.names + document.text).lower()


def test_or_finds_either_word(client):
    names = result_names(client, "Nawfal or Kyiv")
    assert {"Mario Nawfal", "Kyiv"} <= set(names)
    assert "Kyiv" not in result_names(client, "Nawfal")


def test_stop_words_are_ignored_alike_on_both_engines(client):
    minsk = result_names(client, "minsk")
    assert result_names(client, "-the minsk") == minsk
    assert result_names(client, "the minsk") == minsk
    assert "Mario Nawfal" in result_names(client, "nawfal's")
    response = client.get("/search/", {"q": "the of"})
    assert response.status_code == 400 and "too common" in response.content.decode()


def test_words_joined_by_punctuation_are_found_alike_on_both_engines(client):
    make_event(name="Vaccination meeting", body="Talks on COVID-19 and 1.5 million doses for Kyiv/Minsk.")
    for query in ("COVID-19", "covid 19", "1.5 million", "Kyiv/Minsk", '"covid 19"'):
        assert "Vaccination meeting" in result_names(client, query), query


def test_a_year_finds_what_happened_then(client):
    assert "Minsk summit of February 2015" in result_names(client, "2015")
    make_event(name="Quiet gathering", date="2019-05", body="Nothing dated here.")
    assert "Quiet gathering" in result_names(client, "2019")
    assert "Quiet gathering" in result_names(client, "May 2019")


def test_a_year_does_not_fuzzily_match_other_years(client):
    make_event(name="Gathering of 2020", date="2020", body="Dated.")
    assert "Gathering of 2020" not in result_names(client, "2022")
    assert "Full-scale war" in result_names(client, "2022")


def test_a_name_that_is_the_query_comes_before_names_that_only_contain_it(client):
    make_actor(name="Heron Council", alternative_names="HC", body="A council.")
    make_event(name="HC HC HC summit of HC", body="HC " * 30)
    assert result_names(client, "HC")[:2] == ["Heron Council", "HC HC HC summit of HC"]


def test_tags_whose_names_match_are_listed_above_the_entries(client):
    html = client.get("/search/", {"q": "exchanges"}).content.decode()
    tags = html[html.index('id="matching-tags"') : html.index("<h2>Entries</h2>")]
    assert 'href="/tags/prisoner-exchanges/"' in tags
    assert 'href="/tags/sensitive-exchanges/"' in tags
    assert "/tags/neutral-venue/" not in tags


# ------------------------------------------------------------------ drafts and freshness


def test_drafts_are_never_found_until_published(client):
    draft = make_event(name="Secret gooseberry summit", publication_status=PublicationStatus.DRAFT)
    make_citation(draft, quote="gooseberry", source=make_source())
    assert result_names(client, "gooseberry") == []
    html = client.get("/search/", {"q": "gooseberry"}).content.decode()
    assert "0 results" in html and "Secret gooseberry summit" not in html
    draft.publication_status = PublicationStatus.PUBLISHED
    draft.save()
    assert result_names(client, "gooseberry") == ["Secret gooseberry summit"]


def test_the_index_follows_every_save_rename_citation_and_delete(client):
    actor = make_actor(name="Quokka envoy")
    assert result_names(client, "quokka") == ["Quokka envoy"]
    actor.name = "Wombat envoy"
    actor.save()
    assert result_names(client, "quokka") == []
    assert result_names(client, "wombat") == ["Wombat envoy"]
    citation = make_citation(actor, quote="numbat", source=make_source())
    assert result_names(client, "numbat") == ["Wombat envoy"]
    citation.delete()
    assert result_names(client, "numbat") == []
    actor.delete()
    assert result_names(client, "wombat") == []
    assert not SearchDocument.objects.filter(object_id=actor.pk, content_type__model="actor").exists()


def test_an_admin_edit_is_searchable_at_once(editor_client):
    actor = Actor.objects.get(slug="mario-nawfal")
    data = {
        "name": "Mario Nawfal",
        "slug": actor.slug,
        "kind": actor.kind,
        "description": actor.description,
        "affiliation": "",
        "alternative_names": "Marmoset Nawfal",
        "body": actor.body,
        "tags": ", ".join(tag.name for tag in actor.tags.all()),
        "publication_status": "published",
        **inline(PARTICIPATIONS, []),
        **inline(CITATIONS, saved_citations(actor)),
    }
    response = editor_client.post(f"/admin/kb/actor/{actor.pk}/change/", as_opened(actor, data))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert result_names(editor_client, "marmoset") == ["Mario Nawfal"]


def test_moving_a_citation_to_another_entry_moves_its_words(client):
    first, second = make_actor(name="First holder"), make_actor(name="Second holder")
    citation = make_citation(first, quote="A numbat appears.", source=make_source())
    assert result_names(client, "numbat") == ["First holder"]
    citation.object_id = second.pk
    citation.save()
    assert result_names(client, "numbat") == ["Second holder"]


def test_the_sqlite_mirror_keeps_its_triggers():
    if connection.vendor != "sqlite":
        pytest.skip("The FTS5 mirror exists only on SQLite.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'kb_searchdocument'"
        )
        triggers = {row[0] for row in cursor.fetchall()}
    assert triggers == {"kb_search_fts_insert", "kb_search_fts_update", "kb_search_fts_delete"}


def test_rebuilding_the_index_finds_the_same_entries(client):
    before = {(entry._meta.model_name, entry.pk) for entry in found("minsk")}
    SearchDocument.objects.all().delete()
    assert found("minsk") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {(entry._meta.model_name, entry.pk) for entry in found("minsk")} == before
    assert SearchDocument.objects.count() == sum(model.objects.count() for model in ENTRY_MODELS)


def test_a_rebuilt_document_is_the_one_a_save_writes():
    """Rebuilding writes many documents in one statement; each must equal what saving its entry writes."""
    shared_body = "Talks on grain corridors in Minsk."
    first = make_event(name="Grain talks", body=shared_body, alternative_names="Zerno talks")
    second = make_event(name="Corridor talks", body=shared_body)
    make_citation(first, quote="Corridors were agreed.")
    entries = Event.objects.filter(pk__in=[first.pk, second.pk])

    def documents():
        found = SearchDocument.objects.filter(content_type__model="event", object_id__in=entries.values("pk"))
        return {
            document["object_id"]: document
            for document in found.values("object_id", "is_public", "names", "text", "terms", "vector")
        }

    def name_keys():
        keys = search.SearchName.objects.filter(document__object_id__in=entries.values("pk"))
        return sorted(keys.values_list("document__object_id", "key"))

    saved, saved_keys = documents(), name_keys()
    assert (first.pk, "zerno talks") in saved_keys
    assert "Corridors were agreed." in saved[first.pk]["text"]
    if ON_POSTGRES:
        # Names weigh A, the body C; the body's vector is shared by both entries.
        assert re.search(r"'zerno':\d+A", saved[first.pk]["vector"])
        assert re.search(r"'minsk':\d+C", saved[second.pk]["vector"])
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert documents() == saved
    assert name_keys() == saved_keys


# ------------------------------------------------------------------ excerpts


def test_excerpts_highlight_where_the_entry_matched(client):
    html = client.get("/search/", {"q": "Nawfal"}).content.decode()
    assert "<mark>Nawfal</mark>" in html


def test_hostile_markup_in_an_entry_is_shown_as_text_in_its_excerpt(client):
    make_agreement(
        name='<script>alert("name")</script> Accord',
        body="Signed with `<img src=x onerror=alert(1)>` in the annex about pelicans.",
    )
    make_actor(name="Marker forger", body=f"pelicans {search.MARK_START}<b>bold</b>{search.MARK_END}")
    html = client.get("/search/", {"q": "pelicans"}).content.decode()
    results = html[html.index('class="results"') :]
    assert "<img" not in results and "<script" not in results and "<b>" not in results
    assert "&lt;img src=x onerror=alert(1)&gt;" in results
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; Accord" in results
    assert "<mark>pelicans</mark>" in results
    assert search.MARK_START not in html and search.MARK_END not in html


def test_render_excerpt_escapes_before_marking():
    raw = f'<a href="x">{search.MARK_START}Minsk{search.MARK_END}</a> & co'
    assert search.render_excerpt(raw) == "&lt;a href=&quot;x&quot;&gt;<mark>Minsk</mark>&lt;/a&gt; &amp; co"
    assert search.render_excerpt(f"{search.MARK_START}unclosed <i>") == "unclosed &lt;i&gt;"


# ------------------------------------------------------------------ hostile queries


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a" * 1001, "Searches can be at most 1,000 characters"),
        ("minsk\x00", "characters that are not text"),
        ("\x1b[31mred", "characters that are not text"),
        ("\ufffd\ufffd", "characters that are not text"),
        ("---", "Punctuation alone cannot be searched for"),
        ("\"\" '' ()", "Punctuation alone cannot be searched for"),
        ("-minsk -talks", "“-word” only excludes"),
        (" ".join(["word"] * 40), "too many words"),
    ],
)
def test_unsearchable_queries_get_a_clear_message(client, query, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_an_empty_search_shows_the_form_and_how_to_search(client):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert 'id="search-q"' in response.content.decode()
    assert "Put a phrase in" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced phrase',
        "' OR 1=1 --",
        "minsk; DROP TABLE kb_event;",
        "NEAR(minsk talks)",
        "names : minsk",
        "{names text} : minsk",
        "minsk*",
        "minsk AND",
        "minsk or",
        '"-minsk"',
        "a" * 1000,
        "Мінск перамовы",
        "明斯克",
        "%00 %FF %2F",
        "<script>alert(1)</script>",
        "\\\\ \\x00 \\' \\\"",
        "minsk & !talks | (belarus)",
        "2015-02 2015/2020",
        "(^$.*+?)[]{}|\\ minsk",
    ],
)
def test_odd_but_searchable_queries_are_searched(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert 'class="lede" role="status"' in response.content.decode()


@pytest.mark.parametrize("query", ["-", "* ^ + :", "OR or OR", "-minsk or -talks", "the and of", '"of the"'])
def test_queries_with_nothing_to_look_for_get_a_message(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_binary_bytes_in_the_query_string_get_a_message(client):
    response = client.get("/search/?q=%FF%FE%00minsk")
    assert response.status_code == 400
    assert "characters that are not text" in response.content.decode()


# ------------------------------------------------------------------ parsing


@pytest.mark.parametrize(
    ("raw", "tsquery", "fts5"),
    [
        ("Minsk talks", "('minsk' & 'talks')", '(("minsk"* AND "talks"*))'),
        (
            '"every two weeks" -summit',
            "(('every' <-> 'two' <-> 'weeks') & !'summit')",
            '(("every two weeks") NOT "summit")',
        ),
        ("Nawfal or Kyiv", "('nawfal') | ('kyiv')", '(("nawfal"*)) OR (("kyiv"*))'),
        ("U.S. Kýiv", "('u' & 'kyiv')", '(("u" AND "kyiv"*))'),
        ('"or" minsk', "('minsk')", '(("minsk"*))'),
        ('"talks in minsk"', "(('talks' <-> 'in' <-> 'minsk'))", '(("talks in minsk"))'),
    ],
)
def test_both_engines_get_the_same_query_tree(raw, tsquery, fts5):
    query = search.parse(raw)
    assert query.as_tsquery() == tsquery
    assert query.as_fts5() == fts5


BOOLEAN_WORDS = {
    "only-alpha": "alpha",
    "only-beta": "beta",
    "alpha-beta": "alpha beta",
    "only-gamma": "gamma",
    "alpha-gamma": "alpha gamma",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("alpha", {"only-alpha", "alpha-beta", "alpha-gamma"}),
        ("alpha beta", {"alpha-beta"}),
        ("alpha -beta", {"only-alpha", "alpha-gamma"}),
        ("beta or gamma", {"only-beta", "alpha-beta", "only-gamma", "alpha-gamma"}),
        ("alpha beta or gamma", {"alpha-beta", "only-gamma", "alpha-gamma"}),
        ("alpha -gamma or beta", {"only-alpha", "alpha-beta", "only-beta"}),
        ('"beta alpha"', set()),
        ('"alpha beta"', {"alpha-beta"}),
    ],
)
def test_words_exclusions_and_alternatives_mean_the_same_on_both_engines(query, expected):
    for slug, words in BOOLEAN_WORDS.items():
        make_venue(slug=f"bool-{slug}", name=f"Boolean {slug.replace('-', ' ')}", body=f"Words: {words}.")
    results = search.search(search.parse(query), {Venue: Venue.objects.filter(slug__startswith="bool-")})
    slugs = {hit.entry.slug.removeprefix("bool-") for hit in search.hits(results[:50], results.query)}
    assert slugs == expected


def test_an_alternative_of_exclusions_alone_is_refused(client):
    response = client.get("/search/", {"q": "-summit or minsk"})
    assert response.status_code == 400
    assert "needs a word to look for" in response.content.decode()


# ------------------------------------------------------------------ the page


def test_every_page_has_a_search_box_in_its_header(client):
    for path in ("/", "/events/", "/tags/neutral-venue/", "/no-such-page/"):
        html = client.get(path).content.decode()
        header = html[html.index("<header") : html.index("</header>")]
        assert 'role="search"' in header and 'name="q"' in header and 'action="/search/"' in header


def test_results_are_paged_and_pages_keep_the_query(client):
    for number in range(25):
        make_event(name=f"Capybara meeting {number}")
    html = client.get("/search/", {"q": "capybara"}).content.decode()
    assert "25 results" in html
    assert len(re.findall(r'class="result"', html)) == 20
    assert 'href="?q=capybara&amp;page=2"' in html
    second = client.get("/search/", {"q": "capybara", "page": "2"}).content.decode()
    assert len(re.findall(r'class="result"', second)) == 5


def test_when_too_many_match_the_page_says_that_only_some_are_ranked(
    client, monkeypatch, rendered_every_time
):
    for number in range(6):
        make_event(name=f"Pangolin meeting {number}")
    monkeypatch.setattr(search, "TIER_LIMIT", 3)
    html = client.get("/search/", {"q": "pangolin"}).content.decode()
    assert re.search(r"More than \d+ results", html)
    assert "only the" in html and "found first are ranked" in html
    monkeypatch.setattr(search, "TIER_LIMIT", 500)
    html = client.get("/search/", {"q": "pangolin"}).content.decode()
    assert "6 results" in html and "found first are ranked" not in html


def test_search_counts_each_kind_of_entry_as_the_results_show_them(client):
    shown = []
    for page in ("1", "2"):
        html = client.get("/search/", {"q": "minsk", "page": page}).content.decode()
        shown += re.findall(r'<li class="result">\s*<p class="card__kind">(\w+)', html)
    html = client.get("/search/", {"q": "minsk"}).content.decode()
    facet = html[html.index('id="facet-type"') :]
    facet = facet[: facet.index("</section>")]
    for model in ENTRY_MODELS:
        count = shown.count(str(model._meta.verbose_name).capitalize())
        label = str(model._meta.verbose_name_plural).capitalize()
        assert re.search(rf">{label} <span class=\"facet__count\">{count}<", facet) or count == 0, label
    assert len(shown) == int(re.search(r"(\d+) results? for", html).group(1))


def test_filtering_search_results_by_kind_and_period(client):
    events = result_names(client, "minsk", type="event")
    assert events and all(Event.objects.filter(name=name).exists() for name in events)
    assert not Actor.objects.filter(name__in=events).exists()
    in_2025 = result_names(client, "minsk", period="proposal-2025")
    expected = {
        entry.name
        for entry in found("minsk")
        if getattr(entry, "period_id", None) and entry.period.slug == "proposal-2025"
    }
    assert set(in_2025) == expected and expected
