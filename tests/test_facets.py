"""Filtering lists and search results with GET parameters, and the counts beside each choice."""

import re
from html import unescape

import pytest
from django.db.models import Q

from kb import search
from kb.models import Actor, Event, EventStatus, Period, PublicationStatus, Tag, Venue
from tests.factories import make_event, make_participation

pytestmark = pytest.mark.django_db

MINSK_TALKS = "minsk-talks-2014-2020"


def card_names(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    html = response.content.decode()
    return {unescape(name) for name in re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', html)}


def facet_counts(html, facet):
    """{choice label: count} for one facet as the reader sees it."""
    section = html[html.index(f'id="facet-{facet}"') :]
    section = section[: section.index("</section>")]
    pairs = re.findall(r'(?:</span>)?([^<>✕]+?) <span class="facet__count">(\d+)<', section)
    return {unescape(label).strip(): int(count) for label, count in pairs}


def published_events():
    return Event.objects.published()


def names(queryset):
    return {entry.name for entry in queryset}


def test_events_filtered_by_period(client):
    expected = names(published_events().filter(period__slug=MINSK_TALKS))
    assert expected and card_names(client, "/events/", period=MINSK_TALKS) == expected


def test_several_tags_narrow_to_entries_with_all_of_them(client):
    both = published_events().filter(tags__slug="neutral-venue").filter(tags__slug="peace-talks")
    either = published_events().filter(tags__slug__in=["neutral-venue", "peace-talks"]).distinct()
    assert 0 < both.count() < either.count()
    shown = card_names(client, "/events/?tag=neutral-venue&tag=peace-talks")
    assert shown == names(both)


def test_a_year_range_keeps_whatever_overlaps_it(client):
    shown = card_names(client, "/events/", **{"from": "2015", "to": "2015"})
    assert "Minsk summit of February 2015" in shown
    assert "Trilateral Contact Group meetings in Minsk" in shown  # 2015–2020
    assert "Minsk peace talks, 2014–2020" in shown
    assert "Minsk summit of August 2014" not in shown
    assert "Proposed Ukraine–U.S.–Russia peace talks in Minsk" not in shown


def test_an_actor_filter_shows_everything_they_took_part_in(client):
    lukashenka = Actor.objects.get(slug="alyaksandr-lukashenka")
    expected = names(published_events().filter(participations__actor=lukashenka).distinct())
    assert expected and card_names(client, "/events/", actor=lukashenka.slug) == expected


def test_a_venue_filter_includes_places_within_it(client):
    belarus = Venue.objects.get(slug="belarus")
    expected = names(published_events().filter(Q(venue=belarus) | Q(venue__located_in=belarus)))
    shown = card_names(client, "/events/", venue="belarus")
    assert shown == expected
    assert "Minsk summit of February 2015" in shown  # held in Minsk, which is in Belarus


def test_status_and_kind_filters(client):
    assert card_names(client, "/events/", status="offered") == names(
        published_events().filter(status=EventStatus.OFFERED)
    )
    people = card_names(client, "/actors/", kind="person")
    assert people == names(Actor.objects.published().filter(kind="person"))
    assert "Belarus" not in people


def test_facet_counts_match_the_database(client):
    html = client.get("/events/").content.decode()
    periods = facet_counts(html, "period")
    for period in Period.objects.all():
        assert periods[period.name] == published_events().filter(period=period).count()
    statuses = facet_counts(html, "status")
    assert statuses["Offered, not held"] == published_events().filter(status="offered").count()
    assert statuses["Took place"] == published_events().filter(status="held").count()
    tags = facet_counts(html, "tag")
    for tag in Tag.objects.filter(name__in=tags):
        assert tags[tag.name] == published_events().filter(tags=tag).count(), tag.name
    actors = facet_counts(html, "actor")
    belarus = Actor.objects.get(slug="belarus")
    assert actors["Belarus"] == published_events().filter(participations__actor=belarus).distinct().count()


def test_each_venue_count_is_what_choosing_it_shows(client):
    venues = facet_counts(client.get("/events/").content.decode(), "venue")
    assert venues["Belarus"] > 1  # Minsk's events count for Belarus too
    for venue in Venue.objects.filter(name__in=venues):
        assert venues[venue.name] == len(card_names(client, "/events/", venue=venue.slug)), venue.name


def test_year_counts_count_a_series_in_every_year_it_spans(client):
    html = client.get("/events/").content.decode()
    years = facet_counts(html, "years")
    for year in (2014, 2015, 2020, 2025):
        expected = published_events().filter(date_start__year__lte=year, date_end__year__gte=year).count()
        assert years[str(year)] == expected, year


def facet_section(html, facet):
    section = html[html.index(f'id="facet-{facet}"') :]
    return section[: section.index("</section>")]


def test_a_chosen_facet_still_counts_the_other_choices(client):
    html = client.get("/events/", {"period": "proposal-2025"}).content.decode()
    periods = facet_counts(html, "period")
    assert periods["2014–2020 Minsk talks"] == published_events().filter(period__slug=MINSK_TALKS).count()
    chosen = re.findall(r'aria-current="true">.*?</a>', facet_section(html, "period"), re.S)
    assert len(chosen) == 1 and "2025 proposal" in chosen[0]


def test_every_facet_counts_under_the_other_filters(client):
    narrowed = published_events().filter(tags__slug="peace-talks")
    html = client.get("/events/", {"tag": "peace-talks"}).content.decode()
    for actor_name, count in facet_counts(html, "actor").items():
        expected = narrowed.filter(participations__actor__name=actor_name).distinct().count()
        assert count == expected, actor_name
    for period_name, count in facet_counts(html, "period").items():
        assert count == narrowed.filter(period__name=period_name).count(), period_name
    for year, count in facet_counts(html, "years").items():
        overlapping = narrowed.filter(date_start__year__lte=int(year), date_end__year__gte=int(year))
        assert count == overlapping.count(), year
    for venue_name, count in facet_counts(html, "venue").items():
        venue = Venue.objects.get(name=venue_name)
        assert count == narrowed.filter(Q(venue=venue) | Q(venue__located_in=venue)).count(), venue_name
    for tag_name, count in facet_counts(html, "tag").items():
        assert count == narrowed.filter(tags__name=tag_name).count(), tag_name


def test_search_facets_count_the_matches_under_the_other_filters(client):
    ranked = search.search(search.parse("minsk")).ranked
    matched = [document.object_id for document in ranked if document.content_type.model == "event"]
    # "held" is a status of events only, so agreements, actors and venues drop out.
    narrowed = published_events().filter(pk__in=matched, status="held")
    html = client.get("/search/", {"q": "minsk", "status": "held"}).content.decode()
    tags = facet_counts(html, "tag")
    assert tags
    for tag_name, count in tags.items():
        assert count == narrowed.filter(tags__name=tag_name).count(), tag_name
    assert facet_counts(html, "type") == {"Events": narrowed.count()}


def test_counts_and_lists_ignore_drafts(client):
    period = Period.objects.get(slug="proposal-2025")
    before = facet_counts(client.get("/events/").content.decode(), "period")["2025 proposal"]
    draft = make_event(name="Draft offer", period=period, publication_status=PublicationStatus.DRAFT)
    make_participation(event=draft, actor=Actor.objects.get(slug="belarus"))
    html = client.get("/events/", {"period": "proposal-2025"}).content.decode()
    assert facet_counts(html, "period")["2025 proposal"] == before
    assert "Draft offer" not in html
    belarus = Actor.objects.get(slug="belarus")
    expected = published_events().filter(period=period, participations__actor=belarus).distinct().count()
    assert facet_counts(html, "actor")["Belarus"] == expected


def test_filter_links_keep_the_other_filters_and_drop_the_page(client):
    html = client.get("/events/", {"period": MINSK_TALKS, "page": "1"}).content.decode()
    links = re.findall(r'href="(\?[^"]*tag=peace-talks[^"]*)"', html)
    assert links
    assert all("period=" + MINSK_TALKS in link and "page=" not in link for link in links)


def test_pagination_keeps_the_filters(client):
    period = Period.objects.get(slug=MINSK_TALKS)
    for number in range(25):
        make_event(name=f"Filler {number}", period=period)
    html = client.get("/events/", {"period": MINSK_TALKS}).content.decode()
    assert f'href="?period={MINSK_TALKS}&amp;page=2"' in html


def test_choosing_a_filter_the_list_cannot_take_says_so(client):
    response = client.get("/actors/", {"period": MINSK_TALKS, "from": "2015"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "These entries cannot be filtered by period" in html
    assert "These entries have no dates" in html
    assert card_names(client, "/actors/", period=MINSK_TALKS) == names(Actor.objects.published())


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("period=no-such-period", "There is no period “no-such-period”"),
        ("period=%00", "There is no period"),
        ("actor=%00nul", "There is no actor"),
        ("venue=../../etc", "There is no venue"),
        ("tag=%FF&tag=", "There is no tag"),
        ("from=abc", "“abc” is not a year"),
        ("from=99999", "is not a year between 1900 and 2100"),
        ("from=٢٠١٥", "is not a year"),
        ("from=2020&to=2015", "The years were the wrong way round"),
        ("status=bogus", "“bogus” is not a status"),
        ("kind=<script>", "“&lt;script&gt;” is not a kind"),
        (
            "&".join(f"tag=t{number}" for number in range(12)),
            "At most 10 tags can be combined; only the first 10 were used.",
        ),
    ],
)
def test_malformed_filters_are_reported_not_fatal(client, query, notice):
    for path in ("/events/", "/search/?q=minsk&"):
        separator = "" if path.endswith("&") else "?"
        response = client.get(f"{path}{separator}{query}")
        assert response.status_code == 200, path
        assert notice in response.content.decode(), path


def test_unknown_parameters_are_ignored(client):
    assert card_names(client, "/events/", colour="blue", page="x") == card_names(client, "/events/")


def test_search_results_can_be_narrowed_by_every_filter(client):
    lukashenka = Actor.objects.get(slug="alyaksandr-lukashenka")
    html = client.get(
        "/search/",
        {"q": "minsk", "actor": lukashenka.slug, "status": "offered", "tag": "neutral-venue"},
    ).content.decode()
    shown = {unescape(n) for n in re.findall(r'class="result__title"><a href="[^"]+">([^<]+)</a>', html)}
    expected = names(
        published_events()
        .filter(participations__actor=lukashenka, status="offered", tags__slug="neutral-venue")
        .distinct()
    )
    assert shown == expected and expected


def test_filtered_list_counts_agree_with_its_own_facets(client):
    html = client.get("/events/", {"tag": "peace-talks"}).content.decode()
    total = int(re.search(r'<p class="lede">(\d+) events match', html).group(1))
    statuses = facet_counts(html, "status")
    assert sum(statuses.values()) == total
