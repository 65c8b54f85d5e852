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
