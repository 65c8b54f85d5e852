"""Revision history in the admin: the list of versions, a diff of any two, and a guarded revert."""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from kb import history
from kb.keys import is_valid_key

HISTORY_STYLE = "kb/admin/history.css"


class HistoryAdmin(VersionAdmin):
    object_history_template = "admin/kb/object_history.html"
    compare_template = "admin/kb/compare_versions.html"

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        if not is_valid_key(unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        versions = list(
            Version.objects.get_for_object_reference(self.model, unquote(object_id)).select_related(
                "revision__user"
            )
        )
        rows = [
            {
                "version": version,
                "revert_url": self._url("revision", quote(version.object_id), version.pk),
                "previous": versions[index + 1] if index + 1 < len(versions) else None,
            }
            for index, version in enumerate(versions)
        ]
        context = {
            "versions": rows,
            "compare_url": self._url("compare", quote(unquote(object_id))),
            "history_style": HISTORY_STYLE,
            "can_restore": self.has_change_permission(request),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        history_url = self._url("history", quote(obj.pk))
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        chosen = [request.GET.get(name, "") for name in ("old", "new")]
        found = [versions.filter(pk=pk).first() if is_valid_key(pk) else None for pk in chosen]
        if None in found:
            self.message_user(request, "Choose two versions of this entry to compare.", messages.WARNING)
            return HttpResponseRedirect(history_url)
        old, new = sorted(found, key=lambda version: version.pk)
        try:
            comparison = history.compare(old, new)
        except RevertError as error:
            self.message_user(request, f"These versions cannot be compared: {error}", messages.ERROR)
            return HttpResponseRedirect(history_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "title": f"Changes to {obj}",
            "old": old,
            "new": new,
            "comparison": comparison,
            "history_url": history_url,
            "history_style": HISTORY_STYLE,
        }
        return TemplateResponse(request, self.compare_template, context)

    # Restoring writes a whole revision back raw, every entry in it included,
    # status and all. Publication is a reviewer's recorded step, so each entry
    # keeps the status it has now, and one that comes back from deletion is a
    # draft. Versions are looked up among this model's only.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        object_id = unquote(object_id)
        version = self._own_version(version_id, object_id=object_id)
        refused = self._refuse_restoring(request, version)
        if refused:
            return refused
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = self._own_version(version_id)
        if self.model._base_manager.filter(pk=version.object_id).exists():
            self.message_user(
                request,
                "This entry was not deleted; restore its versions from its history.",
                messages.WARNING,
            )
            return HttpResponseRedirect(self._url("history", quote(version.object_id)))
        refused = self._refuse_restoring(request, version)
        if refused:
            return refused
        return super().recover_view(request, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        for (model, pk), state in getattr(request, "kept_publication", {}).items():
            model._base_manager.filter(pk=pk).update(**state)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _own_version(self, version_id, **filters):
        if not is_valid_key(version_id) or not all(is_valid_key(value) for value in filters.values()):
            raise Http404("No such version.")
        version = Version.objects.get_for_model(self.model).filter(pk=version_id, **filters).first()
        if version is None:
            raise Http404("No such version.")
        return version

    def _refuse_restoring(self, request, version):
        missing = history.missing_references(version.revision)
        if missing:
            self.message_user(
                request,
                "This version cannot be restored: it refers to what has since been deleted ("
                + "; ".join(missing)
                + "). Restore or re-create those first, or edit the entry by hand.",
                messages.ERROR,
            )
            return HttpResponseRedirect(self._url("history", quote(version.object_id)))
        request.kept_publication = history.publication_states(version.revision)
        return None

    def _url(self, view, *args):
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}", args=args)
