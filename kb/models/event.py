from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from kb import markdown

from .base import SUMMARY_LIMIT, Entry
from .derived import Dated


class EventKind(models.TextChoices):
    SUMMIT = "summit", "Summit"
    MEETING_SERIES = "meeting-series", "Series of meetings"
    MEETING = "meeting", "Meeting"
    TALKS = "talks", "Peace talks"
    INTERVIEW = "interview", "Interview"
    ELECTION = "election", "Election"
    WAR = "war", "War or hostilities"
    EXCHANGE = "exchange", "Exchange"
    PUBLICATION = "publication", "Publication"
    DEVELOPMENT = "development", "Development"


class EventStatus(models.TextChoices):
    HELD = "held", "Took place"
    OFFERED = "offered", "Offered, not held"
    PROPOSED = "proposed", "Proposed, not held"


class Event(Entry, Dated):
    """Something that happened, or was only offered or proposed, at a Venue.

    A series (the Contact Group's fortnightly meetings) is the parent of its
    parts. Actors take part through Participation; Agreements name the event
    that produced them.
    """

    kind = models.CharField(max_length=20, choices=EventKind)
    status = models.CharField(
        max_length=20,
        choices=EventStatus,
        default=EventStatus.HELD,
        help_text="Whether it happened, or was only offered or proposed.",
    )
    venue = models.ForeignKey(
        "kb.Venue", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name="part of",
        help_text="The series or larger event this belongs to.",
    )
    period = models.ForeignKey(
        "kb.Period", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    summary = models.TextField(
        blank=True,
        max_length=SUMMARY_LIMIT,
        validators=[markdown.validate_markdown],
        help_text="Markdown; a sentence or two.",
    )
    summary_html = models.TextField(blank=True, editable=False)
    outcome = models.CharField(max_length=300, blank=True, help_text="What came of it, in a line.")

    markdown_fields = {"body": "body_html", "summary": "summary_html"}
    card_select_related = ("venue", "period")
    hierarchy_field = "parent"

    class Meta(Entry.Meta):
        ordering = [F("date_start").asc(nulls_last=True), "name"]
        constraints = [*Entry.Meta.constraints, *Dated.Meta.constraints]
        indexes = [
            # The list's order and key, so a deep page is found in the index alone (kb.pagination).
            models.Index(
                fields=["publication_status", "date_start", "name", "id"], name="kb_event_public_order"
            ),
            # A period's events in order: its page, the home page, the comparison, tag pages.
            models.Index(
                fields=["period", "publication_status", "date_start", "name"], name="kb_event_period_order"
            ),
            # The newest first, for the home page and the feeds (kb.recent).
            models.Index(fields=["publication_status", "updated_at", "id"], name="kb_event_public_updated"),
            models.Index(fields=["status"], name="kb_event_status"),
            models.Index(fields=["kind"], name="kb_event_kind"),
            # Every column the lists' facets and the timeline count published events by, so that
            # they read this index alone rather than the table with its long texts (kb.facets).
            models.Index(
                fields=[
                    "publication_status",
                    "kind",
                    "status",
                    "period",
                    "venue",
                    "date_start",
                    "date_end",
                    "id",
                ],
                name="kb_event_facets",
            ),
        ]

    def get_absolute_url(self):
        return reverse("kb:event-detail", kwargs={"slug": self.slug})

    @property
    def is_held(self):
        return self.status == EventStatus.HELD

    took_place = is_held

    @staticmethod
    def took_place_condition(through=""):
        """``took_place`` as a query condition, on the event reached through the relation ``through``."""
        return Q(**{f"{through}status": EventStatus.HELD})
