from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from kb import dates, markdown

from .base import SUMMARY_LIMIT, Entry
from .derived import Dated


class AgreementStatus(models.TextChoices):
    IN_FORCE = "in-force", "In force"
    DEFUNCT = "defunct", "Defunct"
    PROPOSED = "proposed", "Proposed, not agreed"


class Agreement(Entry, Dated):
    """A document agreed at a Venue, usually produced by an Event; signed by Actors."""

    status = models.CharField(max_length=20, choices=AgreementStatus)
    venue = models.ForeignKey(
        "kb.Venue", on_delete=models.PROTECT, null=True, blank=True, related_name="agreements"
    )
    event = models.ForeignKey(
        "kb.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name="produced by",
    )
    period = models.ForeignKey(
        "kb.Period", on_delete=models.PROTECT, null=True, blank=True, related_name="agreements"
    )
    summary = models.TextField(
        blank=True,
        max_length=SUMMARY_LIMIT,
        validators=[markdown.validate_markdown],
        help_text="Markdown; a sentence or two.",
    )
    summary_html = models.TextField(blank=True, editable=False)

    markdown_fields = {"body": "body_html", "summary": "summary_html"}
    card_select_related = ("venue", "period")

    class Meta(Entry.Meta):
        ordering = [F("date_start").asc(nulls_last=True), "name"]
        constraints = [*Entry.Meta.constraints, *Dated.Meta.constraints]
        indexes = [
            models.Index(
                fields=["publication_status", "date_start", "name"], name="kb_agreement_public_date"
            ),
            models.Index(fields=["status"], name="kb_agreement_status"),
        ]

    def clean(self):
        super().clean()
        if self.event_id and self.date and self.event.date_start and self._agreed_before_event():
            raise ValidationError(
                {
                    "date": f"This agreement is dated before the event that produced it "
                    f"({self.event.name}, {self.event.date_display})."
                }
            )

    def _agreed_before_event(self):
        try:
            return dates.bounds(self.date).end < self.event.date_start
        except ValidationError:
            return False  # the date field reports its own error

    def get_absolute_url(self):
        return reverse("kb:agreement-detail", kwargs={"slug": self.slug})

    @property
    def took_place(self):
        """Whether it was actually agreed, rather than only proposed."""
        return self.status != AgreementStatus.PROPOSED

    @staticmethod
    def took_place_condition(through=""):
        """``took_place`` as a query condition, on the agreement reached through the relation ``through``."""
        agreed = [status for status in AgreementStatus if status != AgreementStatus.PROPOSED]
        return Q(**{f"{through}status__in": agreed})
