"""Two gunicorn instances behind one address share one PostgreSQL and one Redis, and nothing else.

Each instance runs ``gunicorn -c kb/gunicorn.conf.py`` with production settings,
as a load balancer behind a TLS-terminating proxy would reach it: every request
names the public host and says it came over HTTPS. They serve a database of
their own, migrated and seeded here, rather than the session's test database:
the admin edit below is committed for real, and committing it to the test
database would change it for every later test.
"""

import html
import json
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest

from tests.admin_forms import change_form_data
from tests.article import PROJECT_ROOT
from tests.redis_db import TEST_REDIS_URL, emptied_test_redis
from tests.servers import free_port
from tests.test_deployment import PRODUCTION
from tests.test_transfer import manage, postgres_url, scratch_postgres_database

pytestmark = pytest.mark.skipif(
    postgres_url() is None,
    reason="PostgreSQL only: app instances share a database server, which SQLite is not. "
    "Set DATABASE_URL to a postgres:// URL whose role may create databases.",
)

HOST = PRODUCTION["DJANGO_ALLOWED_HOSTS"]
EDITOR, PASSWORD = "editor-on-instance-a", "a-long-password-for-two-instances"
CREATE_EDITOR = (
    "from django.contrib.auth.models import Group, User; "
    f"user = User.objects.create_user({EDITOR!r}, password={PASSWORD!r}, is_staff=True); "
    "user.groups.add(Group.objects.get(name='Editors'))"
)


def rows(database_url, sql, *params):
    with psycopg.connect(database_url, autocommit=True) as connection:
        return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def shared_redis():
    client = emptied_test_redis()
    yield client
    client.flushdb()


@pytest.fixture(scope="module")
def shared_database():
    with scratch_postgres_database(postgres_url()) as url:
        manage(url, "migrate", "--noinput")
        manage(url, "seed_kb")
        manage(url, "shell", "--no-imports", "-c", CREATE_EDITOR)
        yield url


@pytest.fixture(scope="module")
def production_environment(shared_database, shared_redis, tmp_path_factory):
    environment = {
        **PRODUCTION,
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": shared_database,
        "REDIS_URL": TEST_REDIS_URL,
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
    }
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collected.returncode == 0, collected.stderr
    return environment


@dataclass
class Instance:
    port: int
    log: Path


