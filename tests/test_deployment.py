"""Production settings pass Django's deployment checklist, and /healthz tells alive from ready."""

import re

import pytest
from django.db import OperationalError, connection

from tests.test_commands import settings_subprocess

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-of-more-than-fifty-characters-9f3k2j",
    "DJANGO_ALLOWED_HOSTS": "kb.example.org",
    "DJANGO_SITE_DOMAIN": "kb.example.org",
    "PATH": "",
}


def check_deploy(env):
    code = (
        "from django.core.management import call_command; django.setup(); "
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    return settings_subprocess(env, code)


def test_production_settings_pass_the_deployment_check_without_a_warning():
    result = check_deploy(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_are_secure_by_default():
    code = (
        "django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 183 * 24 * 3600, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    assert settings_subprocess(PRODUCTION, code).stdout.split() == ["True"] * 5 + ["None"]
    behind_proxy = settings_subprocess({**PRODUCTION, "DJANGO_BEHIND_PROXY": "1"}, code).stdout
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in behind_proxy


@pytest.mark.parametrize(
    ("changes", "warning"),
    [
        ({"DJANGO_SITE_DOMAIN": None}, "kb.W001"),
        ({"DJANGO_HSTS_SECONDS": "0"}, "security.W004"),
        ({"DJANGO_SSL_REDIRECT": "0"}, "security.W008"),
    ],
)
def test_the_check_names_what_is_left_unsafe(changes, warning):
    env = {**PRODUCTION, **changes}
    result = check_deploy({key: value for key, value in env.items() if value is not None})
    assert result.returncode != 0
    assert warning in result.stderr


@pytest.mark.django_db
def test_healthz_reports_a_live_process_with_a_ready_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"alive": True, "database": {"ready": True}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_while_the_database_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"alive": True, "database": {"ready": False, "problem": "OperationalError"}}
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_load_balancers_probe_healthz_over_plain_http_while_readers_are_sent_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    redirect = client.get("/events/")
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://testserver/events/"


def test_production_serves_collected_static_files_under_hashed_names_cached_for_a_year(tmp_path):
    code = (
        "django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', '--noinput', verbosity=0); "
        "from django.templatetags.static import static; from django.test import Client; "
        "address = static('css/site.css'); "
        "response = Client(HTTP_HOST='kb.example.org')"
        ".get(address, secure=True, HTTP_ACCEPT_ENCODING='gzip'); "
        "print(address, response.status_code, response.get('Content-Encoding'), "
        "response['Cache-Control'], sep='|')"
    )
    result = settings_subprocess({**PRODUCTION, "DJANGO_STATIC_ROOT": str(tmp_path)}, code)
    assert result.returncode == 0, result.stderr
    address, status, encoding, cache_control = result.stdout.strip().split("|")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", address)
    assert (tmp_path / address.removeprefix("/static/")).is_file()
    assert (status, encoding) == ("200", "gzip")
    assert "max-age=315360000" in cache_control and "immutable" in cache_control


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit_compilation():
    if connection.vendor != "postgresql":
        pytest.skip("JIT compilation is PostgreSQL's.")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.mark.parametrize(
    ("database_url", "options"),
    [
        ("postgres://kb:secret@db.example.org:5432/kb", "-c jit=off"),
        ("postgres://kb:secret@db.example.org:5432/kb?options=-c%20jit%3Don", "-c jit=on"),
    ],
)
def test_database_url_options_win_over_the_jit_default(database_url, options):
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['options'])"
    result = settings_subprocess({**PRODUCTION, "DATABASE_URL": database_url}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == options
