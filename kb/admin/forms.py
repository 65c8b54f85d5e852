from django import forms

from kb.models import Tag


class EntryAdminForm(forms.ModelForm):
    """Checks tag names against the tag table's limit before taggit tries to save them."""

    def clean_tags(self):
        tags = self.cleaned_data.get("tags", [])
        limit = Tag._meta.get_field("name").max_length
        too_long = [name for name in tags if len(name) > limit]
        if too_long:
            raise forms.ValidationError(
                "A tag name can be at most %(limit)d characters: %(names)s",
                params={"limit": limit, "names": ", ".join(name[:40] + "…" for name in too_long)},
            )
        return tags
