import pytest
from django.urls import reverse

from kb.models import Actor, Agreement, Event, Period, PublicationStatus, Source, Tag, Venue
from tests.factories import make_actor, make_citation, make_event, make_participation, make_venue
from tests.reader import page

pytestmark = pytest.mark.django_db

OFFER = "proposed-peace-talks-in-minsk"
MINSK_II = "minsk-ii-agreements"
CONTACT_GROUP_MEETINGS = "contact-group-meetings-in-minsk"


def all_public_urls():
    urls = ["/", "/events/", "/agreements/", "/actors/", "/venues/", "/tags/", "/periods/", "/sources/"]
    urls.append(reverse("kb:then-and-now"))
    urls.append(reverse("kb:connections"))
    urls.append(reverse("kb:venue-map"))
    for model in (Actor, Event, Agreement):
        urls.extend(f"{entry.get_absolute_url()}connections/" for entry in model.objects.all())
    for model in (Event, Agreement, Actor, Venue, Period, Source):
        urls.extend(obj.get_absolute_url() for obj in model.objects.all())
    urls.extend(tag.get_absolute_url() for tag in Tag.objects.all())
    return urls


def test_every_public_page_renders_for_the_seed(client):
    urls = all_public_urls()
    assert len(urls) > 40
    for url in urls:
        html = page(client, url)
        assert "<h1" in html, url


@pytest.mark.parametrize(
    "url",
    [
        "/tags/%00/",
        "/tags/%E2%9C%93%E2%9C%93/",
        "/events/" + "x" * 5000 + "/",
        "/events/no-such-event/",
        "/agreements/no-such-agreement/",
        "/actors/no-such-actor/",
        "/venues/no-such-venue/",
        "/tags/no-such-tag/",
        "/periods/no-such-period/",
        "/sources/no-such-source/",
        "/events/%E2%9C%93/",
        "/no/such/page/",
    ],
)
def test_unknown_addresses_get_the_friendly_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=0",
        "page=99999",
        "page=1e9",
        "page=%00",
        "page=last",
        "page=1&page=2",
        "x=%ff",
    ],
)
def test_odd_query_strings_on_lists_show_a_real_page(client, query):
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    assert "Events" in response.content.decode()


def test_the_offer_is_shown_as_an_offer_not_a_meeting(client):
    html = page(client, f"/events/{OFFER}/")
    assert "Offered, not held" in html
    assert "Offered on" in html
    assert '<time datetime="2025-02-27">27 February 2025</time>' in html
    assert "Proposed venue" in html
    main = html.split("Related through tags")[0]
    assert "Took place" not in main
    assert "Who took part" not in main
    assert "Who is named in it" in main
    assert 'Invitee <span class="muted">(offered, not held)</span>' in main


def test_a_month_precise_event_never_shows_a_day(client):
    html = page(client, "/events/minsk-summit-august-2014/")
    assert '<time datetime="2014-08">August 2014</time>' in html


def test_a_vague_date_is_worded_as_the_source_words_it(client):
    html = page(client, "/events/contact-group-deadlock/")
    assert '<time datetime="2021">late 2021</time>' in html


def test_event_page_lists_participants_with_roles_and_citations(client):
    html = page(client, f"/events/{OFFER}/")
    for actor, role in [
        ("Alyaksandr Lukashenka", "Proposer"),
        ("Donald Trump", "Invitee"),
        ("Belarus", "Host"),
    ]:
        assert actor in html
        assert role in html
    assert "I am waiting for him here for talks" in html
    assert "Belarus Offers to Host Peace Talks between Russia and Ukraine" in html


def test_actor_page_lists_events_and_roles(client):
    html = page(client, "/actors/alyaksandr-lukashenka/")
    assert "Proposer" in html and "Interviewee" in html
    assert f"/events/{OFFER}/" in html
    assert "President of Belarus" in html
    assert "Lukashenko" in html


