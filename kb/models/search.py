from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """The searchable text of one Event, Agreement, Actor or Venue.

    ``kb.search`` writes it on every save of the entry or its citations; it is
    never edited by hand. On PostgreSQL ``vector`` holds the weighted search
    vector; on SQLite the migration mirrors ``names``, ``text`` and ``terms``
    into an FTS5 table with triggers.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    is_public = models.BooleanField(default=False)
    names = models.TextField(help_text="The name and alternative names, accents removed.")
    text = models.TextField(help_text="Summary, body and cited quotes as plain text.")
    terms = models.TextField(blank=True, help_text="Searched but not shown in excerpts, such as the date.")
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="kb_search_document_entry"),
        ]
        indexes = [models.Index(fields=["is_public", "content_type"], name="kb_search_document_public")]

    def __str__(self):
        return f"Search text of {self.content_type.model} {self.object_id}"


class SearchName(models.Model):
    """One name or alternative name of a SearchDocument's entry, normalised, to find exact names fast."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=200, help_text="Lower case, accents removed, words single-spaced.")

    class Meta:
        default_permissions = ()
        indexes = [models.Index(fields=["key"], name="kb_search_name_key")]

    def __str__(self):
        return self.key


class SearchWord(models.Model):
    """A word of a published entry's searchable text, to correct a misspelt query (PostgreSQL only).

    Written with the documents and emptied only by a rebuild, so it may keep
    words that no public entry has any longer: a correction is offered only
    when some public entry has every corrected word.
    """

    word = models.CharField(max_length=100, primary_key=True, help_text="Lower case, accents removed.")

    class Meta:
        default_permissions = ()

    def __str__(self):
        return self.word
