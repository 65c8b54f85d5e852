"""The MDN HTTP Observatory's scoring, reimplemented to grade test-client responses offline.

Followed rule for rule from https://github.com/mdn/mdn-http-observatory:

- src/analyzer/cspParser.js                       parse_csp
- src/analyzer/tests/csp.js                       content_security_policy
- src/analyzer/tests/cookies.js                   cookies
- src/analyzer/tests/cors.js                      cross_origin_resource_sharing
- src/analyzer/tests/redirection.js               redirection
- src/analyzer/tests/referrer-policy.js           referrer_policy
- src/analyzer/tests/strict-transport-security.js strict_transport_security
- src/analyzer/tests/subresource-integrity.js     subresource_integrity
- src/analyzer/tests/x-content-type-options.js    x_content_type_options
- src/analyzer/tests/x-frame-options.js           x_frame_options
- src/analyzer/tests/cross-origin-resource-policy.js  cross_origin_resource_policy
- src/grader/charts.js (SCORE_TABLE, GRADE_CHART, MINIMUM_SCORE_FOR_EXTRA_CREDIT), src/grader/grader.js
  and src/scanner/index.js (how modifiers add up)                      MODIFIERS, grade, score
- src/types.js (the Expectation names)

and the published methodology, https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring:
start at 100, add every modifier, but keep the bonuses only if the score without them is 90 or more.

Where there is no network the scan cannot be reproduced, and this module says so instead of guessing:
the HSTS preload list is not consulted (no ``hsts-preloaded``, no ``redirection-all-redirects-preloaded``),
certificates count as valid, the registrable domain of a host is its last two labels (tldts in the
original; an IP address or a dotless host has none), and the cookie jar is the response's own Set-Cookie
headers. The Observatory refuses to grade a response that is not 2xx; this one grades any status,
since browsers enforce the headers of a 404 page or a redirect all the same.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from ipaddress import ip_address
from urllib.parse import unquote, urlsplit

START = 100
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
GRADE_CHART = {
    100: "A+",
    95: "A",
    90: "A",
    85: "A-",
    80: "B+",
    75: "B",
    70: "B",
    65: "B-",
    60: "C+",
    55: "C",
    50: "C",
    45: "C-",
    40: "D+",
    35: "D",
    30: "D",
    25: "D-",
    20: "F",
    15: "F",
    10: "F",
    5: "F",
    0: "F",
}
# SCORE_TABLE's modifiers, by Expectation.
MODIFIERS = {
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "csp-not-implemented-but-reporting-enabled": -25,
    "csp-implemented-but-duplicate-directives": 0,
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    "redirection-all-redirects-preloaded": 0,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    "redirection-invalid-cert": -20,
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    "hsts-preloaded": 5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    "hsts-invalid-cert": -20,
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    "corp-header-invalid": -5,
    "corp-implemented-with-cross-origin": 0,
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-same-site": 10,
    "corp-not-implemented": 0,
}
HTML_TYPES = {"text/html", "application/xhtml+xml"}


@dataclass
class Exchange:
    """What the scanner saw of one address: the final HTTPS response, and the way there from plain HTTP."""

    url: str
    status: int
    headers: dict[str, list[str]]
    set_cookies: list[str] = field(default_factory=list)
    body: str = ""
    # Every URL from the plain-HTTP address to where its redirects ended; None when nothing answers on HTTP.
    http_route: list[str] | None = None
    # The Origin the CORS probe sent; its answer is read from ``headers``.
    cors_origin: str | None = None
    meta: dict[str, list[str]] = field(init=False)

    def __post_init__(self):
        self.headers = {name.lower(): values for name, values in self.headers.items()}
        self.meta = http_equiv(self.body) if self.content_type in HTML_TYPES | {""} else {}

    def all(self, name):
        return self.headers.get(name, [])

    def first(self, name):
        return next(iter(self.all(name)), None)

    @property
    def content_type(self):
        return (self.first("content-type") or "").split(";")[0]

    @property
    def is_https(self):
        return urlsplit(self.url).scheme == "https"


@dataclass
class Result:
    test: str
    result: str
    passed: bool

    @property
    def modifier(self):
        return MODIFIERS[self.result]

    def __str__(self):
        return f"{self.test}: {self.result} ({self.modifier:+d})"


@dataclass
class Report:
    score: int
    grade: str
    results: list[Result]

    def result(self, test):
        return next(result.result for result in self.results if result.test == test)

    @property
    def shortfalls(self):
        """The failed or penalised tests, as the Observatory names them."""
        return [str(result) for result in self.results if not result.passed or result.modifier < 0]


class InvalidPolicy(ValueError):
    pass


class _MetaAndScripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.http_equiv = {}
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("http-equiv") and attributes.get("content") is not None:
            self.http_equiv.setdefault(attributes["http-equiv"].lower(), []).append(attributes["content"])
        elif tag == "script":
            self.scripts.append(attributes)


def _parse_html(body):
    parser = _MetaAndScripts()
    parser.feed(body)
    parser.close()
    return parser


def http_equiv(body):
    return _parse_html(body).http_equiv


# -- Content Security Policy (cspParser.js, tests/csp.js) --

DIRECTIVES_DISALLOWED_IN_META = ("frame-ancestors", "report-uri", "sandbox")
ALLOWED_DUPLICATE_KEYS = {"report-uri", "report-to"}
DUPLICATES = "_observatory_duplicate_warnings"
SHORTEST_DIRECTIVE_LENGTH = len("img-src") - 1
DANGEROUSLY_BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
DANGEROUSLY_BROAD_AND_UNSAFE_INLINE = DANGEROUSLY_BROAD | UNSAFE_INLINE
PASSIVE_DIRECTIVES = ("img-src", "media-src")
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")


@dataclass
class _Source:
    source: str
    index: int
    keep: bool


def _path_part_match(path_a, path_b):
    if not path_a:
        return True
    if path_a == "/" and not path_b:
        return True
    exact = not path_a.endswith("/")
    parts_a, parts_b = path_a.split("/"), path_b.split("/")
    if len(parts_a) > len(parts_b) or (exact and len(parts_a) != len(parts_b)):
        return False
    if not exact:
        parts_a.pop()
    return all(unquote(a) == unquote(b) for a, b in zip(parts_a, parts_b, strict=False))


def parse_csp(policies):
    """Directive name -> set of sources; with several policies, only what all of them allow.

    Sorting is by code point where the original uses Intl.Collator("en"); the two only disagree
    about which neighbours a multi-policy merge compares.
    """
    clean = [policy.replace("\r", "").replace("\n", "").strip() for policy in policies]
    for policy in clean:
        if len(policy) < SHORTEST_DIRECTIVE_LENGTH:
            raise InvalidPolicy(policy)
    csp, duplicates = {}, set()
    for index, policy in enumerate(clean):
        seen = set()
        for entry in policy.split(";"):
            words = entry.strip().split()
            if not words:
                continue
            directive, values = words[0].lower(), words[1:]
            if directive in seen:
                if directive not in ALLOWED_DUPLICATE_KEYS:
                    raise InvalidPolicy(f"duplicate {directive} in policy {index}")
                duplicates.add(directive)
            seen.add(directive)
            keep = index == 0
            sources = [_Source(value.strip().lower(), index, keep) for value in values]
            if not values and directive.endswith("-src"):
                sources = [_Source("'none'", index, keep)]
            combined = sources if index == 0 else [*csp.get(directive, []), *sources]
            combined.sort(key=lambda source: source.source)
            for previous, source in zip(combined, combined[1:], strict=False):
                if source.index == previous.index and source.source.startswith(previous.source):
                    source.keep = False
                if source.index != previous.index and _path_part_match(previous.source, source.source):
                    source.keep = True
            csp[directive] = [source for source in combined if source.keep]
            if index == 0 and len(clean) > 1:
                for source in csp[directive]:
                    source.keep = False
    parsed = {
        directive: {source.source for source in sources} or {"'none'"} for directive, sources in csp.items()
    }
    if duplicates:
        parsed[DUPLICATES] = duplicates
    return parsed


def _split_policies(values):
    return [policy.strip() for value in values for policy in value.split(",")]


def _starts_with_nonce_or_hash(sources):
    return any(source.startswith(NONCES_HASHES) for source in sources)


@dataclass
class _CspOutcome:
    result: str
    passed: bool = False
    data: dict | None = None


def _csp_outcome(exchange):
    http_policies = _split_policies(exchange.all("content-security-policy"))
    meta_policies = _split_policies(exchange.meta.get("content-security-policy", []))
    try:
        csp = parse_csp([*http_policies, *meta_policies])
    except InvalidPolicy:
        return _CspOutcome("csp-header-invalid")
    try:
        http_only = parse_csp(http_policies)
    except InvalidPolicy:
        http_only = {}
    try:
        meta = parse_csp(meta_policies)
        for directive in DIRECTIVES_DISALLOWED_IN_META:
            meta.pop(directive, None)
    except InvalidPolicy:
        meta = {}
    if not http_only and not meta:
        if exchange.first("content-security-policy-report-only"):
            return _CspOutcome("csp-not-implemented-but-reporting-enabled")
        return _CspOutcome("csp-not-implemented")

    # base-uri, form-action and frame-ancestors are reported by the original but not scored.
    result = None
    object_src = csp.get("object-src") or csp.get("default-src") or {"*"}
    script_src = csp.get("script-src") or csp.get("default-src") or {"*"}
    style_src = csp.get("style-src") or csp.get("default-src") or {"*"}

    for sources in (script_src, style_src):
        if _starts_with_nonce_or_hash(sources):
            sources.discard("'unsafe-inline'")
    if _starts_with_nonce_or_hash(script_src) and "'strict-dynamic'" in script_src:
        for source in list(script_src):
            if source.startswith(tuple(DANGEROUSLY_BROAD)) or source in {"'self'", "'unsafe-inline'"}:
                script_src.discard(source)
    elif "'strict-dynamic'" in script_src:
        result = "csp-header-invalid"

    active = [
        source
        for directive, sources in csp.items()
        if directive not in PASSIVE_DIRECTIVES and directive != "script-src"
        for source in sources
    ] + list(script_src)
    passive = [
        source
        for directive in PASSIVE_DIRECTIVES
        for source in (csp.get(directive) or csp.get("default-src") or set())
    ]

    def insecure(sources):
        return exchange.is_https and any(source.startswith(("http:", "ftp:")) for source in sources)

    checks = [
        (
            script_src & DANGEROUSLY_BROAD_AND_UNSAFE_INLINE or object_src & DANGEROUSLY_BROAD,
            "csp-implemented-with-unsafe-inline",
        ),
        (insecure(active), "csp-implemented-with-insecure-scheme"),
        ("'unsafe-eval'" in script_src | style_src, "csp-implemented-with-unsafe-eval"),
        (insecure(passive), "csp-implemented-with-insecure-scheme-in-passive-content-only"),
        (
            style_src & DANGEROUSLY_BROAD_AND_UNSAFE_INLINE,
            "csp-implemented-with-unsafe-inline-in-style-src-only",
        ),
        (csp.get("default-src") == {"'none'"}, "csp-implemented-with-no-unsafe-default-src-none"),
        (True, "csp-implemented-with-no-unsafe"),
    ]
    result = result or next(expectation for failing, expectation in checks if failing)
    outcome = _CspOutcome(result, data={key: value for key, value in csp.items() if key != DUPLICATES})
    if result in {
        "csp-implemented-with-no-unsafe",
        "csp-implemented-with-no-unsafe-default-src-none",
        "csp-implemented-with-unsafe-inline-in-style-src-only",
        "csp-implemented-with-insecure-scheme-in-passive-content-only",
    }:
        outcome.passed = True
        if DUPLICATES in csp:
            outcome.result = "csp-implemented-but-duplicate-directives"
    return outcome


def content_security_policy(exchange):
    outcome = _csp_outcome(exchange)
    return Result("content-security-policy", outcome.result, outcome.passed)


# -- Cookies (tests/cookies.js) --

COOKIE_GOODNESS = [
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
]


def _only_if_worse(new, old, order):
    if old is None or order.index(new) > order.index(old):
        return new
    return old


@dataclass
class _Cookie:
    key: str
    secure: bool = False
    http_only: bool = False
    same_site: str | None = None


def _parse_cookie(raw):
    """As tough-cookie reads a Set-Cookie line: an unknown SameSite value becomes "unspecified"."""
    name_value, *attributes = raw.split(";")
    cookie = _Cookie(key=name_value.split("=", 1)[0].strip())
    for attribute in attributes:
        name, _, value = attribute.strip().partition("=")
        name = name.strip().lower()
        if name == "secure":
            cookie.secure = True
        elif name == "httponly":
            cookie.http_only = True
        elif name == "samesite":
            value = value.strip().lower()
            cookie.same_site = value if value in {"strict", "lax", "none"} else "unspecified"
    return cookie


def _has_invalid_same_site(raw):
    for part in raw.strip().split(";"):
        key, *rest = part.strip().split("=")
        if key.strip().lower() == "samesite":
            value = rest[0] if rest else ""
            if not value or value.strip().lower() not in {"lax", "strict", "none"}:
                return True
    return False


def cookies(exchange):
    hsts = strict_transport_security(exchange).passed
    result = None
    for raw in exchange.set_cookies:
        if _has_invalid_same_site(raw):
            result = _only_if_worse("cookies-samesite-flag-invalid", result, COOKIE_GOODNESS)
    jar = [cookie for cookie in map(_parse_cookie, exchange.set_cookies) if cookie.key]
    if not jar:
        result = "cookies-not-found"
    else:
        missing_same_site = False
        for cookie in jar:
            session = any(word in cookie.key.lower() for word in ("login", "sess"))
            anticsrf = "csrf" in cookie.key.lower()
            worse = []
            if not cookie.secure and cookie.same_site == "none":
                worse.append("cookies-samesite-flag-invalid")
            if not cookie.secure:
                worse.append(
                    "cookies-without-secure-flag-but-protected-by-hsts"
                    if hsts
                    else "cookies-without-secure-flag"
                )
            if anticsrf and not cookie.same_site:
                worse.append("cookies-anticsrf-without-samesite-flag")
            if session and not cookie.secure:
                worse.append(
                    "cookies-session-without-secure-flag-but-protected-by-hsts"
                    if hsts
                    else "cookies-session-without-secure-flag"
                )
            if session and not cookie.http_only:
                worse.append("cookies-session-without-httponly-flag")
            for expectation in worse:
                result = _only_if_worse(expectation, result, COOKIE_GOODNESS)
            missing_same_site = missing_same_site or not cookie.same_site
        if result is None:
            result = (
                "cookies-secure-with-httponly-sessions"
                if missing_same_site
                else "cookies-secure-with-httponly-sessions-and-samesite"
            )
    passed = result in {
        "cookies-not-found",
        "cookies-secure-with-httponly-sessions-and-samesite",
        "cookies-secure-with-httponly-sessions",
    }
    return Result("cookies", result, passed)


# -- Cross-origin resource sharing (tests/cors.js) --


def cross_origin_resource_sharing(exchange):
    allowed = exchange.first("access-control-allow-origin")
    credentials = exchange.first("access-control-allow-credentials")
    result = "cross-origin-resource-sharing-not-implemented"
    if allowed:
        if allowed.strip().lower() == "*":
            result = "cross-origin-resource-sharing-implemented-with-public-access"
        elif exchange.cors_origin == allowed and credentials and credentials.strip().lower() == "true":
            result = "cross-origin-resource-sharing-implemented-with-universal-access"
        else:
            result = "cross-origin-resource-sharing-implemented-with-restricted-access"
    passed = result != "cross-origin-resource-sharing-implemented-with-universal-access"
    return Result("cross-origin-resource-sharing", result, passed)


# -- Redirection (tests/redirection.js) --


def redirection(exchange):
    route = [urlsplit(url) for url in exchange.http_route or []]
    if not route:
        result = "redirection-not-needed-no-http"
    elif len(route) == 1:
        result = "redirection-missing"
    elif route[-1].scheme != "https":
        result = "redirection-not-to-https"
    elif route[1].scheme == "http":
        result = "redirection-not-to-https-on-initial-redirection"
    elif route[0].scheme == "http" and route[1].scheme == "https" and route[0].hostname != route[1].hostname:
        result = "redirection-off-host-from-http"
    else:
        result = "redirection-to-https"
    passed = result in {
        "redirection-not-needed-no-http",
        "redirection-all-redirects-preloaded",
        "redirection-to-https",
    }
    return Result("redirection", result, passed)


# -- Referrer-Policy (tests/referrer-policy.js) --

PRIVATE_REFERRER_POLICIES = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]
UNSAFE_REFERRER_POLICIES = ["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"]


def referrer_policy(exchange):
    values = [*exchange.all("referrer-policy"), *exchange.meta.get("referrer-policy", [])]
    if not values:
        return Result("referrer-policy", "referrer-policy-not-implemented", True)
    known = PRIVATE_REFERRER_POLICIES + UNSAFE_REFERRER_POLICIES
    policies = [policy.strip().lower() for policy in ", ".join(values).split(",")]
    policy = next((policy for policy in reversed(policies) if policy in known), "")
    if policy in PRIVATE_REFERRER_POLICIES:
        return Result("referrer-policy", "referrer-policy-private", True)
    if policy in UNSAFE_REFERRER_POLICIES:
        return Result("referrer-policy", "referrer-policy-unsafe", False)
    return Result("referrer-policy", "referrer-policy-header-invalid", False)


# -- Strict-Transport-Security (tests/strict-transport-security.js) --

SIX_MONTHS = 15_552_000  # The original's "white lie": 180 days rather than 15768000.


def strict_transport_security(exchange):
    result = "hsts-not-implemented"
    if not exchange.is_https:
        result = "hsts-not-implemented-no-https"
    elif header := exchange.first("strict-transport-security"):
        result = _hsts_result(header[:1024])
    passed = result in {"hsts-implemented-max-age-at-least-six-months", "hsts-preloaded"}
    return Result("strict-transport-security", result, passed)


def _hsts_result(header):
    if "," in header:
        return "hsts-header-invalid"
    max_age = None
    for parameter in (part.strip().lower() for part in header.split(";")):
        if parameter.startswith("max-age="):
            max_age = _parse_int(parameter[8:128])
    if max_age is None:
        return "hsts-header-invalid"
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months"
    return "hsts-implemented-max-age-at-least-six-months"


def _parse_int(text):
    """JavaScript's parseInt(text, 10); NaN, which is never less than anything, when there are no digits."""
    match = re.match(r"\s*([+-]?\d+)", text)
    return int(match.group(1)) if match else float("nan")


