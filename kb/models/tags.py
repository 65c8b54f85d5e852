from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from taggit.models import GenericTaggedItemBase, TagBase

from kb import markdown

from .derived import DerivedFields


class Tag(DerivedFields, TagBase):
    """A theme or concept shared by entries; tag pages bridge the periods through it."""

    description = models.TextField(
        blank=True, max_length=5_000, validators=[markdown.validate_markdown], help_text="Markdown."
    )
    description_html = models.TextField(blank=True, editable=False)
    citations = GenericRelation("kb.Citation")

    markdown_fields = {"description": "description_html"}

    class Meta:
        ordering = ["name"]
        verbose_name = "tag"

    def get_absolute_url(self):
        return reverse("kb:tag-detail", kwargs={"slug": self.slug})


class TaggedEntry(GenericTaggedItemBase):
    """Links a Tag to an entry of any of the four kinds."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_entries")

    class Meta:
        verbose_name = "tagged entry"
        verbose_name_plural = "tagged entries"
        indexes = [models.Index(fields=["content_type", "object_id"], name="kb_tagged_entry_object")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "tag"], name="kb_tagged_entry_unique"
            ),
        ]
