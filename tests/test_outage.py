"""While the database is unreachable, pages answer a plain 503; once it is back, they work again.

The in-process tests fake the outage and run on either engine. The end-to-end
test runs gunicorn against PostgreSQL through a port the test opens and closes.
"""

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.db import OperationalError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from kb.models import Event
from tests.article import PROJECT_ROOT
from tests.servers import free_port

pytestmark = pytest.mark.django_db

UNAVAILABLE = "temporarily unavailable"


@pytest.fixture
def pages():
    """Each kind of public address, with the status it answers while the database is up."""
    event = Event.objects.published().filter(tags__isnull=False).order_by("pk").first()
    tag = event.tags.order_by("pk").first()
    return {
        "/": 200,
        "/events/": 200,
        event.get_absolute_url(): 200,
        "/search/?q=minsk": 200,
        f"/tags/{quote(tag.slug)}/": 200,
        "/api/v1/events/": 200,
        f"/api/v1/events/{event.slug}/": 200,
        # A 404 goes through the redirects middleware, which looks the address up in the database.
        "/no-such-page/": 404,
    }


@pytest.fixture
def database_down(monkeypatch):
    """Connecting fails and no connection is left, as when the server is stopped or its port closed."""

    def refuse(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    monkeypatch.setattr(type(connections["default"]), "is_usable", lambda self: False)


def assert_unavailable(response, path):
    body = response.content.decode()
    assert response.status_code == 503, path
    assert response["Retry-After"].isdigit(), path
    assert "Traceback" not in body and "OperationalError" not in body, path
    if path.startswith("/api/"):
        assert response["Content-Type"].startswith("application/json"), path
        assert UNAVAILABLE in json.loads(body)["detail"], path
    else:
        assert response["Content-Type"].startswith("text/html"), path
        assert UNAVAILABLE in body.lower(), path


def test_every_kind_of_page_answers_503_while_the_database_is_unreachable(pages, database_down):
    reader = Client(raise_request_exception=False)
    for path in pages:
        assert_unavailable(reader.get(path), path)


def test_the_admin_answers_503_too(admin_user, database_down):
    editor = Client(raise_request_exception=False)
    assert_unavailable(editor.get("/admin/login/"), "/admin/login/")


def test_a_failed_query_on_a_working_connection_is_a_server_error_not_an_outage(monkeypatch):
    def time_out(self):
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", time_out)
    response = Client(raise_request_exception=False).get("/events/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert not response.has_header("Retry-After")


# End to end: gunicorn, reaching PostgreSQL only through a port this test opens and closes.


class Forwarder:
    """A local port that relays to the database server while open; closing it drops every link."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self.listener = None
        self.sockets = set()

    def open(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.1)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def close(self):
        self.listener.close()
        for end in list(self.sockets):
            cut(end)
        self.sockets.clear()

    def _accept(self, listener):
        while listener.fileno() != -1:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=relay, args=(source, sink), daemon=True).start()


def relay(source, sink):
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        cut(source)
        cut(sink)


def cut(end):
    """Shut the connection down, which also wakes a thread waiting on it; closing alone would not."""
    with contextlib.suppress(OSError):
        end.shutdown(socket.SHUT_RDWR)
    end.close()


def fetch(port, path):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        client.request("GET", path)
        response = client.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        client.close()


def worker_pids(master_pid):
    pids = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master_pid:
                pids.add(int(entry))
    return pids


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Closing a port cuts off a database reached over the network; SQLite is a local file. "
    "Run with DATABASE_URL=postgres://… (CI does).",
)


@pytest.fixture
def forwarder():
    settings = connection.settings_dict
    forwarder = Forwarder((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    forwarder.open()
    yield forwarder
    if forwarder.listener.fileno() != -1:
        forwarder.close()


@pytest.fixture
def gunicorn(forwarder, tmp_path):
    """gunicorn in production settings, reaching the test database only through ``forwarder``.

    The seed is committed (tests/conftest.py), so gunicorn's own connections see it.
    """
    settings = connection.settings_dict
    credentials = f"{quote(settings['USER'], safe='')}:{quote(settings['PASSWORD'], safe='')}"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{forwarder.port}/{settings['NAME']}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "an-outage-test-secret-of-more-than-fifty-characters-7d1q",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=PROJECT_ROOT, env=env, check=True, timeout=120)
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    # The production configuration: gthread workers keeping their connections between requests.
    command = [sys.executable, "-m", "gunicorn", "-c", "kb/gunicorn.conf.py"]
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_ready(port, log_path)
            yield SimpleNamespace(port=port, process=server, log_path=log_path)
        finally:
            server.terminate()
            server.wait(timeout=30)


def wait_until_ready(port, log_path):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not start: " + log_path.read_text())


@on_postgresql
def test_gunicorn_answers_503_while_the_port_is_closed_and_recovers_when_it_reopens(
    pages, forwarder, gunicorn
):
    settings = connection.settings_dict
    pages = {**pages, "/healthz": 200}
    for path, status in pages.items():
        assert fetch(gunicorn.port, path)[0] == status, path
    workers = worker_pids(gunicorn.process.pid)

    forwarder.close()
    for path in pages:
        status, headers, body = fetch(gunicorn.port, path)
        assert status == 503, path
        assert "Traceback" not in body, path
        if path == "/healthz":
            assert json.loads(body) == {
                "alive": True,
                "database": {"ready": False, "problem": "OperationalError"},
            }
        elif path.startswith("/api/"):
            assert headers["Content-Type"].startswith("application/json"), path
            assert UNAVAILABLE in json.loads(body)["detail"], path
            assert headers["Retry-After"].isdigit(), path
        else:
            assert headers["Content-Type"].startswith("text/html"), path
            assert UNAVAILABLE in body.lower(), path
            assert headers["Retry-After"].isdigit(), path

    forwarder.open()
    for path, status in pages.items():
        assert fetch(gunicorn.port, path)[0] == status, path
    assert worker_pids(gunicorn.process.pid) == workers
    assert gunicorn.process.poll() is None

    logged = gunicorn.log_path.read_text()
    assert "Connection refused" in logged
    assert f":{settings['PASSWORD']}@" not in logged and f"password={settings['PASSWORD']}" not in logged
