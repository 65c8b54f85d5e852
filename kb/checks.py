"""Checks of the knowledge base's own settings, run by ``manage.py check``."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.sites, deploy=True)
def site_domain_is_set(app_configs, **kwargs):
    """Feeds, the sitemap and robots.txt give addresses on this domain, and feed ids include it."""
    if settings.KB_SITE_DOMAIN != settings.DEVELOPMENT_SITE_DOMAIN:
        return []
    return [
        checks.Warning(
            f"The site's domain is the development default, {settings.DEVELOPMENT_SITE_DOMAIN}.",
            hint="Set DJANGO_SITE_DOMAIN to the public host name before the feeds and sitemap are announced.",
            id="kb.W001",
        )
    ]
