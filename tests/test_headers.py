"""Every page type scores A+ on the MDN HTTP Observatory's rules as production serves it."""

from urllib.parse import urljoin

import pytest
from django.test import Client

from tests import observatory
from tests.browser.pages import PAGE_TYPES
from tests.test_outage import database_down  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

EVENT = "proposed-peace-talks-in-minsk"
OBSERVATORY_ORIGIN = "https://http-observatory.security.mozilla.org"
A_PLUS = 100

PUBLIC_PAGES = {
    **PAGE_TYPES,
    "agreement-list": "/agreements/",
    "actor-list": "/actors/",
    "venue-list": "/venues/",
    "search-without-results": "/search/?q=zzyzx-nothing-matches",
    "search-form": "/search/",
    "events-csv": "/events.csv",
    "search-csv": "/search.csv?q=Minsk",
    "citation-download": f"/events/{EVENT}/cite/bibtex/",
    "dataset-download": "/data/dataset.json",
    "latest-feed": "/feeds/latest/",
    "tag-feed": "/tags/neutral-venue/feed/",
    "sitemap-index": "/sitemap.xml",
    "sitemap-section": "/sitemap-events.xml",
    "robots": "/robots.txt",
    "api-list": "/api/v1/events/",
    "api-detail": f"/api/v1/events/{EVENT}/",
    "api-schema": "/api/v1/openapi.json",
    "api-docs": "/api/v1/docs",
    "api-not-found": "/api/v1/events/no-such-event/",
    "static-file": "/static/css/site.css",
    "admin-login": "/admin/login/",
}
SIGNED_IN_PAGES = {
    "admin-index": "/admin/",
    "admin-changelist": "/admin/kb/event/?publication_status__exact=published&q=Minsk",
    "admin-change": "/admin/kb/event/{event_id}/change/",
    "admin-add": "/admin/kb/agreement/add/",
    "admin-history": "/admin/kb/event/{event_id}/history/",
}
NOT_FOUND = {"not-found", "api-not-found"}


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("observed-admin", password="a-long-observed-password")


