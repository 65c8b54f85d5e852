from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse

from kb import markdown

from .derived import Dated
from .managers import SlugKeyedManager
from .sources import Citation


class Period(Dated):
    """A span the knowledge base compares, such as the 2014-2020 Minsk talks.

    Events and agreements belong to at most one period; actors and venues
    belong to the periods of the events and agreements they are linked to.
    """

    name = models.CharField(max_length=200)
    # Found by slug through the unique constraint's index; a second one would only slow writes.
    slug = models.SlugField(max_length=200, db_index=False)
    summary = models.TextField(
        blank=True, max_length=5_000, validators=[markdown.validate_markdown], help_text="Markdown."
    )
    summary_html = models.TextField(blank=True, editable=False)
    citations = GenericRelation(Citation)

    objects = SlugKeyedManager()

    markdown_fields = {"summary": "summary_html"}

    class Meta:
        ordering = ["date_start", "name"]
        constraints = [
            *Dated.Meta.constraints,
            models.UniqueConstraint(
                fields=["slug"],
                name="kb_period_slug_unique",
                violation_error_message="Another period already uses this slug.",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("kb:period-detail", kwargs={"slug": self.slug})