@contextmanager
def gunicorn(environment, log_folder):
    port = free_port()
    log = log_folder / f"gunicorn-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "kb/gunicorn.conf.py"],
            cwd=PROJECT_ROOT,
            env={**environment, "PORT": str(port), "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "1"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    instance = Instance(port, log)
    try:
        wait_until_ready(instance, process)
        yield instance
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_ready(instance, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{instance.log.read_text()}")
        try:
            if Browser().get(instance, "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn on port {instance.port} was not ready in {seconds} s:\n{instance.log.read_text()}")


@pytest.fixture(scope="module")
def instances(production_environment, tmp_path_factory):
    logs = tmp_path_factory.mktemp("gunicorn")
    with gunicorn(production_environment, logs) as a, gunicorn(production_environment, logs) as b:
        yield a, b


@dataclass
class Response:
    status: int
    headers: dict
    body: str


class Browser:
    """A reader's browser as a TLS-terminating proxy passes it on: one host, HTTPS, cookies kept."""

    def __init__(self):
        self.cookies = {}

    def get(self, instance, path):
        return self.request(instance, "GET", path)

    def post(self, instance, path, form):
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
        }
        return self.request(instance, "POST", path, urlencode(form), headers)

    def request(self, instance, method, path, body=None, extra_headers=()):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            **dict(extra_headers),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = HTTPConnection("127.0.0.1", instance.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Response(response.status, dict(response.headers), response.read().decode())
        finally:
            connection.close()


def csrf_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def signed_in(instance):
    browser = Browser()
    login = browser.get(instance, "/admin/login/?next=/admin/")
    assert login.status == 200, login.body[:2000]
    form = {"username": EDITOR, "password": PASSWORD, "next": "/admin/"}
    answer = browser.post(
        instance, "/admin/login/?next=/admin/", {**form, "csrfmiddlewaretoken": csrf_token(login.body)}
    )
    assert (answer.status, answer.headers.get("Location")) == (302, "/admin/"), answer.body[:2000]
    assert "sessionid" in browser.cookies
    return browser


def signed_in_as_editor(page):
    return page.status == 200 and html.escape(EDITOR) in page.body


def test_an_edit_made_through_one_instance_is_seen_through_the_other(instances, shared_database):
    a, b = instances
    pk, slug, name = rows(
        shared_database,
        "SELECT id, slug, name FROM kb_event WHERE publication_status = 'published' ORDER BY id LIMIT 1",
    )[0]
    reader = Browser()
    assert html.escape(name) in reader.get(b, f"/events/{slug}/").body
    new_name = f"{name} (corrected on instance A)"

    editor = signed_in(a)
    change = f"/admin/kb/event/{pk}/change/"
    page = editor.get(a, change)
    form = {**change_form_data(page.body), "name": new_name, "csrfmiddlewaretoken": csrf_token(page.body)}
    saved = editor.post(a, change, form)
    assert saved.status == 302, saved.body[:3000]

    assert html.escape(new_name) in reader.get(b, f"/events/{slug}/").body
    assert json.loads(reader.get(b, f"/api/v1/events/{slug}/").body)["name"] == new_name


def test_a_session_started_on_one_instance_is_accepted_by_the_other(instances, shared_redis):
    a, b = instances
    browser = signed_in(a)
    session_key = browser.cookies["sessionid"]
    assert shared_redis.keys(f"*sessions*{session_key}"), "instance A cached the session in the shared Redis"
    assert signed_in_as_editor(browser.get(b, "/admin/"))


def test_the_other_instance_reads_the_session_from_the_shared_cache(instances, shared_database, shared_redis):
    a, b = instances
    browser = signed_in(a)
    # With the row gone from PostgreSQL, only the copy A cached in Redis can sign B's reader in.
    deleted = rows(
        shared_database,
        "DELETE FROM django_session WHERE session_key = %s RETURNING 1",
        browser.cookies["sessionid"],
    )
    assert deleted == [(1,)]
    assert signed_in_as_editor(browser.get(b, "/admin/"))
    shared_redis.flushdb()
    assert browser.get(b, "/admin/").status == 302


def test_sessions_survive_the_loss_of_the_shared_cache(instances, shared_redis):
    a, b = instances
    browser = signed_in(a)
    shared_redis.flushdb()
    assert signed_in_as_editor(browser.get(b, "/admin/"))
    assert signed_in_as_editor(browser.get(a, "/admin/"))


def test_each_instance_keeps_its_database_connection_between_requests(instances, shared_database):
    def connections():
        sql = (
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {pid for (pid,) in rows(shared_database, sql)}

    def browse():
        for instance in instances:
            for _ in range(5):
                assert Browser().get(instance, "/events/").status == 200

    browse()
    kept = connections()
    browse()
    # One worker with one thread each: one connection each, the same one request after request.
    assert len(kept) == 2
    assert connections() == kept


def test_gunicorn_refuses_oversized_requests_but_passes_the_longest_search(instances):
    a, _ = instances
    # 989 characters in 30 words, under the search's limits; about 5,800 once percent-encoded.
    longest_search = "/search/?" + urlencode({"q": " ".join(["беларусь" * 4] * 30)})
    assert len(longest_search) > 4094
    assert Browser().get(a, longest_search).status == 200
    assert Browser().get(a, "/search/?q=" + "a" * 8200).status == 414
    # More than the 50 fields the config allows, fewer than gunicorn's default of 100.
    many_headers = {f"X-Padding-{number}": "1" for number in range(60)}
    assert Browser().request(a, "GET", "/", extra_headers=many_headers).status == 431
    assert Browser().request(a, "GET", "/", extra_headers={"X-Padding": "x" * 8200}).status == 431
    assert Browser().get(a, "/").status == 200
