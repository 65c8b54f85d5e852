from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from kb.markdown import ALLOWED_TAGS, render
from tests.payloads import XSS_PAYLOADS


class ElementCollector(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements_of(html):
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_renders_without_script_handlers_or_dangerous_urls(payload):
    html = render(payload)
    for tag, attributes in elements_of(html):
        assert tag in ALLOWED_TAGS, f"<{tag}> survived in {html!r}"
        assert not any(name.startswith("on") or name == "style" for name in attributes), html
        for name in ("href", "src", "action", "formaction"):
            url = attributes.get(name)
            if url is not None:
                assert urlsplit(url.strip()).scheme in {"", "http", "https", "mailto"}, html


def test_ordinary_markdown_keeps_its_formatting_and_safe_links():
    html = render("**Minsk** hosted [talks](https://example.org/talks).\n\n> A quote")
    assert "<strong>Minsk</strong>" in html
    assert '<a href="https://example.org/talks" rel="noopener noreferrer nofollow">talks</a>' in html
    assert "<blockquote>" in html


def test_empty_markdown_renders_to_empty_html():
    assert render("") == ""


def test_a_field_may_hold_many_links_but_not_unbounded_brackets():
    from django.core.exceptions import ValidationError

    from kb.markdown import MAX_BRACKETS, validate_markdown

    validate_markdown("[a](https://example.org) " * MAX_BRACKETS)
    with pytest.raises(ValidationError):
        validate_markdown("[" * (MAX_BRACKETS + 1))
