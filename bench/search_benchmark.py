"""How fast search answers on PostgreSQL with many generated events.

Usage (from the repository root):

    DATABASE_URL=postgres://user:password@127.0.0.1:5432/kb_bench \
        .venv/bin/python bench/search_benchmark.py --events 100000

It migrates the database, fills it with ``manage.py generate_kb`` until it holds
at least ``--events`` events (refusing a database with real entries), then times
each query warm: parsing, ranking, counting and the first page of hits with
excerpts, as the search page needs them; and, separately, the whole search page
with its facets. It prints a Markdown table of medians and 95th percentiles.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

QUERIES = [
    "Vilnius",
    "Anna Kovalenko",
    "Council on border security",
    "Vilnus talks",
    "Kovalenkko",
    "prisoner exchanges",
    '"humanitarian corridors"',
    "Minsk -summit",
    "Riga or Tallinn",
    "talks",
    "Reykjavik summit on grain exports",
    "2019",
]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100, help="Timed runs per query, after warming up.")
    options = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the figure that matters is PostgreSQL's.")
    call_command("migrate", verbosity=0)
    from kb.models import Event

    missing = options.events - Event.objects.count()
    if missing > 0:
        print(f"Generating {missing:,} events…", flush=True)
        call_command("generate_kb", events=missing)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    rows = [time_query(query, options.runs) for query in QUERIES]
    print_report(rows, Event.objects.count())


def time_query(text, runs):
    from django.conf import settings
    from django.core.paginator import Paginator
    from django.test import Client, override_settings

    from kb import search

    def answer():
        query = search.parse(text)
        results = search.search(query)
        page = Paginator(results, settings.KB_PAGE_SIZE).get_page(1)
        matches = f"more than {results.size:,}" if results.truncated else f"{results.size:,}"
        return matches, search.hits(page.object_list, results.query)

    client = Client()

    def whole_page():
        # With nothing stored or kept, so that the page is searched and rendered every time.
        with override_settings(KB_PAGE_CACHE_SECONDS=0):
            response = client.get("/search/", {"q": text})
        assert response.status_code == 200, response.status_code

    for _ in range(3):
        answer()
        whole_page()
    search_times = _timed(answer, runs)
    page_times = _timed(whole_page, max(runs // 3, 5))
    matches, hits = answer()
    return text, matches, hits[0].entry.name if hits else "—", search_times, page_times


def _timed(function, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p95(times):
    return statistics.quantiles(times, n=20)[-1]


def print_report(rows, events):
    print(f"\nSearch on PostgreSQL with {events:,} events (times in ms, warm)\n")
    print("| Query | Matches | First result | Search median | Search p95 | Page median |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for text, matches, first, search_times, page_times in rows:
        print(
            f"| `{text}` | {matches} | {first} | {statistics.median(search_times):.1f} | "
            f"{_p95(search_times):.1f} | {statistics.median(page_times):.1f} |"
        )
    medians = [statistics.median(search_times) for *_, search_times, _ in rows]
    overall, slowest = statistics.median(medians), max(medians)
    print(f"\nMedian over all queries: {overall:.1f} ms; slowest query's median: {slowest:.1f} ms")


if __name__ == "__main__":
    main()
