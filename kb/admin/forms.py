import re
from datetime import datetime

from django import forms
from django.db import transaction
from django.utils import dateformat, timezone
from reversion.models import Version

from kb.models import Tag

# An item's address as editors copy it from Wikidata: the page, the entity URI or the bare ID.
WIKIDATA_ADDRESS = re.compile(r"\A(?:https?://(?:www\.|m\.)?wikidata\.org/(?:wiki|entity)/)?(Q\d+)/?\Z")


class UnlabelledHiddenInput(forms.HiddenInput):
    """The admin gives every field in a fieldset a label; a hidden input cannot have one."""

    def id_for_label(self, id_):
        return ""


class VersionField(forms.CharField):
    """Which version of the entry the editor opened; not itself a change to the entry's history."""

    widget = UnlabelledHiddenInput

    def has_changed(self, initial, data):
        return False


class EntryAdminForm(forms.ModelForm):
    """Checks tag names before taggit saves them (within the table's limit, each with an address),
    takes a Wikidata item's page address where its ID is asked for, and refuses to save over
    changes someone else saved since the editor opened the entry."""

    # The entry's updated_at when the editor opened it, to the microsecond. Every save() stamps
    # updated_at, so a different value when saving means someone else saved in between.
    loaded_version = VersionField(required=False, label="")

    # Longer than the ID the model stores, so that a pasted address reaches clean_wikidata_id;
    # the model still validates the ID that is kept.
    wikidata_id = forms.CharField(
        label="Wikidata ID",
        required=False,
        max_length=200,
        help_text="The item this entry describes on Wikidata, e.g. Q184, or its page address; "
        "leave blank if unsure.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["loaded_version"].initial = version_of(self.instance.updated_at)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance._state.adding:
            return cleaned_data
        field_name = self.add_prefix("loaded_version")
        current = self._current_version()
        if current is None:
            raise forms.ValidationError(
                "Someone else deleted this entry after you opened it, so your changes were not saved.",
                code="deleted",
            )
        loaded = _parse_version(self.data.get(field_name, ""))
        if loaded == current:
            return cleaned_data
        # Shown again with the current version, so that saving once more knowingly replaces it.
        self.data = self.data.copy()
        self.data[field_name] = version_of(current)
        if loaded is None:
            raise forms.ValidationError(
                "This page's record of which version of the entry you opened is damaged, so your "
                "changes were not saved. They are still below: check the entry's History page, "
                "then save again to keep yours.",
                code="damaged_version",
            )
        raise forms.ValidationError(
            "%(who)s saved this entry at %(when)s, after you opened it, so your changes were not saved. "
            "They are still below, so nothing is lost. See what changed on the entry's History page "
            "(open it in a new tab); saving again replaces their version with yours.",
            code="edit_conflict",
            params={"who": self._last_editor(), "when": _describe_time(current)},
        )

    def _current_version(self):
        """The stored entry's updated_at, its row locked until the admin's save commits so that two
        saves cannot both pass the check. SQLite, for development only, has no row locks."""
        entries = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            entries = entries.select_for_update()
        return entries.values_list("updated_at", flat=True).first()

    def _last_editor(self):
        version = Version.objects.get_for_object(self.instance).select_related("revision__user").first()
        user = version.revision.user if version else None
        return (user.get_full_name() or user.get_username()) if user else "Someone else"

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


def version_of(updated_at):
    return updated_at.isoformat(timespec="microseconds")


def _parse_version(value):
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if timezone.is_aware(parsed) else None


def _describe_time(moment):
    return dateformat.format(timezone.localtime(moment), "j F Y, H:i:s T")
