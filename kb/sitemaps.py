"""sitemap.xml: an index of sections, one for each kind of public page.

Django splits a section into pages of 50,000 addresses, and the index lists each page.
"""

from django.contrib.sitemaps import GenericSitemap, Sitemap
from django.urls import reverse

from kb import tagging
from kb.models import Actor, Agreement, Event, Period, Source, Venue


class PageSitemap(Sitemap):
    """The fixed pages. Search results are left out: their addresses never end."""

    def items(self):
        return [
            "kb:home",
            "kb:event-list",
            "kb:agreement-list",
            "kb:actor-list",
            "kb:venue-list",
            "kb:tag-list",
            "kb:then-and-now",
            "kb:timeline",
            "kb:venue-map",
            "kb:connections",
            "kb:period-list",
            "kb:source-list",
            "kb:open-data",
        ]

    def location(self, name):
        return reverse(name)


class TagSitemap(Sitemap):
    """Tags that a published entry carries; any other tag's page is a 404."""

    def items(self):
        return tagging.tags_with_counts()


def published_entries(model):
    queryset = model.objects.published().only("slug", "updated_at").order_by("slug")
    return GenericSitemap({"queryset": queryset, "date_field": "updated_at"})


sitemaps = {
    "pages": PageSitemap,
    "events": published_entries(Event),
    "agreements": published_entries(Agreement),
    "actors": published_entries(Actor),
    "venues": published_entries(Venue),
    "tags": TagSitemap,
    "periods": GenericSitemap({"queryset": Period.objects.only("slug")}),
    "sources": GenericSitemap({"queryset": Source.objects.only("slug")}),
}
