"""What every entry shares: naming, markdown, dates, tags, citations, publication."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from taggit.managers import TaggableManager

from kb import markdown

from .derived import DerivedFields
from .managers import SlugKeyedManager
from .sources import Citation
from .tags import TaggedEntry

# Beyond Django's four, "publish" guards publishing and unpublishing: reviewers hold it, editors do not.
ENTRY_PERMISSIONS = ("add", "change", "delete", "view", "publish")

BODY_LIMIT = 50_000
SUMMARY_LIMIT = 2_000

validate_wikidata_id = RegexValidator(
    r"\AQ[1-9][0-9]{0,11}\Z", "A Wikidata ID is a Q followed by digits, e.g. Q184 for Belarus."
)


def public_or_none(entry):
    """``entry`` if readers may see it; None for a missing or unpublished one."""
    return entry if entry is not None and entry.is_published else None


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def for_cards(self):
        # select_related() with no fields would follow every non-null foreign key.
        related = self.model.card_select_related
        return self.select_related(*related) if related else self

    def visible_to(self, user):
        """Drafts too for users allowed to view them in the admin (a banner marks them); else published."""
        opts = self.model._meta
        if user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return self
        return self.published()


EntryManager = SlugKeyedManager.from_queryset(EntryQuerySet)


class Entry(DerivedFields):
    """One of the four kinds readers browse: Event, Venue, Agreement or Actor."""

    name = models.CharField(max_length=200)
    # Found by slug through the unique constraint's index; a second one would only slow writes.
    slug = models.SlugField(max_length=200, db_index=False)
    alternative_names = models.TextField(
        blank=True,
        help_text="Other names, spellings or transliterations, one per line.",
    )
    body = models.TextField(
        blank=True, max_length=BODY_LIMIT, validators=[markdown.validate_markdown], help_text="Markdown."
    )
    body_html = models.TextField(blank=True, editable=False)
    wikidata_id = models.CharField(
        "Wikidata ID",
        max_length=13,
        blank=True,
        validators=[validate_wikidata_id],
        help_text="The item this entry describes on Wikidata, e.g. Q184; leave blank if unsure.",
    )
    publication_status = models.CharField(
        max_length=20,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        help_text="Only published entries are public; editors alone see drafts and entries in review.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    tags = TaggableManager(through=TaggedEntry, blank=True)
    # The same links as rows, so that revision history records and restores them.
    tagged_items = GenericRelation(TaggedEntry)
    citations = GenericRelation(Citation)

    objects = EntryManager()

    markdown_fields = {"body": "body_html"}
    # What an entry's card on lists and tag pages shows besides its own fields.
    card_select_related = ()
    # The foreign key to another entry of the same kind (part of, located in,
    # belongs to), which must never lead back to the entry itself.
    hierarchy_field = None

    class Meta:
        abstract = True
        ordering = ["name"]
        default_permissions = ENTRY_PERMISSIONS
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="%(app_label)s_%(class)s_slug_unique",
                violation_error_message="Another entry of this kind already uses this slug.",
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="%(app_label)s_%(class)s_wikidata_unique",
                violation_error_message="Another entry of this kind already has this Wikidata ID.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.hierarchy_field and self._leads_back_to_itself():
            raise ValidationError(
                {self.hierarchy_field: f"This leads back to this {self._meta.verbose_name} itself."}
            )

    def _leads_back_to_itself(self):
        if self.pk is None:
            return False
        seen = set()
        current = getattr(self, self.hierarchy_field)
        while current is not None and current.pk not in seen:
            if current.pk == self.pk:
                return True
            seen.add(current.pk)
            current = getattr(current, self.hierarchy_field)
        return False

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.publication_status == PublicationStatus.PUBLISHED

    @property
    def wikidata_url(self):
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""

    @property
    def alternative_name_list(self):
        return [name.strip() for name in self.alternative_names.splitlines() if name.strip()]
