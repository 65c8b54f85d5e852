import pytest

from kb.markdown import render

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<div onmouseover="alert(1)">hover</div>',
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115'
    '&#0000099&#0000114&#0000105&#0000112&#0000116:alert(1)">x</a>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
]

FORBIDDEN = [
    "<script",
    "javascript:",
    "vbscript:",
    "data:",
    "onerror",
    "onload",
    "onmouseover",
    "ontoggle",
    "<iframe",
    "<svg",
    "<object",
    "<embed",
    "<style",
    "style=",
    "<form",
    "<meta",
    "<img",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markdown_renders_without_script_handlers_or_dangerous_urls(payload):
    html = render(payload).lower()
    for fragment in FORBIDDEN:
        assert fragment not in html, f"{fragment!r} survived in {html!r}"


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
