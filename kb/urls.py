from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path, register_converter
from django.views.decorators.http import require_safe

from kb import downloads, feeds, health, robots, views
from kb.admin.preview import markdown_preview
from kb.admin.tag_picker import tag_suggestions
from kb.api.v1 import api, unknown_address
from kb.models import Actor, Agreement, Event, Venue
from kb.sitemaps import sitemaps


class UnicodeSlugConverter:
    """Tag slugs may hold letters of any script, as taggit makes them; nothing else."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

public_patterns = [
    path("", views.home, name="home"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement-list"),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path("actors/", views.ActorListView.as_view(), name="actor-list"),
    path("actors/<slug:slug>/", views.ActorDetailView.as_view(), name="actor-detail"),
    path(
        "actors/<slug:slug>/connections/",
        views.entry_connections,
        {"model": Actor},
        name="actor-connections",
    ),
    path(
        "events/<slug:slug>/connections/",
        views.entry_connections,
        {"model": Event},
        name="event-connections",
    ),
    path(
        "agreements/<slug:slug>/connections/",
        views.entry_connections,
        {"model": Agreement},
        name="agreement-connections",
    ),
    path("venues/", views.VenueListView.as_view(), name="venue-list"),
    path("venues/<slug:slug>/", views.VenueDetailView.as_view(), name="venue-detail"),
    path("tags/", views.tag_list, name="tag-list"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag-detail"),
    path("tags/<uslug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("periods/", views.period_list, name="period-list"),
    path("periods/<slug:slug>/", views.period_detail, name="period-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("then-and-now/", views.then_and_now, name="then-and-now"),
    path("connections/", views.connections, name="connections"),
    path("map/", views.venue_map, name="venue-map"),
    path("search/", views.search_page, name="search"),
    path("timeline/", views.timeline, name="timeline"),
    path("events.csv", downloads.entry_list_csv, {"model": Event}, name="event-list-csv"),
    path("agreements.csv", downloads.entry_list_csv, {"model": Agreement}, name="agreement-list-csv"),
    path("actors.csv", downloads.entry_list_csv, {"model": Actor}, name="actor-list-csv"),
    path("venues.csv", downloads.entry_list_csv, {"model": Venue}, name="venue-list-csv"),
    path("search.csv", downloads.search_csv, name="search-csv"),
    *(
        path(
            f"{model._meta.model_name}s/<slug:slug>/cite/<str:style>/",
            views.cite_download,
            {"model": model},
            name=f"{model._meta.model_name}-cite",
        )
        for model in (Event, Agreement, Actor, Venue)
    ),
    path("data/", views.open_data, name="open-data"),
    path("data/dataset.json", downloads.dataset_json, name="dataset"),
    path("feeds/latest/", feeds.LatestEntriesFeed(), name="latest-feed"),
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {"sitemaps": sitemaps, "sitemap_url_name": "kb:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("robots.txt", robots.robots_txt, name="robots"),
]

handler500 = "kb.outage.server_error"

admin.site.site_header = "Belarus peace-talks knowledge base"
admin.site.site_title = "Knowledge base admin"
admin.site.index_title = "Entries"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/kb/markdown-preview/", markdown_preview, name="kb-markdown-preview"),
    path("admin/kb/tag-suggestions/", tag_suggestions, name="kb-tag-suggestions"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_address),
    path("", include((public_patterns, "kb"))),
]