@pytest.fixture
def production(settings):
    """What kb.settings gives with DJANGO_DEBUG off."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    return settings


def exchange(client, path):
    """Fetch ``path`` as the Observatory does: over HTTPS with a CORS probe, and from plain HTTP."""
    response = client.get(path, secure=True, HTTP_ORIGIN=OBSERVATORY_ORIGIN)
    plain = client.get(path, follow=True)
    route = [f"http://testserver{path}"]
    for url, _status in plain.redirect_chain:
        route.append(urljoin(route[-1], url))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return observatory.Exchange(
        url=f"https://testserver{path}",
        status=response.status_code,
        headers={name: [value] for name, value in response.headers.items()},
        set_cookies=[morsel.OutputString() for morsel in response.cookies.values()],
        body=body.decode("utf-8", errors="replace"),
        http_route=route,
        cors_origin=OBSERVATORY_ORIGIN,
    )


def assert_a_plus(client, path, expected_status):
    """A+, and beyond the grade: no rule failed or penalised, and the headers the grade forgives are there."""
    seen = exchange(client, path)
    assert seen.status == expected_status, path
    report = observatory.score(seen)
    assert report.score >= A_PLUS, f"{path} scored {report.score} ({report.grade}): {report.shortfalls}"
    assert report.shortfalls == [], path
    assert report.result("content-security-policy") == "csp-implemented-with-no-unsafe-default-src-none", path
    assert report.result("referrer-policy") == "referrer-policy-private", path
    assert report.result("cross-origin-resource-policy") == "corp-implemented-with-same-origin", path
    # The Observatory does not score Cross-Origin-Opener-Policy.
    assert seen.first("cross-origin-opener-policy") == "same-origin", path
    return report


@pytest.mark.parametrize("page", sorted(PUBLIC_PAGES))
def test_every_public_page_type_scores_a_plus(client, production, page):
    report = assert_a_plus(client, PUBLIC_PAGES[page], 404 if page in NOT_FOUND else 200)
    assert report.result("strict-transport-security") == "hsts-implemented-max-age-at-least-six-months"
    assert report.result("redirection") == "redirection-to-https"


@pytest.mark.parametrize("page", sorted(SIGNED_IN_PAGES))
def test_every_admin_page_type_scores_a_plus_while_signed_in(client, production, admin_user, page):
    from kb.models import Event

    client.force_login(admin_user)
    event = Event.objects.get(slug=EVENT)
    assert_a_plus(client, SIGNED_IN_PAGES[page].format(event_id=event.pk), 200)


def test_the_sign_in_page_sets_only_secure_same_site_cookies(client, production):
    report = assert_a_plus(client, "/admin/login/", 200)
    assert report.result("cookies") == "cookies-secure-with-httponly-sessions-and-samesite"


def test_signing_in_sets_a_secure_http_only_session_cookie(client, production, django_user_model):
    django_user_model.objects.create_superuser("observed", password="a-long-observed-password")
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "observed", "password": "a-long-observed-password"},
        secure=True,
    )
    assert response.status_code == 302
    cookies = [morsel.OutputString() for morsel in response.cookies.values()]
    assert any(cookie.startswith("sessionid=") for cookie in cookies)
    seen = observatory.Exchange("https://testserver/admin/login/", 302, {}, set_cookies=cookies)
    assert observatory.cookies(seen).result == "cookies-secure-with-httponly-sessions-and-samesite"


# The scorer itself (tests/observatory.py): each rule can fail.

CSP = "Content-Security-Policy"
GOOD_HEADERS = {
    CSP: "default-src 'none'; script-src 'self'; frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}
SITE = "https://kb.example.org/"
HTTP_TO_HTTPS = ["http://kb.example.org/", SITE]


def scored(headers=None, body="", set_cookies=(), http_route=None, **changes):
    headers = {**GOOD_HEADERS, **(headers or {})}
    headers = {name: [value] for name, value in headers.items() if value is not None}
    return observatory.score(
        observatory.Exchange(
            SITE,
            200,
            headers,
            set_cookies=list(set_cookies),
            body=body,
            http_route=HTTP_TO_HTTPS if http_route is None else http_route,
            **changes,
        )
    )


def test_the_good_headers_earn_every_bonus_but_those_for_cookies_and_integrity():
    report = scored()
    assert (report.score, report.grade, report.shortfalls) == (130, "A+", [])


NO_FRAME_ANCESTORS = "x-frame-options-not-implemented"


# Bonuses (+) count only while the penalties (-) leave 90 or more; the good headers earn +30.
@pytest.mark.parametrize(
    ("changed", "test", "result", "expected_score"),
    [
        ({CSP: None}, "content-security-policy", "csp-not-implemented", 100 - 25 - 20),
        (
            {CSP: "default-src 'self'; script-src 'self' 'unsafe-inline'"},
            "content-security-policy",
            "csp-implemented-with-unsafe-inline",
            100 - 20 - 20,
        ),
        (
            {CSP: "default-src 'self'; script-src 'self' 'unsafe-eval'"},
            "content-security-policy",
            "csp-implemented-with-unsafe-eval",
            100 - 10 - 20,
        ),
        (
            {CSP: "default-src 'none'; style-src 'self' 'unsafe-inline'"},
            "content-security-policy",
            "csp-implemented-with-unsafe-inline-in-style-src-only",
            100 - 20,
        ),
        (
            {CSP: "default-src 'self'; frame-ancestors 'none'"},
            "content-security-policy",
            "csp-implemented-with-no-unsafe",
            100 + 5 + 5 + 5 + 10,
        ),
        (
            {CSP: "default-src 'none'; img-src http://cdn.example.org"},
            "content-security-policy",
            "csp-implemented-with-insecure-scheme-in-passive-content-only",
            100 - 10 - 20,
        ),
        (
            {CSP: "default-src 'none'; script-src 'self'; script-src 'none'"},
            "content-security-policy",
            "csp-header-invalid",
            100 - 25 - 20,
        ),
        ({"Strict-Transport-Security": None}, "strict-transport-security", "hsts-not-implemented", 100 - 20),
        (
            {"Strict-Transport-Security": "max-age=86400"},
            "strict-transport-security",
            "hsts-implemented-max-age-less-than-six-months",
            100 - 10 + 30,
        ),
        ({"Referrer-Policy": "unsafe-url"}, "referrer-policy", "referrer-policy-unsafe", 100 - 5 + 25),
        ({"Referrer-Policy": None}, "referrer-policy", "referrer-policy-not-implemented", 100 + 25),
        (
            {"X-Content-Type-Options": None},
            "x-content-type-options",
            "x-content-type-options-not-implemented",
            100 - 5 + 30,
        ),
        (
            {"Cross-Origin-Resource-Policy": "everyone"},
            "cross-origin-resource-policy",
            "corp-header-invalid",
            100 - 5 + 20,
        ),
        (
            {"Cross-Origin-Resource-Policy": None},
            "cross-origin-resource-policy",
            "corp-not-implemented",
            100 + 20,
        ),
        ({CSP: "default-src 'none'"}, "x-frame-options", NO_FRAME_ANCESTORS, 100 - 20),
        (
            {CSP: "default-src 'none'", "X-Frame-Options": "DENY"},
            "x-frame-options",
            "x-frame-options-sameorigin-or-deny",
            100 + 10 + 5 + 10,
        ),
    ],
)
def test_each_header_rule_moves_the_score_by_its_published_modifier(changed, test, result, expected_score):
    report = scored(changed)
    assert report.result(test) == result
    assert report.score == expected_score


def test_bonuses_count_only_when_the_score_without_them_is_an_a():
    report = scored({CSP: None, "X-Content-Type-Options": None})
    assert report.score == 100 - 25 - 20 - 5  # Without CSP, X-Frame-Options is missing too.


def test_a_missing_csp_alone_falls_below_a_plus():
    report = scored({CSP: None, "X-Frame-Options": "DENY"})
    assert (report.score, report.grade) == (75, "B")
    assert "content-security-policy: csp-not-implemented (-25)" in report.shortfalls


def test_unsafe_inline_is_not_excused_by_default_src_none():
    report = scored({CSP: "default-src 'none'; script-src 'self' 'unsafe-inline'"})
    assert report.result("content-security-policy") == "csp-implemented-with-unsafe-inline"
    assert report.grade != "A+"


def test_a_nonce_excuses_unsafe_inline_as_browsers_do():
    report = scored({CSP: "default-src 'none'; script-src 'nonce-abc' 'unsafe-inline'"})
    assert report.result("content-security-policy") == "csp-implemented-with-no-unsafe-default-src-none"


def test_a_report_only_policy_is_not_a_policy():
    report = scored({CSP: None, "Content-Security-Policy-Report-Only": "default-src 'none'"})
    assert report.result("content-security-policy") == "csp-not-implemented-but-reporting-enabled"


def test_a_policy_in_a_meta_tag_counts():
    body = (
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; frame-ancestors 'none'\">"
    )
    report = scored({CSP: None}, body=body)
    assert report.result("content-security-policy") == "csp-implemented-with-no-unsafe-default-src-none"


@pytest.mark.parametrize(
    ("cookie", "result"),
    [
        ("csrftoken=x; Path=/; SameSite=Lax; Secure", "cookies-secure-with-httponly-sessions-and-samesite"),
        ("csrftoken=x; Path=/; Secure", "cookies-anticsrf-without-samesite-flag"),
        ("sessionid=x; Path=/; Secure; SameSite=Lax", "cookies-session-without-httponly-flag"),
        (
            "sessionid=x; HttpOnly; Path=/; SameSite=Lax",
            "cookies-session-without-secure-flag-but-protected-by-hsts",
        ),
        ("theme=dark; Path=/; SameSite=Sideways; Secure", "cookies-samesite-flag-invalid"),
    ],
)
def test_cookie_flags_are_judged_as_the_observatory_judges_them(cookie, result):
    assert scored(set_cookies=[cookie]).result("cookies") == result


def test_insecure_session_cookies_without_hsts_are_the_worst_cookie_result():
    report = scored({"Strict-Transport-Security": None}, set_cookies=["sessionid=x; HttpOnly; SameSite=Lax"])
    assert report.result("cookies") == "cookies-session-without-secure-flag"


@pytest.mark.parametrize(
    ("route", "result"),
    [
        (["http://kb.example.org/"], "redirection-missing"),
        (
            ["http://kb.example.org/", "http://kb.example.org/x", SITE],
            "redirection-not-to-https-on-initial-redirection",
        ),
        (["http://kb.example.org/", "https://www.example.org/"], "redirection-off-host-from-http"),
        (HTTP_TO_HTTPS, "redirection-to-https"),
    ],
)
def test_plain_http_must_redirect_to_https_on_the_same_host(route, result):
    assert scored(http_route=route).result("redirection") == result


@pytest.mark.parametrize(
    ("script", "result"),
    [
        (
            '<script src="/static/js/a.js"></script>',
            "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        ),
        (
            '<script src="https://cdn.other.net/a.js"></script>',
            "sri-not-implemented-but-external-scripts-loaded-securely",
        ),
        (
            '<script src="http://cdn.other.net/a.js"></script>',
            "sri-not-implemented-and-external-scripts-not-loaded-securely",
        ),
        (
            '<script src="https://cdn.other.net/a.js" integrity="sha384-x" crossorigin></script>',
            "sri-implemented-and-external-scripts-loaded-securely",
        ),
        ("<p>No scripts.</p>", "sri-not-implemented-but-no-scripts-loaded"),
    ],
)
def test_scripts_from_elsewhere_need_https_and_integrity(script, result):
    report = scored({"Content-Type": "text/html; charset=utf-8"}, body=script)
    assert report.result("subresource-integrity") == result


def test_a_cors_policy_that_echoes_the_origin_with_credentials_is_penalised():
    headers = {"Access-Control-Allow-Origin": OBSERVATORY_ORIGIN, "Access-Control-Allow-Credentials": "true"}
    report = scored(headers, cors_origin=OBSERVATORY_ORIGIN)
    assert (
        report.result("cross-origin-resource-sharing")
        == "cross-origin-resource-sharing-implemented-with-universal-access"
    )
    assert report.score == 100 - 50


def not_modified(client):
    etag = client.get("/api/v1/events/", secure=True)["ETag"]
    return client.get("/api/v1/events/", secure=True, HTTP_IF_NONE_MATCH=etag)


ANSWERS_BESIDE_PAGES = {
    "not-modified": (304, not_modified),
    "bad-host": (400, lambda client: client.get("/events/", secure=True, HTTP_HOST="elsewhere.example")),
    "csrf-failure": (403, lambda client: Client(enforce_csrf_checks=True).post("/admin/login/", secure=True)),
    "method-not-allowed": (405, lambda client: client.post("/events/", secure=True)),
}


@pytest.mark.parametrize("answer", sorted(ANSWERS_BESIDE_PAGES))
def test_conditional_and_error_answers_carry_the_same_protective_headers(client, production, answer):
    status, fetch = ANSWERS_BESIDE_PAGES[answer]
    assert_protective_headers(fetch(client), status)


@pytest.mark.usefixtures("database_down")
def test_the_outage_page_carries_the_same_protective_headers(production):
    assert_protective_headers(Client(raise_request_exception=False).get("/events/", secure=True), 503)


def assert_protective_headers(response, status):
    assert response.status_code == status
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
