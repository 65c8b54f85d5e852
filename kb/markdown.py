"""The one place where editors' markdown becomes HTML that is safe to show.

Rendering happens when an entry is saved (see ``kb.signals``), never on a
read request. Whatever markdown lets through, nh3 then keeps only a short list
of tags and attributes, and only http, https and mailto links.
"""

from html import unescape

import markdown as markdown_lib
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "sane_lists", "smarty"]

# Python-Markdown's link parsing takes quadratic time in the number of “[”,
# so a field with tens of thousands of them would tie up a worker for minutes.
MAX_BRACKETS = 1_000


def validate_markdown(text):
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        raise ValidationError(
            "This text has %(count)d “[” characters; at most %(limit)d are allowed in one field.",
            code="too_many_brackets",
            params={"count": brackets, "limit": MAX_BRACKETS},
        )


def render(text):
    """Return sanitised HTML for a markdown string."""
    if not text:
        return ""
    html = markdown_lib.markdown(text, extensions=EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(html):
    """What stored HTML says, without its markup."""
    return unescape(strip_tags(html))
