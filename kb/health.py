"""/healthz for load balancers and monitors: is the process alive, and is its database ready, separately.

A monitor restarts a process that is not alive; a load balancer stops sending
requests to one whose database is not ready (503) until it is again.
"""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kb import outage


@never_cache
@require_safe
def healthz(request):
    database = _database()
    if database["ready"]:
        return JsonResponse({"alive": True, "database": database})
    response = JsonResponse({"alive": True, "database": database}, status=503)
    response["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
    return response


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return {"ready": False, "problem": type(error).__name__}
    return {"ready": True}
