"""robots.txt: what crawlers may visit, and where the sitemap is."""

from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    # The same domain the sitemap itself names its pages with.
    sitemap_url = f"{request.scheme}://{get_current_site(request).domain}{reverse('kb:sitemap')}"
    return render(
        request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8"
    )