# -- Subresource integrity (tests/subresource-integrity.js) --

SRI_GOODNESS = [
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
    "sri-not-implemented-response-not-html",
]


def registrable_domain(host):
    """tldts's ``domain``, roughly: none for an IP address or a dotless name, else the last two labels."""
    if not host or "." not in host:
        return None
    try:
        ip_address(host)
    except ValueError:
        return ".".join(host.split(".")[-2:])
    return None


def subresource_integrity(exchange):
    if exchange.content_type and exchange.content_type not in HTML_TYPES:
        result = "sri-not-implemented-response-not-html"
    else:
        result = _sri_result(exchange)
    passed = result in {
        "sri-implemented-and-all-scripts-loaded-securely",
        "sri-implemented-and-external-scripts-loaded-securely",
        "sri-not-implemented-response-not-html",
        "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        "sri-not-implemented-but-no-scripts-loaded",
    }
    return Result("subresource-integrity", result, passed)


def _sri_result(exchange):
    scripts = _parse_html(exchange.body).scripts
    if not scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    result, on_foreign_origin = None, False
    site_domain = registrable_domain(urlsplit(exchange.url).hostname)
    for script in scripts:
        src = script.get("src")
        if not src:
            continue
        integrity = script.get("integrity")
        relative_protocol = src.startswith("//") and src[2:3] not in ("", "/")
        full_url = src.startswith(("http://", "https://"))
        relative_origin = not relative_protocol and not full_url
        same_domain = relative_protocol or relative_origin
        if full_url:
            same_domain = registrable_domain(urlsplit(src).hostname) == site_domain
        secure_origin = relative_origin or (same_domain and not relative_protocol)
        on_foreign_origin = on_foreign_origin or not secure_origin
        secure_scheme = (full_url and src.startswith("https://")) or (relative_origin and exchange.is_https)
        if secure_origin:
            if integrity and secure_scheme and result is None:
                result = "sri-implemented-and-all-scripts-loaded-securely"
        elif integrity and not secure_scheme:
            result = _only_if_worse(
                "sri-implemented-but-external-scripts-not-loaded-securely", result, SRI_GOODNESS
            )
        elif not integrity and secure_scheme:
            result = _only_if_worse(
                "sri-not-implemented-but-external-scripts-loaded-securely", result, SRI_GOODNESS
            )
        elif not integrity:
            result = _only_if_worse(
                "sri-not-implemented-and-external-scripts-not-loaded-securely", result, SRI_GOODNESS
            )
    if result is None:
        if on_foreign_origin:
            return "sri-implemented-and-external-scripts-loaded-securely"
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
    return result


