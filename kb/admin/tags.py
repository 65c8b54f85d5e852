"""The tag admin: descriptions, renames that keep old links working, merges and orphan clean-up."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse

from kb import tagging
from kb.admin.history import HistoryAdmin
from kb.admin.inlines import CitationInline, TaggedEntryInline
from kb.admin.preview import MarkdownPreviewMixin
from kb.admin.robust import RobustModelAdmin
from kb.models import Tag


class TagAdminForm(forms.ModelForm):
    """A renamed tag takes a slug from its new name, unless the editor chose one."""

    class Meta:
        model = Tag
        fields = ["name", "slug", "description"]
        help_texts = {
            "slug": "Its address. Rename a tag and leave this as it was, and it follows the new name; "
            "the old address then redirects to the new one.",
        }

    def clean(self):
        data = super().clean()
        renamed = self.instance.pk and "name" in self.changed_data and "slug" not in self.changed_data
        if renamed and data.get("name"):
            slug = self.instance.slugify(data["name"])
            clash = Tag.objects.exclude(pk=self.instance.pk).filter(slug=slug).first()
            if clash:
                self.add_error(
                    "name",
                    f"The tag “{clash.name}” already has the address this name would take; "
                    "merge the two tags instead.",
                )
            else:
                data["slug"] = slug
        return data


class UsageFilter(admin.SimpleListFilter):
    title = "use"
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [("yes", "Carried by entries"), ("no", "Orphaned: no entry carries it")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(pk__in=tagging.orphaned_tags().values("pk"))
        if self.value() == "yes":
            return queryset.exclude(pk__in=tagging.orphaned_tags().values("pk"))
        return queryset


@admin.register(Tag)
class TagAdmin(MarkdownPreviewMixin, HistoryAdmin, RobustModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug", "entry_count", "description"]
    list_filter = [UsageFilter, ("tagged_entries__content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description"]
    inlines = [CitationInline, TaggedEntryInline]
    actions = ["merge_selected", "delete_orphaned"]
    merge_template = "admin/kb/merge_tags.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entries=Count("tagged_entries", distinct=True))

    def get_prepopulated_fields(self, request, obj=None):
        # On a rename the form itself moves the slug, so the script must not.
        return self.prepopulated_fields if obj is None else {}

    @admin.display(description="entries", ordering="entries")
    def entry_count(self, tag):
        return tag.entries

    @admin.action(description="Merge the selected tags into one…", permissions=["delete"])
    def merge_selected(self, request, queryset):
        tags = list(queryset.order_by("name"))
        if len(tags) < 2:
            self.message_user(request, "Choose at least two tags to merge.", messages.WARNING)
            return None
        chosen = request.POST.get("keep")
        if chosen is None:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Merge tags",
                "tags": tags,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, self.merge_template, context)
        target = next((tag for tag in tags if str(tag.pk) == chosen), None)
        if target is None:
            self.message_user(request, "Choose which of the selected tags to keep.", messages.ERROR)
            return None
        others = [tag for tag in tags if tag.pk != target.pk]
        names = ", ".join(f"“{tag.name}”" for tag in others)
        entries = tagging.merge_tags(target, others)
        for entry in entries:
            reversion.add_to_revision(entry)
        self.log_change(request, target, f"Merged {names} into this tag.")
        reversion.set_comment(f"Merged the tags {names} into “{target.name}”.")
        self.message_user(
            request,
            f"Merged {names} into “{target.name}”; {len(entries)} entries now carry it, "
            "and the old tag pages redirect to it.",
            messages.SUCCESS,
        )
        return None

    @admin.action(description="Delete the selected tags that no entry carries", permissions=["delete"])
    def delete_orphaned(self, request, queryset):
        orphans = queryset.filter(pk__in=tagging.orphaned_tags().values("pk"))
        names = sorted(orphans.values_list("name", flat=True))
        kept = queryset.count() - len(names)
        self.log_deletions(request, orphans)
        for tag in orphans:
            tag.delete()
        if names:
            self.message_user(
                request, f"Deleted {len(names)} orphaned tags: {', '.join(names)}.", messages.SUCCESS
            )
        if kept:
            self.message_user(request, f"Kept {kept} tags that entries still carry.", messages.WARNING)
