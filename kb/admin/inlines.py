from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from kb.admin.robust import RobustAdminMixin
from kb.models import Citation, Participation, PublicationStatus, TaggedEntry


class CitationFormSet(BaseGenericInlineFormSet):
    """A published entry must rest on at least one quoted source."""

    def clean(self):
        super().clean()
        if getattr(self.instance, "publication_status", None) != PublicationStatus.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError(
                "A published entry needs at least one citation; add one or keep it a draft."
            )


class CitationInline(RobustAdminMixin, GenericTabularInline):
    model = Citation
    formset = CitationFormSet
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "locator", "position"]


class ParticipationFormSet(BaseInlineFormSet):
    """Reports a repeated actor and role on the form; the database would refuse it anyway."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data.get("role") or data.get("DELETE"):
                continue
            key = tuple(
                getattr(data.get(name), "pk", data.get(name))
                for name in ("actor", "event", "agreement", "role")
                if name != self.fk.name
            )
            if key in seen:
                raise ValidationError("The same actor is listed twice with the same role.")
            seen.add(key)


class ParticipationInline(RobustAdminMixin, admin.TabularInline):
    """Participants of an event or agreement, edited on its own page."""

    model = Participation
    formset = ParticipationFormSet
    extra = 0
    autocomplete_fields = ["actor"]
    fields = ["actor", "role", "note", "position"]


class ActorParticipationInline(ParticipationInline):
    autocomplete_fields = ["event", "agreement"]
    fields = ["event", "agreement", "role", "note", "position"]
    verbose_name = "role in an event or agreement"
    verbose_name_plural = "roles in events and agreements"


class TaggedEntryInline(admin.TabularInline):
    """What carries a tag, shown on the tag's page; tags are attached from the entries."""

    model = TaggedEntry
    extra = 0
    fields = ["content_type", "object_id", "content_object"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "entries with this tag"

    def has_add_permission(self, request, obj):
        return False
