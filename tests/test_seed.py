"""The seed is faithful to its article and survives a dump and reload unchanged."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from kb.models import (
    ENTRY_MODELS,
    Actor,
    Agreement,
    Citation,
    Event,
    Participation,
    Period,
    Source,
    Tag,
    TaggedEntry,
    Venue,
)
from tests.article import ARTICLE_PATH, SHARED_ARTICLE_PATH, mended_article_text
from tests.factories import empty_knowledge_base

pytestmark = pytest.mark.django_db

SEEDED_COUNTS = {
    Actor: 20,
    Source: 1,
    Tag: 12,
    Period: 2,
    Venue: 6,
    Event: 15,
    Agreement: 1,
    Participation: 35,
    Citation: 113,
    TaggedEntry: 43,
}
CITED_MODELS = (Event, Venue, Agreement, Actor, Tag, Period)
BRIDGING_TAGS = {"neutral venue", "good offices", "peace talks"}
INTERVIEW_QUOTE_START = "You should not be forcing anything on [Ukrainian President Volodymyr] Zelenskyy"
INTERVIEW_QUOTE_END = "We will negotiate calmly if you want to make a deal."


def counts():
    return {model: model.objects.count() for model in SEEDED_COUNTS}


def tagged_entry_set():
    return set(
        TaggedEntry.objects.values_list(
            "content_type__app_label", "content_type__model", "object_id", "tag__name"
        )
    )


def citation_set():
    return set(
        Citation.objects.values_list(
            "source__slug", "content_type__app_label", "content_type__model", "object_id", "quote", "position"
        )
    )


def tag_names(entry):
    return set(entry.tags.values_list("name", flat=True))


# ------------------------------------------------------------------ fidelity to the article


def test_every_citation_quotes_the_mended_article_word_for_word():
    text = mended_article_text()
    missing = [citation.quote for citation in Citation.objects.all() if citation.quote not in text]
    assert not missing, "Quotes not found in the article:\n" + "\n---\n".join(missing)


def test_the_source_stores_the_mended_article():
    source = Source.objects.get(slug="belarus-offers-to-host-peace-talks")
    assert source.text == mended_article_text()


def test_the_vendored_article_is_byte_identical_to_the_shared_copy():
    if not SHARED_ARTICLE_PATH.exists():
        pytest.skip(f"No shared copy at {SHARED_ARTICLE_PATH} to compare with.")
    assert ARTICLE_PATH.read_bytes() == SHARED_ARTICLE_PATH.read_bytes()


def test_mending_only_joins_page_breaks_and_strips_link_markup():
    text = mended_article_text()
    assert "(#)" not in text
    for joined in ("Lukashenka's remarks", "the very name of the failed deal", "risk reduction"):
        assert joined in text
    # Brackets that are not link markup are the article's own and stay.
    assert "[Ukrainian President Volodymyr] Zelenskyy" in text


@pytest.mark.parametrize("model", CITED_MODELS, ids=lambda model: model._meta.model_name)
def test_everything_seeded_has_a_citation(model):
    uncited = [str(obj) for obj in model.objects.all() if not obj.citations.exists()]
    assert not uncited, f"{model._meta.verbose_name_plural} without a citation: {uncited}"


def test_seeded_objects_pass_model_validation():
    for model in SEEDED_COUNTS:
        for obj in model.objects.all():
            obj.full_clean()


def test_exact_counts():
    assert counts() == SEEDED_COUNTS


# ------------------------------------------------------------------ key facts


def test_the_offer_is_offered_not_held():
    offer = Event.objects.get(slug="proposed-peace-talks-in-minsk")
    assert offer.status == "offered"
    assert offer.date == "2025-02-27"
    assert offer.parent.slug == "lukashenka-nawfal-interview"
    assert offer.venue.slug == "minsk"


def test_dates_are_shown_as_precisely_as_the_article_gives_them():
    assert Event.objects.get(slug="contact-group-deadlock").date_display == "late 2021"
    assert Event.objects.get(slug="minsk-summit-august-2014").date_display == "August 2014"
    assert Event.objects.get(slug="full-scale-war").date_display == "late February 2022"
    meetings = Event.objects.get(slug="contact-group-meetings-in-minsk")
    assert meetings.date_display == "every two weeks from 2015 to 2020"
    assert meetings.date == "2015/2020"


@pytest.mark.parametrize(
    "figure",
    [
        "1,084-kilometer-long border (approximately 674 miles)",
        "200 kilometres [approximately 124 miles] from the Belarusian border to Kyiv",
        "more than 2.1 million followers",
    ],
)
def test_figures_are_cited_exactly(figure):
    assert Citation.objects.filter(quote__contains=figure).exists()


def test_the_border_and_kyiv_cite_their_distances():
    border = Venue.objects.get(slug="belarus-ukraine-border")
    assert border.citations.filter(quote__contains="1,084-kilometer-long border").exists()
    assert Venue.objects.get(slug="kyiv").citations.filter(quote__contains="200 kilometres").exists()
    assert Actor.objects.get(slug="mario-nawfal").citations.filter(quote__contains="2.1 million").exists()


def test_the_full_interview_quote_is_cited():
    quotes = [
        citation.quote
        for slug in ("lukashenka-nawfal-interview", "proposed-peace-talks-in-minsk")
        for citation in Event.objects.get(slug=slug).citations.all()
    ]
    assert any(q.startswith(INTERVIEW_QUOTE_START) and q.endswith(INTERVIEW_QUOTE_END) for q in quotes)


def test_minsk_ii_was_produced_by_the_february_2015_summit():
    minsk_ii = Agreement.objects.get(slug="minsk-ii-agreements")
    assert minsk_ii.event.slug == "minsk-summit-february-2015"
    assert minsk_ii.status == "defunct"
    assert minsk_ii.period.slug == "minsk-talks-2014-2020"


def test_roles_in_the_offer():
    offer = Event.objects.get(slug="proposed-peace-talks-in-minsk")
    roles = set(offer.participations.values_list("actor__slug", "role"))
    assert {
        ("alyaksandr-lukashenka", "proposer"),
        ("belarus", "host"),
        ("donald-trump", "invitee"),
        ("vladimir-putin", "invitee"),
        ("volodymyr-zelenskyy", "invitee"),
    } <= roles


# ------------------------------------------------------------------ tags bridge the periods


def test_tags_bridge_the_2025_offer_and_the_minsk_talks():
    offer = tag_names(Event.objects.get(slug="proposed-peace-talks-in-minsk"))
    assert offer & tag_names(Agreement.objects.get(slug="minsk-ii-agreements"))
    assert offer & tag_names(Event.objects.get(slug="contact-group-meetings-in-minsk"))


@pytest.mark.parametrize("name", sorted(BRIDGING_TAGS))
def test_bridging_tag_is_on_both_periods(name):
    tag = Tag.objects.get(name=name)
    assert Event.objects.filter(slug="proposed-peace-talks-in-minsk", tags=tag).exists()
    in_minsk_talks = Event.objects.filter(period__slug="minsk-talks-2014-2020", tags=tag).exists() or (
        Agreement.objects.filter(period__slug="minsk-talks-2014-2020", tags=tag).exists()
    )
    assert in_minsk_talks


# ------------------------------------------------------------------ loading


def test_dump_and_reload_round_trip(tmp_path):
    tagged_before, citations_before, counts_before = tagged_entry_set(), citation_set(), counts()
    dump = tmp_path / "kb.json"
    call_command("dumpdata", "kb", natural_foreign=True, use_base_manager=True, output=str(dump), verbosity=0)

    empty_knowledge_base()
    leftover = {m._meta.label: m._base_manager.count() for m in apps.get_app_config("kb").get_models()}
    assert not any(leftover.values()), f"Rows left before reloading: {leftover}"

    call_command("loaddata", str(dump), verbosity=0)
    assert tagged_entry_set() == tagged_before
    assert citation_set() == citations_before
    assert Citation.objects.count() == len(citations_before)
    assert counts() == counts_before


def test_seeding_again_changes_nothing():
    before = counts()
    out = StringIO()
    call_command("seed_kb", stdout=out)
    assert "already" in out.getvalue()
    assert counts() == before


def test_seeded_entries_say_when_they_were_published_here():
    for model in ENTRY_MODELS:
        for entry in model.objects.published():
            assert entry.published_at is not None, entry
            assert entry.published_at <= entry.updated_at
