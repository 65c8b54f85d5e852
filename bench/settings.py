"""Settings for the benchmark's gunicorn only (bench/benchmark.py): the site's, plus a query
count in each response and a minimal view to compare the pages with."""

from kb.settings import *  # noqa: F403
from kb.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
# First, so that it wraps every other middleware: their queries (sessions, redirects, axes) count too.
MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]
# The minimal view is measured as it is, never served from the page cache.
KB_PAGE_CACHE_LEAVES_OUT = (*KB_PAGE_CACHE_LEAVES_OUT, "/bench/")  # noqa: F405
