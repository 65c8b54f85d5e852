"""Who may publish an entry, and the record of each step from draft through review to published.

Editors write drafts and submit them for review; reviewers (holding the
``publish_<model>`` permission) publish and unpublish. Every step is saved in
the entry's revision history with who took it and when.
"""

import reversion
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone

from kb.models import PublicationStatus


def may_publish(user, model):
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


class PublishingMixin:
    """For the admin of an entry model. ``HistoryAdmin`` keeps restores from changing publication."""

    actions = ["submit_for_review", "publish", "unpublish"]

    def has_publish_permission(self, request):
        return may_publish(request.user, self.model)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "publication_status" and not may_publish(request.user, self.model):
            kwargs["choices"] = [
                (status.value, status.label)
                for status in (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW)
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "published_at"]
        reverting = hasattr(request, "kept_publication")
        if reverting or (obj is not None and obj.is_published and not may_publish(request.user, self.model)):
            fields.append("publication_status")
        return fields

    def save_model(self, request, obj, form, change):
        if "publication_status" in form.changed_data and obj.is_published:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description="Submit selected %(verbose_name_plural)s for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        drafts = queryset.filter(publication_status=PublicationStatus.DRAFT)
        moved = self._move(request, drafts, PublicationStatus.IN_REVIEW, "Submitted for review.")
        self._report(
            request, moved, "submitted for review", "Only drafts can be submitted; nothing else changed."
        )

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish(self, request, queryset):
        waiting = queryset.exclude(publication_status=PublicationStatus.PUBLISHED).annotate(
            citation_count=Count("citations")
        )
        cited = [entry for entry in waiting if entry.citation_count]
        uncited = [entry for entry in waiting if not entry.citation_count]
        moved = self._move(
            request,
            cited,
            PublicationStatus.PUBLISHED,
            "Published.",
            published_at=timezone.now(),
        )
        self._report(request, moved, "published", "Nothing needed publishing.")
        if uncited:
            names = ", ".join(str(entry) for entry in uncited[:5]) + (" …" if len(uncited) > 5 else "")
            self.message_user(
                request,
                f"Not published, because a published entry needs at least one citation: {names}",
                messages.WARNING,
            )

    @admin.action(
        description="Unpublish selected %(verbose_name_plural)s (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        public = queryset.exclude(publication_status=PublicationStatus.DRAFT)
        moved = self._move(request, public, PublicationStatus.DRAFT, "Unpublished: back to draft.")
        self._report(request, moved, "returned to draft", "Nothing was published or in review.")

    def _move(self, request, entries, status, comment, **changes):
        moved = 0
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            for entry in entries:
                entry.publication_status = status
                for name, value in changes.items():
                    setattr(entry, name, value)
                entry.save(update_fields=["publication_status", "updated_at", *changes])
                self.log_change(request, entry, comment)
                moved += 1
        return moved

    def _report(self, request, moved, what, nothing):
        if not moved:
            self.message_user(request, nothing, messages.WARNING)
            return
        opts = self.model._meta
        noun = opts.verbose_name if moved == 1 else opts.verbose_name_plural
        self.message_user(request, f"{moved} {noun} {what}.", messages.SUCCESS)
