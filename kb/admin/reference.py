"""Admin pages for what entries rest on: sources, citations, periods, participations."""

from django.contrib import admin
from django.db import models
from taggit.models import Tag as TaggitTag

from kb.admin.history import HistoryAdmin
from kb.admin.inlines import CitationInline
from kb.admin.preview import MarkdownPreviewMixin
from kb.admin.robust import RobustModelAdmin
from kb.models import Citation, Participation, Period, Source

# taggit's own tag model is unused here (kb.Tag replaces it); hide its empty admin.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Source)
class SourceAdmin(HistoryAdmin, RobustModelAdmin):
    list_display = ["title", "author", "publisher", "date"]
    list_filter = ["publisher"]
    search_fields = ["title", "slug", "author__name", "publisher__name"]
    list_select_related = ["author", "publisher"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "publisher"]
    fields = ["title", "slug", "author", "publisher", "date", "date_label", "url", "text"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        # The stored text is what every quote is checked against; only superusers change it.
        if obj is not None and not request.user.is_superuser:
            return ["text"]
        return []


@admin.register(Citation)
class CitationAdmin(RobustModelAdmin):
    """Citations are edited on their entries' pages; this list finds them across the base."""

    list_display = ["quote_start", "source", "content_type", "content_object", "locator"]
    list_filter = ["source", "content_type"]
    list_select_related = ["source", "content_type"]
    search_fields = ["quote", "locator"]
    autocomplete_fields = ["source"]
    fields = ["source", "content_type", "object_id", "quote", "locator", "position"]

    @admin.display(description="quote")
    def quote_start(self, obj):
        return obj.quote if len(obj.quote) <= 80 else obj.quote[:80] + "…"


@admin.register(Period)
class PeriodAdmin(MarkdownPreviewMixin, HistoryAdmin, RobustModelAdmin):
    list_display = ["name", "date", "slug"]
    list_filter = [("date_start", admin.DateFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "date", "date_label", "summary"]
    inlines = [CitationInline]


@admin.register(Participation)
class ParticipationAdmin(RobustModelAdmin):
    """Mostly edited inline; listed here so editors can find every role at once."""

    list_display = ["actor", "role", "event", "agreement", "note"]
    list_filter = ["role"]
    list_select_related = ["actor", "event", "agreement"]
    search_fields = ["actor__name", "event__name", "agreement__name", "note"]
    autocomplete_fields = ["actor", "event", "agreement"]
