from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .derived import Dated
from .managers import SlugKeyedManager


class Source(Dated):
    """A publication that entries cite; its Citations quote it word for word."""

    title = models.CharField(max_length=300)
    # Found by slug through the unique constraint's index; a second one would only slow writes.
    slug = models.SlugField(max_length=200, db_index=False)
    author = models.ForeignKey(
        "kb.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authored_sources",
    )
    publisher = models.ForeignKey(
        "kb.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
        help_text="The outlet that published it.",
    )
    url = models.URLField("URL", blank=True)
    text = models.TextField(
        "full text",
        blank=True,
        help_text="When given, every citation's quote must appear in it word for word. "
        "It is kept for checking and is not shown to readers.",
    )

    objects = SlugKeyedManager()

    class Meta:
        ordering = ["title"]
        constraints = [
            *Dated.Meta.constraints,
            models.UniqueConstraint(
                fields=["slug"],
                name="kb_source_slug_unique",
                violation_error_message="Another source already uses this slug.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("kb:source-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.pk is None or not self.text:
            return
        orphaned = [citation for citation in self.citations.all() if not self.contains(citation.quote)]
        if orphaned:
            message = (
                f"{len(orphaned)} existing citation(s) would no longer appear in this text, "
                f"e.g. “{orphaned[0].quote[:80]}”."
            )
            raise ValidationError({"text": message})

    def contains(self, quote):
        """Whether ``quote`` is in the stored text, ignoring line breaks; True when no text is stored."""
        if not self.text:
            return True
        return " ".join(quote.split()) in " ".join(self.text.split())


class Citation(models.Model):
    """An exact quote from a Source that supports one entry, tag or period."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey()
    quote = models.TextField(help_text="Copied word for word from the source.")
    locator = models.CharField(
        max_length=100, blank=True, help_text="Page, paragraph or timestamp, if useful."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="kb_citation_object")]
        constraints = [
            models.CheckConstraint(condition=~Q(quote=""), name="kb_citation_quote_not_empty"),
        ]

    def __str__(self):
        return f"{self.source}: “{self.quote[:60]}”"

    def get_absolute_url(self):
        return self.content_object.get_absolute_url()

    def clean(self):
        super().clean()
        if self.source_id and self.quote and not self.source.contains(self.quote):
            raise ValidationError({"quote": "This quote does not appear word for word in the source’s text."})
