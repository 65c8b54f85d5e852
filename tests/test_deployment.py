"""Production settings pass Django's deployment checklist, and /healthz tells alive from ready."""

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
