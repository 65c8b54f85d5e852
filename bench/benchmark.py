"""How many requests per second each kind of page serves, against a minimal view, in one run.

Usage (from the repository root; ``make bench`` runs this with 100,000 events and ``--readme``):

    DATABASE_URL=postgres://user:password@127.0.0.1:5432/kb_bench \
        .venv/bin/python -m bench.benchmark --events 100000

It prepares the database as the load test does (bench/loadtest.py: migrate, then
generate events up to ``--events``), collects the static files and starts
gunicorn with kb/gunicorn.conf.py and production settings, with two additions
from bench/settings.py: a header giving each response's query count, and a
minimal view at /bench/minimal/ behind the same middleware. Workers are not
recycled during the run (GUNICORN_MAX_REQUESTS=0 unless set), so their peak
memory covers all of it.

The data version is moved on first, as an edit would, so nothing kept from an
earlier run is used. Each page type's addresses are then each asked for once,
one after another (the first request after a change, timed and reported on its
own), and then by ``--concurrency`` threads for ``--duration`` seconds, after
``--warm-up`` seconds that are not counted, in one-second slices alternating
with as many of the minimal view's, which its ratio is to: the machine's speed
wanders by a third or more within minutes. The minimal view is also measured
alone first and again last (the difference shows how much the machine
drifted). The page types: the home page, each list's first page and a deep
one, each kind of detail page (through 100 different records), tag pages,
searches, the timeline, "then and now" and the API's event list. Each page
type is measured twice: *stored*, as a reader without a session asks, whom the
page cache serves; and *rendered*, with the cookie of a session made for the
run (stored as a signed-in browser's is, but with no user in it), so every
request is rendered, showing what every reader sees. The report, Markdown
tables with the machine, the exact command and which page types reach the
issue's goals, is printed and written to ``--output``, and with ``--readme``
into README.md's "Performance" section.
Any answer other than 200 fails the run.
"""

import argparse
import json
import os
import shlex
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import Request, urlopen

from bench import report
from bench.load import HEADERS, alternating, each_once, measure
from bench.loadtest import ROOT, describe_setup, gunicorn, manage, prepare_database, production_environment
from bench.search_benchmark import QUERIES
from bench.workers import WorkerPeaks

MINIMAL_VIEW = "/bench/minimal/"
DEEP_PAGE = 2_000
KINDS = ("events", "agreements", "actors", "venues")
# What the report's command shows of the environment; DATABASE_URL without its credentials.
SHOWN_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_MAX_REQUESTS",
)
# VACUUM as well: a deep list page is read from the index alone once the table's pages are marked all-visible.
ANALYZE = "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"
# As an edit does: pages and parts kept from before are rendered afresh.
DATA_CHANGED = "from kb.models import DataVersion; DataVersion.bump()"
# A session such as a browser holds once it has signed in (stored, so read from the cache), but
# without a user in it, so it is shown what every reader is: the page cache renders every page for it.
NEW_SESSION = (
    "from django.conf import settings; from importlib import import_module; "
    "session = import_module(settings.SESSION_ENGINE).SessionStore(); session['benchmark'] = True; "
    "session.create(); print(settings.SESSION_COOKIE_NAME, session.session_key)"
)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000, help="Generate events up to this many.")
    parser.add_argument("--duration", type=float, default=10, help="Seconds of measuring per page type.")
    parser.add_argument("--warm-up", type=float, default=2, help="Seconds not measured before each.")
    parser.add_argument("--concurrency", type=int, default=8, help="Requests in flight at once.")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "latest.md")
    parser.add_argument("--readme", action="store_true", help="Also put the report into README.md.")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the figures that matter are PostgreSQL's.")

    with tempfile.TemporaryDirectory(prefix="kb-bench-") as folder:
        folder = Path(folder)
        environment = {
            **production_environment(folder),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "GUNICORN_MAX_REQUESTS": os.environ.get("GUNICORN_MAX_REQUESTS", "0"),
        }
        prepare_database(environment, options.events)
        manage(environment, "collectstatic", "--noinput")
        manage(environment, "shell", "--no-imports", "-c", ANALYZE)
        manage(environment, "shell", "--no-imports", "-c", DATA_CHANGED)
        cookie_name, session_key = manage(environment, "shell", "--no-imports", "-c", NEW_SESSION).split()
        rendered = {**HEADERS, "Cookie": f"{cookie_name}={session_key}"}
        setup = describe_setup(environment)
        print(setup, flush=True)
        with gunicorn(environment, folder / "gunicorn.log") as address:
            results, peaks = run(address, options, rendered)
        log = (folder / "gunicorn.log").read_text()

    text = write_report(results, peaks, setup, options)
    errors = [error for row in results.all for error in row.errors]
    for error in errors[:20]:
        print(f"Error: {error}")
    if "[ERROR]" in log:
        print(f"gunicorn logged errors:\n{log[-5000:]}")
    if errors or "[ERROR]" in log:
        sys.exit(1)
    if options.readme:
        readme = ROOT / "README.md"
        readme.write_text(report.replace_readme_section(readme.read_text(), text))


