"""While the database cannot be reached, every page answers a plain 503 instead of a server error.

Django hands any exception that no view or middleware dealt with (the session,
authentication and redirect middleware included) to the URLconf's handler500,
which is ``server_error`` here. With DEBUG on, Django shows its technical page
instead and this never runs.

Nothing here needs the database, a request context or a session. Once the
database is back, the next request connects afresh: CONN_HEALTH_CHECKS drops a
persistent connection that died with it.
"""

import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"
UNAVAILABLE = "The knowledge base is temporarily unavailable. Please try again in a minute."


def server_error(request):
    if not database_is_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request)
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": UNAVAILABLE, "errors": []}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html", {"message": UNAVAILABLE}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_is_unreachable(error):
    """Whether ``error`` comes from a database that cannot be reached, not from one failed query.

    Both raise OperationalError (a statement timeout, SQLite's "database is locked"),
    but a failed query leaves a working connection, where an outage leaves none:
    connecting failed, or the server dropped the connection and it no longer answers.
    """
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    return any(
        connection.connection is None or not connection.is_usable()
        for connection in connections.all(initialized_only=True)
    )
