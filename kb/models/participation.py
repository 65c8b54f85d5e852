from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from .base import PublicationStatus


class Role(models.TextChoices):
    HOST = "host", "Host"
    PROPOSER = "proposer", "Proposer"
    MEDIATOR = "mediator", "Mediator"
    FACILITATOR = "facilitator", "Facilitator"
    PARTY = "party", "Party"
    PARTICIPANT = "participant", "Participant"
    NEGOTIATOR = "negotiator", "Negotiator"
    SIGNATORY = "signatory", "Signatory"
    INVITEE = "invitee", "Invitee"
    INTERVIEWER = "interviewer", "Interviewer"
    INTERVIEWEE = "interviewee", "Interviewee"
    AUTHOR = "author", "Author"
    PUBLISHER = "publisher", "Publisher"


class ParticipationQuerySet(models.QuerySet):
    def public(self):
        """Participations whose actor and event or agreement are all published."""
        published = PublicationStatus.PUBLISHED
        return self.filter(actor__publication_status=published).filter(
            Q(event__publication_status=published) | Q(agreement__publication_status=published)
        )

    def as_shown(self):
        """The public ones, with the actor and the event or agreement each names loaded along."""
        return self.public().select_related("actor", "event", "agreement")

    def in_date_order(self):
        """Earliest event or agreement first, as an actor's record of them reads."""
        return self.order_by(
            Coalesce("event__date_start", "agreement__date_start").asc(nulls_last=True),
            Coalesce("event__name", "agreement__name"),
            "pk",
        )


class Participation(models.Model):
    """An Actor's typed role in one Event or one Agreement."""

    actor = models.ForeignKey("kb.Actor", on_delete=models.PROTECT, related_name="participations")
    event = models.ForeignKey(
        "kb.Event",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
    )
    agreement = models.ForeignKey(
        "kb.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
    )
    role = models.CharField(max_length=20, choices=Role)
    note = models.CharField(max_length=300, blank=True, help_text="A short qualifier, if needed.")
    position = models.PositiveSmallIntegerField(default=0)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, agreement__isnull=True)
                | Q(event__isnull=True, agreement__isnull=False),
                name="kb_participation_one_target",
                violation_error_message="A participation belongs to exactly one event or agreement.",
            ),
            models.UniqueConstraint(
                fields=["actor", "event", "role"],
                condition=Q(event__isnull=False),
                name="kb_participation_unique_event_role",
                violation_error_message="This actor already has this role in this event.",
            ),
            models.UniqueConstraint(
                fields=["actor", "agreement", "role"],
                condition=Q(agreement__isnull=False),
                name="kb_participation_unique_agreement_role",
                violation_error_message="This actor already has this role in this agreement.",
            ),
        ]
        indexes = [models.Index(fields=["role"], name="kb_participation_role")]

    def __str__(self):
        return f"{self.actor} — {self.get_role_display()} — {self.target}"

    def get_absolute_url(self):
        return self.target.get_absolute_url()

    @property
    def target(self):
        return self.event or self.agreement
