"""The site's addresses plus the benchmark's yardstick, a view that does nearly nothing."""

from django.http import HttpResponse
from django.urls import path

from kb import urls as site_urls


def minimal(request):
    """What any page costs before its own work: Django and the site's middleware, and no query."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal, name="bench-minimal"), *site_urls.urlpatterns]
handler500 = site_urls.handler500
