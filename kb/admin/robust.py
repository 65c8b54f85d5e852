"""Keeps malformed admin input from reaching the database as a server error.

Django's admin trusts that ids in autocomplete fields, changelist filters and
action checkboxes are well formed, and that search terms hold no NUL byte
(PostgreSQL refuses it). Editors and crawlers send anything, so these pieces
turn such input into the admin's own "invalid" handling.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import DataError
from django.http import HttpResponseRedirect

from kb.keys import is_valid_key


class SafeAutocompleteSelect(AutocompleteSelect):
    """Redraws a form holding a malformed id instead of failing on it."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_valid_key(v)], attr)


class RobustChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            super().get_results(request)
        except (ValueError, OverflowError, DataError) as error:
            raise IncorrectLookupParameters(error) from error


class RobustAdminMixin:
    """Mixed into every ModelAdmin and inline of the knowledge base."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RobustModelAdmin(RobustAdminMixin, admin.ModelAdmin):
    def get_changelist(self, request, **kwargs):
        return RobustChangeList

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_valid_key(value) for value in selected):
            self.message_user(request, "The selection was not valid, so nothing was done.", messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)
