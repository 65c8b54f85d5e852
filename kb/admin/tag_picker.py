"""The admin's tag field: pick existing tags or make new ones without leaving the form."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import user_passes_test
from django.db.models import Count
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from taggit.forms import TagWidget

from kb.admin.preview import may_edit
from kb.models import Tag

SUGGESTION_LIMIT = 20


class TagPickerWidget(TagWidget):
    """A text box of comma-separated names, which the script turns into select2's tagging picker.

    Without the script, the text box still works as it always has.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-tag-suggestions"] = reverse("kb-tag-suggestions")
        return context

    @property
    def media(self):
        # The same files, in the same order, as the admin's own autocomplete widgets.
        extra = "" if settings.DEBUG else ".min"
        return forms.Media(
            js=[
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "kb/admin/tag-picker.js",
            ],
            css={"screen": [f"admin/css/vendor/select2/select2{extra}.css", "admin/css/autocomplete.css"]},
        )


@require_safe
@user_passes_test(may_edit, login_url="admin:login")
def tag_suggestions(request):
    """Existing tags whose names contain ``term``, most used first when no term is given; select2's format."""
    term = request.GET.get("term", "").replace("\x00", "").strip()[:100]
    tags = Tag.objects.annotate(uses=Count("tagged_entries"))
    tags = tags.filter(name__icontains=term).order_by("name") if term else tags.order_by("-uses", "name")
    results = [{"id": tag.name, "text": tag.name} for tag in tags[:SUGGESTION_LIMIT]]
    return JsonResponse({"results": results, "pagination": {"more": False}})
