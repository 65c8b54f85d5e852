"""The admin's markdown preview: the public renderer, for editors only."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from kb import markdown
from tests.payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db

PREVIEW = "/admin/kb/markdown-preview/"


def test_an_editor_sees_markdown_rendered_as_the_public_site_renders_it(editor_client):
    response = editor_client.post(PREVIEW, {"text": "A **bold** [link](https://example.org)."})
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html


class ElementsFound(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_the_preview_sanitises_hostile_markdown(editor_client, payload):
    parser = ElementsFound()
    parser.feed(editor_client.post(PREVIEW, {"text": payload}).json()["html"])
    for tag, attributes in parser.elements:
        assert tag in markdown.ALLOWED_TAGS, (payload, tag)
        assert not any(name.startswith("on") or name == "style" for name in attributes), (payload, attributes)
        assert not (attributes.get("href") or "").strip().lower().startswith(("javascript:", "data:")), (
            payload
        )


def test_the_sanitising_check_would_catch_a_script():
    parser = ElementsFound()
    parser.feed('<p onclick="x()">a</p><script>alert(1)</script>')
    assert ("script", {}) in parser.elements and "script" not in markdown.ALLOWED_TAGS


def test_anonymous_readers_are_sent_to_log_in():
    response = Client().post(PREVIEW, {"text": "*hi*"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_edit_rights_are_turned_away(django_user_model):
    visitor = django_user_model.objects.create_user("viewer", password="x" * 20, is_staff=True)
    client = Client()
    client.force_login(visitor)
    assert client.post(PREVIEW, {"text": "*hi*"}).status_code == 302


def test_the_preview_takes_posts_only(editor_client):
    assert editor_client.get(PREVIEW, {"text": "*hi*"}).status_code == 405


def test_the_preview_refuses_cross_site_posts(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(PREVIEW, {"text": "*hi*"}).status_code == 403


@pytest.mark.parametrize(
    ("text", "message"),
    [("[" * 1001, "at most 1000"), ("x" * 50_001, "Too long to preview")],
)
def test_text_that_cannot_be_rendered_gets_a_message(editor_client, text, message):
    response = editor_client.post(PREVIEW, {"text": text})
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_markdown_fields_in_the_admin_are_marked_for_the_preview(editor_client):
    html = editor_client.get("/admin/kb/event/add/").content.decode()
    assert html.count(f'data-markdown-preview="{PREVIEW}"') == 2  # summary and body
    assert "kb/admin/markdown-preview.js" in html
    assert "data-markdown-preview" not in html.split('name="outcome"')[1].split(">")[0]
