"""Load test: many readers at once against gunicorn and PostgreSQL, with zero errors allowed.

Usage (from the repository root; ``make load-test`` installs locust and runs this):

    DATABASE_URL=postgres://user:password@127.0.0.1:5432/kb_load \
        .venv/bin/python bench/loadtest.py --users 50 --duration 60

It migrates the database and loads the seed into it if it is empty (or, with
``--events N``, fills an empty database with generated events up to N); collects
the static files; starts ``gunicorn -c kb/gunicorn.conf.py`` with production
settings on a free port (REDIS_URL and any GUNICORN_* or WEB_CONCURRENCY
variables set are passed on); and runs bench/locustfile.py headless. It prints
requests per second, the 50th, 95th and 99th percentiles and the errors, per
page type and overall, and exits with 1 if any request failed.
"""

import argparse
import csv
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="Readers at once, each without pauses.")
    parser.add_argument("--duration", type=int, default=60, help="Seconds of load.")
    parser.add_argument("--events", type=int, default=0, help="Generate events up to this many.")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the figures that matter are PostgreSQL's.")

    with tempfile.TemporaryDirectory(prefix="kb-load-") as folder:
        folder = Path(folder)
        environment = production_environment(folder)
        prepare_database(environment, options.events)
        manage(environment, "collectstatic", "--noinput")
        print(describe_setup(environment), flush=True)
        with gunicorn(environment, folder / "gunicorn.log") as address:
            locust = run_locust(address, options, folder)
        failures = print_report(folder / "locust_stats.csv", options)
        errors = (folder / "gunicorn.log").read_text().count("[ERROR]")
        if errors:
            print(f"gunicorn logged {errors} errors:\n{(folder / 'gunicorn.log').read_text()[-5000:]}")
        if failures or errors or locust.returncode != 0:
            print((folder / "locust.log").read_text()[-5000:])
            sys.exit(1)


SERVER_VERSION = (
    "from django.db import connection; connection.ensure_connection(); "
    "print('PostgreSQL', connection.connection.info.parameter_status('server_version'))"
)
COUNTS = (
    "from kb.models import Actor, Agreement, Event, Venue; "
    "print(', '.join(f'{m.objects.published().count():,} {m._meta.verbose_name_plural}' "
    "for m in (Event, Agreement, Actor, Venue)), 'published')"
)


def production_environment(folder):
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SITE_DOMAIN": "127.0.0.1",
        # Requests arrive as through a TLS-terminating proxy (bench/locustfile.py sets the header).
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "GUNICORN_ACCESS_LOG": str(folder / "access.log"),
    }


def manage(environment, *arguments):
    finished = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    if finished.returncode != 0:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{finished.stderr}")
    return finished.stdout


def prepare_database(environment, events):
    manage(environment, "migrate", "--noinput")
    if not events:
        manage(environment, "seed_kb")
        return
    count = "from kb.models import Event; print(Event.objects.count())"
    missing = events - int(manage(environment, "shell", "--no-imports", "-c", count))
    if missing > 0:
        print(f"Generating {missing:,} events…", flush=True)
        manage(environment, "generate_kb", "--events", str(missing))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(environment, log_path):
    """gunicorn with the repository's config on a free port; yields its address."""
    port = free_port()
    address = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "kb/gunicorn.conf.py"],
            cwd=ROOT,
            env={**environment, "PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_ready(address, server)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=60)


def wait_until_ready(address, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}.")
        try:
            probe = Request(f"{address}/healthz", headers={"X-Forwarded-Proto": "https"})
            with urlopen(probe, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer /healthz within {seconds} s.")


def describe_setup(environment):
    cpu = next(
        line.split(":", 1)[1].strip()
        for line in Path("/proc/cpuinfo").read_text().splitlines()
        if line.startswith("model name")
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    config = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "kb/gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    ).stdout
    settings = dict(
        (name.strip(), value.strip())
        for name, _, value in (line.partition("=") for line in config.splitlines())
    )
    server = manage(environment, "shell", "--no-imports", "-c", SERVER_VERSION).strip()
    return (
        f"Machine: {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB of memory; {server}\n"
        f"gunicorn: {settings['workers']} workers × {settings['threads']} threads; "
        f"cache: {'Redis' if environment.get('REDIS_URL') else 'in each process'}\n"
        f"Data: {manage(environment, 'shell', '--no-imports', '-c', COUNTS).strip()}"
    )


def run_locust(address, options, folder):
    command = [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        "bench/locustfile.py",
        "--headless",
        "--only-summary",
        "--host",
        address,
        "--users",
        str(options.users),
        "--spawn-rate",
        str(options.users),
        "--run-time",
        f"{options.duration}s",
        "--csv",
        str(folder / "locust"),
        "--loglevel",
        "WARNING",
    ]
    print(f"{options.users} readers for {options.duration} s against {address}…", flush=True)
    with (folder / "locust.log").open("w") as log:
        return subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def print_report(stats_csv, options):
    with stats_csv.open(newline="") as stats:
        rows = list(csv.DictReader(stats))
    print(f"\n{options.users} readers without pauses for {options.duration} s (times in ms)\n")
    print("| Page | Requests | Requests/s | p50 | p95 | p99 | Errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        name = "**All**" if row["Name"] == "Aggregated" else f"`{row['Name']}`"
        print(
            f"| {name} | {int(row['Request Count']):,} | {float(row['Requests/s']):.1f} | {row['50%']} | "
            f"{row['95%']} | {row['99%']} | {int(row['Failure Count']):,} |"
        )
    return int(rows[-1]["Failure Count"])


if __name__ == "__main__":
    main()