# -- X-Content-Type-Options, X-Frame-Options, Cross-Origin-Resource-Policy --


def x_content_type_options(exchange):
    header = exchange.first("x-content-type-options")
    if header is None:
        result = "x-content-type-options-not-implemented"
    elif header[:256].strip().lower() == "nosniff":
        result = "x-content-type-options-nosniff"
    else:
        result = "x-content-type-options-header-invalid"
    return Result("x-content-type-options", result, result == "x-content-type-options-nosniff")


def x_frame_options(exchange):
    header = exchange.first("x-frame-options")
    result = "x-frame-options-not-implemented"
    if header:
        value = header[:1024].strip().lower()
        if value in {"deny", "sameorigin"}:
            result = "x-frame-options-sameorigin-or-deny"
        elif value.startswith("allow-from"):
            result = "x-frame-options-allow-from-origin"
        else:
            result = "x-frame-options-header-invalid"
    csp_data = _csp_outcome(exchange).data
    if csp_data and csp_data.get("frame-ancestors"):
        result = "x-frame-options-implemented-via-csp"
    passed = result not in {"x-frame-options-not-implemented", "x-frame-options-header-invalid"}
    return Result("x-frame-options", result, passed)


def cross_origin_resource_policy(exchange):
    header = exchange.first("cross-origin-resource-policy")
    meta = exchange.meta.get("cross-origin-resource-policy")
    value = header or (meta[-1] if meta else None)
    results = {
        "same-site": "corp-implemented-with-same-site",
        "same-origin": "corp-implemented-with-same-origin",
        "cross-origin": "corp-implemented-with-cross-origin",
    }
    result = "corp-not-implemented"
    if value:
        result = results.get(value[:256].strip().lower(), "corp-header-invalid")
    return Result("cross-origin-resource-policy", result, result != "corp-header-invalid")


# -- The grade (grader/grader.js, scanner/index.js) --

TESTS = [
    content_security_policy,
    cookies,
    cross_origin_resource_sharing,
    redirection,
    referrer_policy,
    strict_transport_security,
    subresource_integrity,
    x_content_type_options,
    x_frame_options,
    cross_origin_resource_policy,
]


def grade(score):
    score = max(score, 0)
    return GRADE_CHART[min(score - score % 5, 100)]


def score(exchange):
    results = [test(exchange) for test in TESTS]
    with_extra_credit = START + sum(result.modifier for result in results)
    uncurved = START + sum(result.modifier for result in results if result.modifier < 0)
    total = max(with_extra_credit if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved, 0)
    return Report(total, grade(total), results)
