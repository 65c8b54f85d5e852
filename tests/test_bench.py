"""The benchmark's own parts (bench/): its arithmetic, its client, its query count and its minimal view.

The benchmark itself needs gunicorn and PostgreSQL with generated data; it is run
by hand (``make bench``), never here.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from bench import report
from bench.benchmark import Results
from bench.load import Measurement, alternating
from bench.query_count import HEADER
from bench.settings import KB_PAGE_CACHE_LEAVES_OUT as BENCH_LEFT_OUT
from bench.settings import MIDDLEWARE as BENCH_MIDDLEWARE

bench_site = override_settings(
    ROOT_URLCONF="bench.urls", MIDDLEWARE=BENCH_MIDDLEWARE, KB_PAGE_CACHE_LEAVES_OUT=BENCH_LEFT_OUT
)


def test_percentile_interpolates_between_neighbours():
    assert report.percentile([4, 1, 3, 2], 0.5) == 2.5
    assert report.percentile(list(range(1, 101)), 0.95) == pytest.approx(95.05)
    assert report.percentile([7], 0.95) == 7
    assert report.percentile([], 0.5) is None


def test_benchmark_runs_the_sites_middleware_inside_the_query_count():
    first, *others = BENCH_MIDDLEWARE

    assert first == "bench.query_count.QueryCountMiddleware"
    assert others == settings.MIDDLEWARE


@pytest.mark.django_db
@bench_site
def test_minimal_view_passes_through_the_sites_middleware_without_a_query(client):
    response = client.get("/bench/minimal/")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response[HEADER] == "0"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@bench_site
def test_query_header_counts_every_query_of_a_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/events/")

    assert response.status_code == 200
    assert int(response[HEADER]) == len(queries) > 0


@pytest.mark.django_db
@bench_site
def test_query_header_counts_the_queries_other_middleware_make(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/events/no-such-event/")

    assert response.status_code == 404
    assert any("django_redirect" in query["sql"] for query in queries)
    assert int(response[HEADER]) == len(queries)


def test_readme_section_is_replaced_between_its_markers_only():
    readme = f"# Title\n\n{report.README_START}\nold figures\n{report.README_END}\n\n## Next\n"

    replaced = report.replace_readme_section(readme, "| new | figures |\n")

    assert (
        replaced == f"# Title\n\n{report.README_START}\n| new | figures |\n{report.README_END}\n\n## Next\n"
    )


def test_readme_without_markers_is_refused():
    with pytest.raises(ValueError, match="bench:start"):
        report.replace_readme_section("# Title\n", "figures")


def measured(requests_per_second):
    return Measurement(seconds=1.0, latencies=[0.001] * requests_per_second)


def test_goals_name_the_page_types_short_of_them():
    minimal = measured(1000)
    stored = [
        report.PageType("Home (stored)", measured(900)),
        report.PageType("Then and now (stored)", measured(500)),
    ]
    rendered = [
        report.PageType("Events, page 1 (rendered)", measured(400), "list"),
        report.PageType("Event pages (rendered)", measured(100), "detail"),
        report.PageType("Timeline (rendered)", measured(10)),
    ]

    lines = report.goals(stored, rendered, minimal.requests_per_second).splitlines()

    assert lines == [
        "- Stored pages at 80% of the minimal view or more: 1 of 2; short of it: Then and now (stored).",
        "- Rendered lists and detail pages at 30% of the minimal view or more: 1 of 2; "
        "short of it: Event pages (rendered).",
    ]


def test_first_requests_are_reported_by_page_type():
    first = Measurement(seconds=1.0, latencies=[0.010, 0.300, 0.020])
    rows = [report.PageType("Event pages (stored)", measured(10), "detail", first)]

    lines = report.first_requests(rows).splitlines()

    assert lines[2] == "| Event pages (stored) | 3 | 20.0 | 300.0 |"


def test_ratios_are_to_the_minimal_view_alongside_and_otherwise_to_its_median():
    stored = [
        report.PageType("Events, page 1 (stored)", measured(800), "list", yardstick=measured(1200)),
        report.PageType("Event pages (stored)", measured(700), "detail", yardstick=measured(900)),
    ]
    rendered = [report.PageType("Events, page 1 (rendered)", measured(300), "list", yardstick=measured(600))]
    minimal = report.PageType("Minimal view", measured(1000))
    results = Results(minimal, stored, rendered, report.PageType("Minimal view, again", measured(1100)))

    rate = report.minimal_rate(results)
    table = report.table([minimal, *stored, *rendered], rate).splitlines()

    assert rate == 1000
    assert table[2].startswith("| Minimal view | 1,000.0 | — | 1.000 |")
    assert table[3].startswith("| Events, page 1 (stored) | 800.0 | 1,200.0 | 0.667 |")
    assert table[4].startswith("| Event pages (stored) | 700.0 | 900.0 | 0.778 |")
    assert table[5].startswith("| Events, page 1 (rendered) | 300.0 | 600.0 | 0.500 |")


class PathRecorder(BaseHTTPRequestHandler):
    """Answers any GET with 200 and notes the path asked for."""

    asked = []

    def do_GET(self):
        self.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recording_server():
    PathRecorder.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PathRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", PathRecorder.asked
    server.shutdown()
    server.server_close()


def test_a_page_type_and_the_minimal_view_are_measured_in_alternate_slices(recording_server):
    address, asked = recording_server

    page, minimal = alternating(address, ["/page/"], ["/minimal/"], 0.6, 2, slice_seconds=0.2)

    runs = [path for index, path in enumerate(asked) if index == 0 or asked[index - 1] != path]
    assert runs[:6] == ["/minimal/", "/page/"] * 3
    assert len(page.latencies) == asked.count("/page/")
    assert len(minimal.latencies) == asked.count("/minimal/")
    assert 0.5 < page.seconds < 1.5
    assert 0.5 < minimal.seconds < 1.5


def test_a_failed_request_of_the_minimal_view_alongside_counts_as_an_error_too():
    yardstick = Measurement(seconds=1.0, latencies=[0.001], errors=["/bench/minimal/: 500"])
    first = Measurement(seconds=1.0, latencies=[0.001], errors=["/events/: 404"])
    alone = report.PageType("Minimal view", measured(10))
    alongside = report.PageType("Events, page 1 (stored)", measured(10), "list", first, yardstick)

    assert alone.errors == []
    assert alongside.errors == ["/events/: 404", "/bench/minimal/: 500"]