def test_venue_page_lists_what_happened_there_and_what_lies_within(client):
    minsk = page(client, "/venues/minsk/")
    assert "/events/minsk-summit-february-2015/" in minsk
    assert f"/agreements/{MINSK_II}/" in minsk
    belarus = page(client, "/venues/belarus/")
    assert "/venues/minsk/" in belarus


def test_agreement_page_names_the_event_that_produced_it(client):
    html = page(client, f"/agreements/{MINSK_II}/")
    assert "Produced by" in html
    assert "/events/minsk-summit-february-2015/" in html


def related_section(html):
    return html.split('id="related-heading"')[1]


def test_related_entries_show_their_status(client):
    related = related_section(page(client, f"/agreements/{MINSK_II}/"))
    assert "Offered, not held" in related


def test_related_through_tags_walks_from_the_offer_to_the_minsk_talks_and_back(client):
    from_offer = related_section(page(client, f"/events/{OFFER}/"))
    assert f"/agreements/{MINSK_II}/" in from_offer
    assert f"/events/{CONTACT_GROUP_MEETINGS}/" in from_offer
    assert "shares" in from_offer
    back = related_section(page(client, f"/agreements/{MINSK_II}/"))
    assert f"/events/{OFFER}/" in back


def test_tag_page_groups_entries_of_all_kinds_by_period(client):
    html = page(client, "/tags/neutral-venue/")
    assert "2014–2020 Minsk talks" in html
    assert "2025 proposal" in html
    assert f"/events/{OFFER}/" in html
    minsk_talks_part = html.split("2014–2020 Minsk talks")[1]
    assert "/events/" in minsk_talks_part


NEUTRAL_VENUE_ENTRIES = 7


def test_tags_index_shows_counts_of_published_entries(client):
    html = page(client, "/tags/")
    expected_cell = f'<td data-label="Entries">{NEUTRAL_VENUE_ENTRIES}</td>'
    assert f'<a href="/tags/neutral-venue/">neutral venue</a></td>{expected_cell}' in html


def test_then_and_now_sets_the_periods_side_by_side_with_bridging_tags(client):
    html = page(client, "/then-and-now/")
    then_part, rest = html.split('id="bridge-heading"')
    bridge, now_part = rest.split('id="now-heading"')
    assert "/events/minsk-summit-february-2015/" in then_part
    assert f"/agreements/{MINSK_II}/" in then_part
    assert f"/events/{OFFER}/" in now_part
    assert "Offered, not held" in now_part
    assert "/tags/neutral-venue/" in bridge
    assert "/tags/good-offices/" in bridge
    assert "Proposer" in now_part and "Host" in then_part
    assert "(offered, not held)" in now_part
    assert "(offered, not held)" not in then_part
    assert (
        '/actors/belarus/">Belarus</a> <span class="muted">(in 2025 proposal only as offered)</span>'
        in bridge
    )
    assert "(proposed venue only)" in now_part


def test_home_shows_both_periods_and_main_tags(client):
    html = page(client, "/")
    assert "<span>1 agreement</span>" in html
    assert "<span>15 events</span>" in html
    assert "2014–2020 Minsk talks" in html
    assert "2025 proposal" in html
    assert "/tags/neutral-venue/" in html
    assert f"/events/{OFFER}/" in html


def test_source_page_shows_what_each_quote_supports(client):
    html = page(client, "/sources/belarus-offers-to-host-peace-talks/")
    assert "1,084-kilometer-long border" in html
    assert "/venues/belarus-ukraine-border/" in html


