"""Admin pages for the four kinds of entry."""

from django.contrib import admin
from taggit.managers import TaggableManager

from kb.admin.forms import EntryAdminForm
from kb.admin.history import HistoryAdmin
from kb.admin.inlines import ActorParticipationInline, CitationInline, ParticipationInline
from kb.admin.preview import MarkdownPreviewMixin
from kb.admin.publishing import PublishingMixin
from kb.admin.robust import RobustModelAdmin
from kb.admin.tag_picker import TagPickerWidget
from kb.models import Actor, Agreement, Event, Venue

DATE_FIELDS = ("Date", {"fields": ["date", "date_label"]})
PUBLISHING_FIELDS = (
    "Publishing",
    # loaded_version is hidden: EntryAdminForm's check against saving over someone else's changes.
    {"fields": ["publication_status", "published_at", "created_at", "updated_at", "loaded_version"]},
)


class EntryAdmin(MarkdownPreviewMixin, PublishingMixin, HistoryAdmin, RobustModelAdmin):
    """What the four kinds of entry share in the admin."""

    form = EntryAdminForm
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "alternative_names", "slug", "body"]
    list_per_page = 50
    inlines = [CitationInline]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    formfield_overrides = {TaggableManager: {"widget": TagPickerWidget}}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="tags")
    def tag_names(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))


class DatedEntryAdmin(EntryAdmin):
    search_fields = [*EntryAdmin.search_fields, "summary"]

    @admin.display(description="date", ordering="date_start")
    def date_display(self, obj):
        return obj.date_display


@admin.register(Event)
class EventAdmin(DatedEntryAdmin):
    list_display = [
        "name",
        "date_display",
        "kind",
        "status",
        "venue",
        "period",
        "publication_status",
        "tag_names",
    ]
    list_filter = ["publication_status", "status", "kind", "period", "tags"]
    list_select_related = ["venue", "period"]
    autocomplete_fields = ["venue", "parent"]
    inlines = [ParticipationInline, CitationInline]
    date_hierarchy = "date_start"
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "status", "alternative_names", "wikidata_id"]}),
        DATE_FIELDS,
        ("Where and within what", {"fields": ["venue", "parent", "period"]}),
        ("Text", {"fields": ["summary", "body", "outcome", "tags"]}),
        PUBLISHING_FIELDS,
    ]


@admin.register(Agreement)
class AgreementAdmin(DatedEntryAdmin):
    list_display = [
        "name",
        "date_display",
        "status",
        "venue",
        "event",
        "period",
        "publication_status",
        "tag_names",
    ]
    list_filter = ["publication_status", "status", "period", "tags"]
    list_select_related = ["venue", "event", "period"]
    autocomplete_fields = ["venue", "event"]
    inlines = [ParticipationInline, CitationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "alternative_names", "wikidata_id"]}),
        DATE_FIELDS,
        ("Where and from what", {"fields": ["venue", "event", "period"]}),
        ("Text", {"fields": ["summary", "body", "tags"]}),
        PUBLISHING_FIELDS,
    ]


@admin.register(Actor)
class ActorAdmin(EntryAdmin):
    list_display = ["name", "kind", "description", "affiliation", "publication_status", "tag_names"]
    list_filter = ["publication_status", "kind", "tags"]
    list_select_related = ["affiliation"]
    search_fields = [*EntryAdmin.search_fields, "description"]
    autocomplete_fields = ["affiliation"]
    inlines = [ActorParticipationInline, CitationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "kind",
                    "description",
                    "affiliation",
                    "alternative_names",
                    "wikidata_id",
                ]
            },
        ),
        ("Text", {"fields": ["body", "tags"]}),
        PUBLISHING_FIELDS,
    ]


@admin.register(Venue)
class VenueAdmin(EntryAdmin):
    list_display = ["name", "kind", "located_in", "latitude", "longitude", "publication_status", "tag_names"]
    list_filter = ["publication_status", "kind", "tags"]
    list_select_related = ["located_in"]
    autocomplete_fields = ["located_in"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "located_in", "alternative_names", "wikidata_id"]}),
        ("Coordinates", {"fields": ["latitude", "longitude"]}),
        ("Text", {"fields": ["body", "tags"]}),
        PUBLISHING_FIELDS,
    ]
