"""Admin sign-in is paused after a few failures, per user name and per address, for a cool-off."""

import ast
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from kb.client_address import client_address
from tests.test_commands import settings_subprocess

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-correct-password"
WRONG = "not-the-password"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Every attempt checks a password; a cheap hasher keeps the many attempts here quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("chief-editor", password=PASSWORD)


def sign_in(username, password, address="192.0.2.1", **headers):
    """One attempt from a fresh browser, as the admin's sign-in form sends it."""
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    response.signed_in = "_auth_user_id" in client.session
    return response


def fail(times, username="chief-editor", address="192.0.2.1", **headers):
    return [sign_in(username, WRONG, address, **headers).status_code for _ in range(times)]


def is_refused(response):
    return response.status_code == 429 and not response.signed_in


def test_failures_for_one_name_from_many_addresses_lock_that_name(staff, django_user_model):
    django_user_model.objects.create_superuser("other-editor", password=PASSWORD)
    statuses = [sign_in("chief-editor", WRONG, f"198.51.100.{n}").status_code for n in range(LIMIT)]

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert is_refused(sign_in("chief-editor", PASSWORD, "203.0.113.99"))
    assert sign_in("other-editor", PASSWORD, "203.0.113.99").signed_in


def test_failures_from_one_address_for_many_names_lock_that_address(staff):
    statuses = [sign_in(f"guess-{n}", WRONG, "198.51.100.7").status_code for n in range(LIMIT)]

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert is_refused(sign_in("chief-editor", PASSWORD, "198.51.100.7"))
    assert sign_in("chief-editor", PASSWORD, "198.51.100.8").signed_in


def test_the_lockout_page_says_what_happened_and_how_long_to_wait(staff):
    fail(LIMIT)
    response = sign_in("chief-editor", PASSWORD)
    page = response.content.decode()

    assert is_refused(response)
    assert response["Content-Type"].startswith("text/html")
    assert "Sign-in paused" in page
    assert "even with the right password" in page
    assert "Try again in 15 minutes." in page
    assert "Traceback" not in page and "axes" not in page.lower()


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(staff):
    assert fail(LIMIT - 1) == [200] * (LIMIT - 1)
    assert sign_in("chief-editor", PASSWORD).signed_in


class Clock:
    """Axes' clock, moved on by hand: it stamps each attempt and measures the cool-off from it."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    moving = Clock()
    with mock.patch("axes.handlers.proxy.now", lambda: moving.now):
        yield moving


def test_the_cool_off_ends_after_fifteen_minutes(staff, clock):
    fail(LIMIT)
    clock.advance(minutes=14, seconds=59)
    assert is_refused(sign_in("chief-editor", PASSWORD))

    # That refused attempt started the wait again.
    clock.advance(minutes=14, seconds=59)
    assert is_refused(sign_in("chief-editor", WRONG))
    clock.advance(minutes=15, seconds=1)
    assert sign_in("chief-editor", PASSWORD).signed_in


def test_a_successful_sign_in_resets_the_count(staff):
    fail(LIMIT - 1)
    assert sign_in("chief-editor", PASSWORD).signed_in
    assert not AccessAttempt.objects.exists()

    assert fail(LIMIT - 1) == [200] * (LIMIT - 1)
    assert sign_in("chief-editor", PASSWORD).signed_in


def test_without_a_proxy_the_forwarded_header_is_ignored(staff):
    for n in range(LIMIT):
        sign_in(f"guess-{n}", WRONG, "198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    assert is_refused(sign_in("chief-editor", PASSWORD, "198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.50"))


def proxy_settings(proxy_count):
    """The address settings kb.settings makes from the environment when DJANGO_BEHIND_PROXY is on."""
    names = ("AXES_CLIENT_IP_CALLABLE", "KB_PROXY_COUNT")
    code = f"from django.conf import settings as s; print({{n: getattr(s, n) for n in {names!r}}})"
    env = {"DJANGO_BEHIND_PROXY": "1", "DJANGO_PROXY_COUNT": str(proxy_count), "PATH": ""}
    result = settings_subprocess(env, code)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout)


# Each proxy appends the address it was reached from; the last proxy itself is REMOTE_ADDR.
CLIENT, LAST_PROXY = "203.0.113.7", "10.0.0.2"
INNER_PROXIES = {1: [], 2: ["10.0.0.1"]}
FORGED = [
    "198.51.100.1",
    "198.51.100.2, 198.51.100.3",
    "not-an-address",
    "unknown",
    "::1",
    # An unclosed quote once made a header parser swallow the address our proxy appended.
    '198.51.100.4, "x',
    '"',
    "198.51.100.5;for=198.51.100.6",
]


def forwarded_for(proxy_count, client, sent=""):
    return ", ".join(filter(None, [sent, client, *INNER_PROXIES[proxy_count]]))


@pytest.mark.parametrize("proxy_count", [1, 2])
def test_behind_a_proxy_the_address_it_saw_is_counted_whatever_the_client_forged(staff, proxy_count):
    def attempt(username, password, client, sent=""):
        header = forwarded_for(proxy_count, client, sent)
        return sign_in(username, password, LAST_PROXY, HTTP_X_FORWARDED_FOR=header)

    with override_settings(**proxy_settings(proxy_count)):
        for n, sent in enumerate(FORGED):
            attempt(f"guess-{n}", WRONG, CLIENT, sent=sent)

        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}
        assert is_refused(attempt("chief-editor", PASSWORD, CLIENT))
        assert attempt("chief-editor", PASSWORD, "198.51.100.9").signed_in


def test_only_superusers_may_see_or_clear_the_failed_sign_ins(staff, editor_client, reviewer_client):
    fail(LIMIT)
    attempt = AccessAttempt.objects.get()
    assert not Permission.objects.filter(group__isnull=False, content_type__app_label="axes").exists()
    for client in (editor_client, reviewer_client):
        assert client.get("/admin/axes/accessattempt/").status_code == 403
        assert (
            client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 403
        )
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()

    superuser = Client()
    superuser.force_login(staff)
    assert (
        superuser.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert sign_in("chief-editor", PASSWORD).signed_in


@pytest.mark.parametrize("sent", FORGED)
@pytest.mark.parametrize("proxy_count", [1, 2])
def test_the_counted_address_is_the_one_our_outermost_proxy_was_reached_from(settings, proxy_count, sent):
    settings.KB_PROXY_COUNT = proxy_count
    request = RequestFactory().get(
        "/", REMOTE_ADDR=LAST_PROXY, HTTP_X_FORWARDED_FOR=forwarded_for(proxy_count, CLIENT, sent)
    )
    assert client_address(request) == CLIENT


def test_a_request_that_passed_fewer_proxies_than_configured_counts_its_peer(settings):
    settings.KB_PROXY_COUNT = 2
    request = RequestFactory().get("/", REMOTE_ADDR=LAST_PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert client_address(request) == LAST_PROXY
