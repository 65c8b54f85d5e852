from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet

from kb.models import Actor, Agreement, Citation, Event, Participation, Period, Source, Tag, Venue


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "locator", "position"]


class ParticipationFormSet(BaseInlineFormSet):
    """Reports a repeated actor and role on the form; the database would refuse it anyway."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data.get("role") or data.get("DELETE"):
                continue
            key = tuple(
                getattr(data.get(name), "pk", data.get(name))
                for name in ("actor", "event", "agreement", "role")
                if name != self.fk.name
            )
            if key in seen:
                raise ValidationError("The same actor is listed twice with the same role.")
            seen.add(key)


class ParticipationInline(admin.TabularInline):
    """Participants of an event or agreement, edited on its own page."""

    model = Participation
    formset = ParticipationFormSet
    extra = 0
    autocomplete_fields = ["actor"]
    fields = ["actor", "role", "note", "position"]


class ActorParticipationInline(admin.TabularInline):
    model = Participation
    formset = ParticipationFormSet
    extra = 0
    autocomplete_fields = ["event", "agreement"]
    fields = ["event", "agreement", "role", "note", "position"]
    verbose_name = "role in an event or agreement"
    verbose_name_plural = "roles in events and agreements"


class EntryAdmin(admin.ModelAdmin):
    """What the four kinds of entry share in the admin."""

    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "alternative_names", "slug"]
    list_filter = ["publication_status", "tags"]
    list_per_page = 50
    inlines = [CitationInline]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="tags")
    def tag_names(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))


DATE_FIELDS = ("Date", {"fields": ["date", "date_label"]})
PUBLISHING_FIELDS = ("Publishing", {"fields": ["publication_status", "created_at", "updated_at"]})


@admin.register(Event)
class EventAdmin(EntryAdmin):
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
    search_fields = [*EntryAdmin.search_fields, "summary", "body"]
    autocomplete_fields = ["venue", "parent"]
    inlines = [ParticipationInline, CitationInline]
    date_hierarchy = "date_start"
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "status", "alternative_names"]}),
        DATE_FIELDS,
        ("Where and within what", {"fields": ["venue", "parent", "period"]}),
        ("Text", {"fields": ["summary", "body", "outcome", "tags"]}),
        PUBLISHING_FIELDS,
    ]

    @admin.display(description="date", ordering="date_start")
    def date_display(self, obj):
        return obj.date_display


@admin.register(Agreement)
class AgreementAdmin(EntryAdmin):
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
    search_fields = [*EntryAdmin.search_fields, "summary", "body"]
    autocomplete_fields = ["venue", "event"]
    inlines = [ParticipationInline, CitationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "alternative_names"]}),
        DATE_FIELDS,
        ("Where and from what", {"fields": ["venue", "event", "period"]}),
        ("Text", {"fields": ["summary", "body", "tags"]}),
        PUBLISHING_FIELDS,
    ]

    date_display = EventAdmin.date_display


@admin.register(Actor)
class ActorAdmin(EntryAdmin):
    list_display = ["name", "kind", "description", "affiliation", "publication_status", "tag_names"]
    list_filter = ["publication_status", "kind", "tags"]
    list_select_related = ["affiliation"]
    search_fields = [*EntryAdmin.search_fields, "description", "body"]
    autocomplete_fields = ["affiliation"]
    inlines = [ActorParticipationInline, CitationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "description", "affiliation", "alternative_names"]}),
        ("Text", {"fields": ["body", "tags"]}),
        PUBLISHING_FIELDS,
    ]


@admin.register(Venue)
class VenueAdmin(EntryAdmin):
    list_display = ["name", "kind", "located_in", "latitude", "longitude", "publication_status", "tag_names"]
    list_filter = ["publication_status", "kind", "tags"]
    list_select_related = ["located_in"]
    search_fields = [*EntryAdmin.search_fields, "body"]
    autocomplete_fields = ["located_in"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "located_in", "alternative_names"]}),
        ("Coordinates", {"fields": ["latitude", "longitude"]}),
        ("Text", {"fields": ["body", "tags"]}),
        PUBLISHING_FIELDS,
    ]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "publisher", "date"]
    search_fields = ["title", "slug", "author__name", "publisher__name"]
    list_select_related = ["author", "publisher"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "publisher"]
    fields = ["title", "slug", "author", "publisher", "date", "date_label", "url", "text"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description"]
    inlines = [CitationInline]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "date", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "date", "date_label", "summary"]
    inlines = [CitationInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    """Mostly edited inline; listed here so editors can find every role at once."""

    list_display = ["actor", "role", "event", "agreement", "note"]
    list_filter = ["role"]
    list_select_related = ["actor", "event", "agreement"]
    search_fields = ["actor__name", "event__name", "agreement__name", "note"]
    autocomplete_fields = ["actor", "event", "agreement"]
