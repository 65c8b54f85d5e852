from django import forms

from kb.models import Tag


class EntryAdminForm(forms.ModelForm):
    """Checks tag names before taggit saves them: within the table's limit, and each with an address."""

    def clean_tags(self):
        tags = self.cleaned_data.get("tags", [])
        limit = Tag._meta.get_field("name").max_length
        too_long = [name for name in tags if len(name) > limit]
        if too_long:
            raise forms.ValidationError(
                "A tag name can be at most %(limit)d characters: %(names)s",
                params={"limit": limit, "names": ", ".join(name[:40] + "…" for name in too_long)},
            )
        addressless = [name for name in tags if not Tag().slugify(name)]
        if addressless:
            raise forms.ValidationError(
                "A tag name needs at least one letter or digit, to make its address: %(names)s",
                params={"names": ", ".join(addressless)},
            )
        return tags
