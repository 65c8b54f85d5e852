from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .base import Entry


class VenueKind(models.TextChoices):
    CITY = "city", "City"
    BUILDING = "building", "Building"
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    BORDER = "border", "Border"
    ONLINE = "online", "Online format"


class Venue(Entry):
    """A place where events happen or agreements are made, or an online format.

    Venues nest: a city is located in a country.
    """

    kind = models.CharField(max_length=20, choices=VenueKind)
    located_in = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="places_within",
        verbose_name="located in",
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    card_select_related = ("located_in",)
    hierarchy_field = "located_in"

    class Meta(Entry.Meta):
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="kb_venue_coordinates_both_or_neither",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="kb_venue_coordinates_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["publication_status", "name"], name="kb_venue_public_name"),
        ]

    def get_absolute_url(self):
        return reverse("kb:venue-detail", kwargs={"slug": self.slug})

    @property
    def is_online(self):
        return self.kind == VenueKind.ONLINE

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None
