from django.db import models
from django.urls import reverse

from .base import Entry


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    STATE = "state", "State"
    ORGANISATION = "organisation", "Organisation"
    GROUP = "group", "Group"
    MEDIA = "media", "Media outlet"


class Actor(Entry):
    """A person, state, organisation, group or media outlet.

    Actors take part in events and agreements through Participation, and may
    belong to another actor (a president to a state, a group to an organisation).
    """

    kind = models.CharField(max_length=20, choices=ActorKind)
    description = models.CharField(
        max_length=200, blank=True, help_text="One line, e.g. “President of Belarus”."
    )
    affiliation = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affiliates",
        verbose_name="belongs to",
        help_text="The state or organisation this actor belongs to or speaks for.",
    )

    hierarchy_field = "affiliation"

    class Meta(Entry.Meta):
        indexes = [
            models.Index(fields=["publication_status", "name"], name="kb_actor_public_name"),
            models.Index(fields=["kind"], name="kb_actor_kind"),
        ]

    def get_absolute_url(self):
        return reverse("kb:actor-detail", kwargs={"slug": self.slug})