class TestDrafts:
    """Drafts and entries waiting for review are both unpublished; neither reaches readers."""

    @pytest.fixture(params=[PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW])
    def draft(self, request):
        minsk = Venue.objects.get(slug="minsk")
        event = make_event(
            name="Secret draft summit",
            slug="secret-draft-summit",
            venue=minsk,
            publication_status=request.param,
            tags=["neutral venue"],
        )
        make_participation(actor=Actor.objects.get(slug="belarus"), event=event, role="host")
        return event

    def test_draft_event_is_hidden_from_anonymous_readers_everywhere(self, client, draft):
        make_citation(
            draft,
            source=Source.objects.get(slug="belarus-offers-to-host-peace-talks"),
            quote="Minsk hosted major summits",
        )
        draft.period = Period.objects.get(slug="minsk-talks-2014-2020")
        draft.save()
        assert client.get(draft.get_absolute_url()).status_code == 404
        for url in [
            "/sources/belarus-offers-to-host-peace-talks/",
            "/periods/minsk-talks-2014-2020/",
            "/",
            "/events/",
            "/tags/neutral-venue/",
            "/venues/minsk/",
            "/actors/belarus/",
            f"/events/{OFFER}/",
            "/then-and-now/",
            "/search/?q=secret+draft+summit",
            "/timeline/",
            "/connections/",
            "/actors/belarus/connections/",
            "/events/?tag=neutral-venue",
        ]:
            assert "Secret draft summit" not in page(client, url), url

    def test_draft_does_not_count_on_the_tags_index(self, client, draft):
        assert f'neutral venue</a></td><td data-label="Entries">{NEUTRAL_VENUE_ENTRIES}</td>' in page(
            client, "/tags/"
        )

    def test_a_tag_used_only_by_drafts_has_no_public_page(self, client, draft):
        draft.tags.add("draft-only theme")
        assert client.get("/tags/draft-only-theme/").status_code == 404
        assert "draft-only theme" not in page(client, "/tags/")

    def test_a_draft_author_is_not_named_on_source_pages(self, client):
        assert "by Yauheni Preiherman" in page(client, "/sources/")
        author = Actor.objects.get(slug="yauheni-preiherman")
        author.publication_status = PublicationStatus.DRAFT
        author.save()
        assert "by Yauheni Preiherman" not in page(client, "/sources/")
        detail = page(client, "/sources/belarus-offers-to-host-peace-talks/")
        assert "<dt>Author</dt>" not in detail
        assert "/actors/yauheni-preiherman/" not in detail

    def test_draft_actor_is_left_out_of_participant_lists(self, client):
        hidden = make_actor(name="Hidden negotiator", publication_status=PublicationStatus.DRAFT)
        make_participation(actor=hidden, event=Event.objects.get(slug=OFFER), role="negotiator")
        assert "Hidden negotiator" not in page(client, f"/events/{OFFER}/")

    def test_editors_can_preview_a_draft_with_a_banner(self, editor_client, draft):
        html = page(editor_client, draft.get_absolute_url())
        assert f"{draft.get_publication_status_display()} — only editors can see this page." in html

    def test_staff_without_view_permission_cannot_see_drafts(self, client, django_user_model, draft):
        client.force_login(django_user_model.objects.create_user("clerk", password="x" * 20, is_staff=True))
        assert client.get(draft.get_absolute_url()).status_code == 404


def test_lists_paginate(client, settings):
    for number in range(settings.KB_PAGE_SIZE + 5):
        make_venue(name=f"Paged venue {number:02d}")
    first = page(client, "/venues/")
    assert "Page 1 of 2" in first
    assert 'rel="next"' in first
    second = page(client, "/venues/?page=2")
    assert "Page 2 of 2" in second
    assert 'rel="prev"' in second


@pytest.mark.parametrize(
    "url", ["/", "/events/", f"/events/{OFFER}/", "/tags/neutral-venue/", "/then-and-now/"]
)
def test_public_pages_take_no_writes(client, url):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405, (method, url)


def test_pages_carry_no_inline_script_or_style(client):
    for url in all_public_urls():
        html = page(client, url)
        # Scripts from files are allowed, and so is JSON-LD: a data block, never run.
        data = html.count('<script type="application/ld+json">')
        assert html.count("<script") == html.count("<script src=") + data, url
        assert "style=" not in html and "<style" not in html, url


def test_markdown_is_never_rendered_on_a_read_request(client, monkeypatch):
    def refuse(text):
        raise AssertionError("markdown rendered during a request")

    monkeypatch.setattr("kb.markdown.render", refuse)
    for url in all_public_urls():
        page(client, url)
