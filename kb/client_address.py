"""The address a request came from, as django-axes counts failed sign-ins by it."""

import ipaddress

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or behind KB_PROXY_COUNT proxies of ours the address the outermost one was reached from.

    Each of our proxies appends the address it was reached from to X-Forwarded-For,
    and the last of them is REMOTE_ADDR; so the client is KB_PROXY_COUNT entries from
    the right. Whatever stands further left the client wrote itself, and is ignored
    however it is quoted or malformed.
    """
    remote_address = request.META.get("REMOTE_ADDR")
    if not settings.KB_PROXY_COUNT:
        return remote_address
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < settings.KB_PROXY_COUNT:
        # Not through all our proxies: the only address nobody could forge is the peer's.
        return remote_address
    try:
        return str(ipaddress.ip_address(entries[-settings.KB_PROXY_COUNT].strip()))
    except ValueError:
        return remote_address
