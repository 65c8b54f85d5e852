import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kb.models import Actor, Agreement, Event, Participation, Period, Source, Tag, Venue
from tests.factories import (
    make_actor,
    make_agreement,
    make_citation,
    make_event,
    make_participation,
    make_period,
    make_source,
    make_venue,
)

pytestmark = pytest.mark.django_db


def test_saving_an_event_derives_its_date_bounds_and_html():
    event = make_event(date="2014-08", summary="**Summit** <script>alert(1)</script>", body="Body")
    event.refresh_from_db()
    assert (event.date_start, event.date_end) == (datetime.date(2014, 8, 1), datetime.date(2014, 8, 31))
    assert event.summary_html == "<p><strong>Summit</strong> </p>"
    assert event.body_html == "<p>Body</p>"


def test_clearing_a_date_clears_its_bounds():
    event = make_event(date="2015/2020")
    event.date = ""
    event.save()
    event.refresh_from_db()
    assert event.date_start is None and event.date_end is None
    assert event.date_display == ""


def test_the_source_wording_of_a_date_wins_over_the_derived_one():
    event = make_event(date="2021", date_label="late 2021")
    assert event.date_display == "late 2021"
    assert event.date_start == datetime.date(2021, 1, 1)


@pytest.mark.parametrize("factory", [make_event, make_agreement, make_actor, make_venue])
def test_slugs_are_unique_per_kind_in_the_database(factory):
    factory(slug="shared-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="shared-slug")


def test_the_same_slug_may_name_entries_of_different_kinds():
    actor = make_actor(slug="belarus-test")
    venue = make_venue(slug="belarus-test")
    assert actor.get_absolute_url() == "/actors/belarus-test/"
    assert venue.get_absolute_url() == "/venues/belarus-test/"


def test_duplicate_slug_is_reported_by_model_validation():
    make_event(slug="a-summit")
    duplicate = Event(name="Another", slug="a-summit", kind="summit")
    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()
    assert "Another entry of this kind already uses this slug." in str(raised.value)


def test_database_refuses_an_end_before_the_start():
    event = make_event(date="2015")
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(
            date_start=datetime.date(2016, 1, 1), date_end=datetime.date(2015, 1, 1)
        )


def test_model_validation_refuses_a_reversed_period_and_an_unknown_format():
    with pytest.raises(ValidationError) as raised:
        Event(name="X", slug="x-reversed", kind="summit", date="2020/2015").full_clean()
    assert "before its start" in str(raised.value.message_dict["date"])
    with pytest.raises(ValidationError) as raised:
        Event(name="X", slug="x-unknown", kind="summit", date="Feb 2015").full_clean()
    assert "not a date format we understand" in str(raised.value.message_dict["date"])


def test_a_participation_belongs_to_exactly_one_event_or_agreement():
    actor = make_actor()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(actor=actor, role="party")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(
            actor=actor, role="party", event=make_event(), agreement=make_agreement()
        )


def test_an_actor_has_each_role_in_an_event_only_once():
    event, actor = make_event(), make_actor()
    make_participation(actor=actor, event=event, role="host")
    make_participation(actor=actor, event=event, role="mediator")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_participation(actor=actor, event=event, role="host")


def test_venue_coordinates_come_in_pairs_and_in_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_venue(latitude=53.9)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_venue(latitude=95, longitude=27.5)
    assert make_venue(latitude=53.9, longitude=27.56667).has_coordinates


def test_deleting_an_entry_still_referenced_elsewhere_is_refused():
    venue = make_venue()
    make_event(venue=venue)
    with pytest.raises(Exception, match="protected"):
        venue.delete()
    assert Venue.objects.filter(pk=venue.pk).exists()


def test_a_citation_quote_must_appear_in_its_source_text_when_one_is_stored():
    source = make_source(text="Minsk hosted major summits.\nThe latter summit produced the agreements.")
    event = make_event()
    good = make_citation(event, source=source, quote="Minsk hosted major summits. The latter summit")
    good.full_clean()
    bad = make_citation(event, source=source, quote="Minsk hosted every summit.")
    with pytest.raises(ValidationError) as raised:
        bad.full_clean()
    assert "word for word" in str(raised.value.message_dict["quote"])


def test_citations_and_tags_attach_to_every_kind():
    source = make_source()
    for entry in (make_event(), make_agreement(), make_actor(), make_venue()):
        entry.tags.add("neutral venue")
        make_citation(entry, source=source, quote=f"About {entry.name}")
        entry.refresh_from_db()
        assert [tag.name for tag in entry.tags.all()] == ["neutral venue"]
        assert entry.citations.get().quote == f"About {entry.name}"


def test_every_model_has_a_canonical_url():
    period = make_period(slug="a-period")
    source = make_source(slug="a-source")
    tag = Tag.objects.create(name="Good offices test")
    urls = {
        make_event(slug="e").get_absolute_url(),
        make_agreement(slug="a").get_absolute_url(),
        make_actor(slug="p").get_absolute_url(),
        make_venue(slug="v").get_absolute_url(),
        period.get_absolute_url(),
        source.get_absolute_url(),
        tag.get_absolute_url(),
    }
    assert urls == {
        "/events/e/",
        "/agreements/a/",
        "/actors/p/",
        "/venues/v/",
        "/periods/a-period/",
        "/sources/a-source/",
        "/tags/good-offices-test/",
    }


def test_new_entries_are_drafts_until_published():
    actor = Actor.objects.create(name="Unpublished", slug="unpublished", kind="person")
    assert not actor.is_published
    assert not Actor.objects.published().filter(pk=actor.pk).exists()


def test_natural_keys_are_slugs():
    for model in (Event, Agreement, Actor, Venue, Period, Source):
        obj = model.objects.order_by("pk").first()
        assert model.objects.get_by_natural_key(*obj.natural_key()) == obj


@pytest.mark.parametrize(
    ("factory", "field"),
    [(make_event, "parent"), (make_venue, "located_in"), (make_actor, "affiliation")],
)
def test_an_entry_cannot_end_up_inside_itself(factory, field):
    outer = factory()
    inner = factory(**{field: outer})
    setattr(outer, field, inner)
    with pytest.raises(ValidationError) as raised:
        outer.full_clean()
    assert field in raised.value.message_dict
    setattr(inner, field, inner)
    with pytest.raises(ValidationError):
        inner.full_clean()
