import re

from django import forms

from kb.models import Tag

# An item's address as editors copy it from Wikidata: the page, the entity URI or the bare ID.
WIKIDATA_ADDRESS = re.compile(r"\A(?:https?://(?:www\.|m\.)?wikidata\.org/(?:wiki|entity)/)?(Q\d+)/?\Z")


class EntryAdminForm(forms.ModelForm):
    """Checks tag names before taggit saves them (within the table's limit, each with an address),
    and takes a Wikidata item's page address where its ID is asked for."""

    # Longer than the ID the model stores, so that a pasted address reaches clean_wikidata_id;
    # the model still validates the ID that is kept.
    wikidata_id = forms.CharField(
        label="Wikidata ID",
        required=False,
        max_length=200,
        help_text="The item this entry describes on Wikidata, e.g. Q184, or its page address; "
        "leave blank if unsure.",
    )

    def clean_wikidata_id(self):
        value = self.cleaned_data.get("wikidata_id", "").strip()
        match = WIKIDATA_ADDRESS.match(value)
        return match.group(1) if match else value

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