def run(address, options, rendered_headers):
    """The minimal view first and last, and between them each page type stored, then rendered.

    ``rendered_headers`` carry a session cookie, for which pages are rendered rather than stored.
    """
    peaks = WorkerPeaks()

    def measured(name, paths, headers=HEADERS, group=None):
        first = each_once(address, paths, headers)
        measure(address, paths, options.warm_up, options.concurrency, headers)
        # The machine's speed wanders during a run, so the minimal view is measured by turns with each one.
        measurement, yardstick = alternating(
            address, paths, [MINIMAL_VIEW], options.duration, options.concurrency, headers
        )
        peaks.sample()
        print(f"{name}: {measurement.requests_per_second:,.1f} requests/s", flush=True)
        return report.PageType(name, measurement, group, first, yardstick)

    def minimal_view(name):
        measure(address, [MINIMAL_VIEW], options.warm_up, options.concurrency)
        measurement = measure(address, [MINIMAL_VIEW], options.duration, options.concurrency)
        print(f"{name}: {measurement.requests_per_second:,.1f} requests/s", flush=True)
        return report.PageType(name, measurement)

    minimal = minimal_view("Minimal view")
    stored, rendered = [], []
    for name, paths, group in site_page_types(address):
        stored.append(measured(f"{name} (stored)", paths, group=group))
        rendered.append(measured(f"{name} (rendered)", paths, rendered_headers, group))
    again = minimal_view("Minimal view, again")
    return Results(minimal, stored, rendered, again), peaks


@dataclass
class Results:
    """The minimal view's measurements first and last, and each page type's, stored and rendered."""

    minimal: report.PageType
    stored: list
    rendered: list
    again: report.PageType

    @property
    def all(self):
        return [self.minimal, *self.stored, *self.rendered, self.again]


def site_page_types(address):
    """(page type, the addresses it rotates through, "list", "detail" or None), read from the site's API."""
    lists, details = [], []
    for kind in KINDS:
        pages = api(address, f"/api/v1/{kind}/")["pages"]
        records = api(address, f"/api/v1/{kind}/?page_size=100")["results"]
        if not records:
            sys.exit(f"The database has no published {kind}.")
        title = kind.capitalize()
        lists.append((f"{title}, page 1", [f"/{kind}/"], "list"))
        if pages > 1:
            deep = min(DEEP_PAGE, pages)
            lists.append((f"{title}, page {deep:,} of {pages:,}", [f"/{kind}/?page={deep}"], "list"))
        slugs = [quote(record["slug"]) for record in records]
        details.append(
            (f"{title[:-1]} pages ({len(slugs)} different)", [f"/{kind}/{slug}/" for slug in slugs], "detail")
        )
    tags = [quote(tag["slug"]) for tag in api(address, "/api/v1/tags/?page_size=100")["results"]]
    return [
        ("Home", ["/"], None),
        *lists,
        *details,
        (f"Tag pages ({len(tags)} different)", [f"/tags/{slug}/" for slug in tags], None),
        (f"Search ({len(QUERIES)} queries)", [f"/search/?q={quote(query)}" for query in QUERIES], None),
        ("Timeline", ["/timeline/"], None),
        ("Then and now", ["/then-and-now/"], None),
        ("API: events list", ["/api/v1/events/"], None),
    ]


def api(address, path):
    uncompressed = {**HEADERS, "Accept-Encoding": "identity"}
    with urlopen(Request(f"{address}{path}", headers=uncompressed), timeout=120) as response:
        return json.load(response)


def write_report(results, peaks, setup, options):
    minimal_rate = report.minimal_rate(results)
    text = "\n\n".join(
        [
            f"Measured on {date.today():%-d %B %Y} with `{command_line()}`.",
            setup.replace("\n", "  \n"),
            f"Client: {options.concurrency} threads on the same machine, sharing its cores with gunicorn and "
            "PostgreSQL; a new connection per request, taking gzip as a browser does (a stored page is sent "
            f"gzipped; a rendered one is not); {options.duration:g} s per page type after each of "
            f"its addresses was asked for once and {options.warm_up:g} s of warm-up, in one-second slices "
            'alternating with as many of the minimal view\'s ("alongside"). Ratio: requests/s over the '
            "minimal view's alongside, since the machine's speed wanders during a run; for the minimal view "
            f"itself, over the median of all its measurements ({minimal_rate:,.1f}). *Stored*: asked for as "
            "a reader without a session, so served from the page cache. *Rendered*: asked for with the "
            "cookie of a session without a user, so rendered every time, showing what every reader sees; the "
            "parts of pages kept until the data changes still apply.",
            report.table([results.minimal, *results.stored, results.again], minimal_rate),
            report.table([results.minimal, *results.rendered], minimal_rate),
            report.goals(results.stored, results.rendered, minimal_rate),
            "The first request for each address after the data changed, before anything of its page was "
            "kept (asked for one after another, without a session):",
            report.first_requests(results.stored),
            report.memory(peaks.by_worker),
        ]
    )
    print(f"\n{text}")
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(f"{text}\n")
    return text


def command_line():
    shown = []
    for name in SHOWN_VARIABLES:
        if value := os.environ.get(name):
            if name == "DATABASE_URL":
                location = urlsplit(value)
                value = location._replace(netloc=location.netloc.rpartition("@")[2]).geturl()
            shown.append(f"{name}={shlex.quote(value)}")
    return " ".join([*shown, "python -m bench.benchmark", *map(shlex.quote, sys.argv[1:])])


if __name__ == "__main__":
    main()
