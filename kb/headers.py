"""Response headers Django's SecurityMiddleware does not send."""

from django.conf import settings


class CrossOriginResourcePolicyMiddleware:
    """Other sites may not embed our responses (Spectre-style leaks, hotlinking); they may still link to them.

    Set on every response, static files included; a view may set its own value first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.KB_CROSS_ORIGIN_RESOURCE_POLICY)
        return response
