"""How many SQL queries each response cost, in a header the benchmark reads (bench/benchmark.py)."""

from django.db import connection

HEADER = "X-Bench-Queries"


class QueryCounter:
    """An execute wrapper (Django's "database instrumentation") that only counts."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class QueryCountMiddleware:
    """Counts the queries of the whole request: the view's and every other middleware's.

    It must come first in MIDDLEWARE, so that it wraps all the others. Queries made
    after it returns are not counted: a streamed body's, and the health check that
    DJANGO_CONN_MAX_AGE's reused connections run on the raw connection.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[HEADER] = str(counter.count)
        return response
