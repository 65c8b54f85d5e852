"""Every public entry page says when it was last updated and how to cite the version shown."""

import re
from html import unescape

import pytest
from reversion.models import Version

from kb.models import Actor, Event
from tests.admin_forms import resave
from tests.factories import make_actor

pytestmark = pytest.mark.django_db

OFFER = "/events/proposed-peace-talks-in-minsk/"


def permalink(html):
    return unescape(re.search(r"<dt>Permalink to this version</dt><dd><a href=\"([^\"]+)\"", html).group(1))


def test_a_page_names_its_author_title_date_and_a_permalink_to_its_version(client):
    event = Event.objects.get(slug="proposed-peace-talks-in-minsk")
    latest = Version.objects.get_for_object(event).first()
    html = client.get(OFFER).content.decode()
    updated = f"{event.updated_at:%-d %B %Y}"
    assert f'Last updated <time datetime="{event.updated_at:%Y-%m-%d}">{updated}</time>' in html
    assert permalink(html) == f"http://testserver{OFFER}?version={latest.pk}"
    text = (
        f"Editors of the Minsk talks knowledge base, “{event.name}”, Minsk talks knowledge base, "
        f"last updated {updated}, http://testserver{OFFER}?version={latest.pk}"
    )
    assert text in unescape(html)


def test_the_current_permalink_opens_the_page_without_a_notice(client):
    html = client.get(OFFER).content.decode()
    followed = client.get(permalink(html)).content.decode()
    assert "you are reading the current version" not in followed


def test_an_old_permalink_says_the_page_has_changed_since(client, editor_client):
    actor = Actor.objects.get(slug="osce")
    old_link = permalink(client.get("/actors/osce/").content.decode())
    resave(editor_client, actor, description="Changed after it was cited")
    new_link = permalink(client.get("/actors/osce/").content.decode())
    assert new_link != old_link
    followed = client.get(old_link).content.decode()
    assert "This page has changed since; you are reading the current version." in followed
    assert "Changed after it was cited" in followed
    assert "Last updated" in followed


@pytest.mark.parametrize("version", ["abc", "99999999999999999999999", "-1", "%00", ""])
def test_a_version_that_does_not_exist_is_said_so(client, version):
    response = client.get(f"{OFFER}?version={version}")
    assert response.status_code == 200
    assert "names a version of this page that does not exist" in response.content.decode()


def test_another_entrys_version_is_not_this_pages(client):
    other = Version.objects.get_for_object(Event.objects.get(slug="minsk-summit-august-2014")).first()
    html = client.get(f"{OFFER}?version={other.pk}").content.decode()
    assert "names a version of this page that does not exist" in html


def test_an_entry_with_no_recorded_version_cites_its_plain_address(client):
    actor = make_actor(name="Unversioned envoy")
    html = client.get(actor.get_absolute_url()).content.decode()
    assert permalink(html) == f"http://testserver{actor.get_absolute_url()}"


class TestCitationFormats:
    def citation(self, client, style, url=OFFER):
        response = client.get(f"{url}cite/{style}/")
        assert response.status_code == 200
        return response

    def test_the_page_offers_each_format(self, client):
        html = client.get(OFFER).content.decode()
        for style, label in (("bibtex", "BibTeX"), ("ris", "RIS"), ("csl-json", "CSL-JSON")):
            assert f'<a href="{OFFER}cite/{style}/" download>{label}</a>' in html
        assert 'data-copy-target="cite-page-text"' in html
        assert "/static/js/copy-citation.js" in html

    def test_bibtex_names_the_page_and_its_permalink(self, client):
        event = Event.objects.get(slug="proposed-peace-talks-in-minsk")
        latest = Version.objects.get_for_object(event).first()
        response = self.citation(client, "bibtex")
        assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
        assert 'filename="kb-event-proposed-peace-talks-in-minsk.bib"' in response["Content-Disposition"]
        text = response.content.decode()
        assert text.startswith("@misc{kb-event-proposed-peace-talks-in-minsk,\n")
        assert "  author = {{Editors of the Minsk talks knowledge base}},\n" in text
        assert f"  title = {{{{{event.name}}}}},\n" in text
        assert f"  url = {{http://testserver{OFFER}?version={latest.pk}}},\n" in text
        assert f"  year = {{{event.updated_at:%Y}}},\n" in text

    def test_bibtex_escapes_what_latex_would_read_as_commands(self, client):
        actor = make_actor(name="Talks & 100% {rigged} #1 $x_y ~ ^ \\end")
        text = self.citation(client, "bibtex", actor.get_absolute_url()).content.decode()
        title = text.split("  title = ", 1)[1].split(",\n", 1)[0]
        assert title == (
            r"{{Talks \& 100\% \{rigged\} \#1 \$x\_y "
            r"\textasciitilde{} \textasciicircum{} \textbackslash{}end}}"
        )
        assert text.count("{") - text.count(r"\{") == text.count("}") - text.count(r"\}")

    def test_ris_has_one_tagged_line_per_field(self, client):
        response = self.citation(client, "ris")
        assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
        lines = response.content.decode().split("\r\n")
        fields = dict(line.split("  - ", 1) for line in lines if line)
        assert lines[0] == "TY  - ELEC"
        assert fields["TI"] == "Proposed Ukraine–U.S.–Russia peace talks in Minsk"
        assert fields["AU"] == "Editors of the Minsk talks knowledge base"
        assert fields["UR"].startswith(f"http://testserver{OFFER}?version=")
        assert lines[-2] == "ER  - "

    def test_a_line_break_in_a_name_cannot_add_a_ris_field(self, client):
        actor = make_actor(name="Name\r\nER  - \r\nTY  - JOUR")
        lines = self.citation(client, "ris", actor.get_absolute_url()).content.decode().split("\r\n")
        assert [line for line in lines if line.startswith("TY")] == ["TY  - ELEC"]

    def test_csl_json_is_a_list_with_one_webpage(self, client):
        event = Event.objects.get(slug="proposed-peace-talks-in-minsk")
        response = self.citation(client, "csl-json")
        assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
        (item,) = response.json()
        assert item["type"] == "webpage"
        assert item["title"] == event.name
        assert item["author"] == [{"literal": "Editors of the Minsk talks knowledge base"}]
        updated = event.updated_at
        assert item["issued"] == {"date-parts": [[updated.year, updated.month, updated.day]]}
        assert item["URL"].startswith(f"http://testserver{OFFER}?version=")

    def test_unknown_formats_and_drafts_are_not_found(self, client):
        assert client.get(f"{OFFER}cite/mla/").status_code == 404
        draft = make_actor(publication_status="draft")
        assert client.get(f"{draft.get_absolute_url()}cite/bibtex/").status_code == 404
