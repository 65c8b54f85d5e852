"""A live preview of markdown fields in the admin, rendered by the public site's own renderer."""

from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from kb import markdown
from kb.models import BODY_LIMIT, ENTRY_MODELS, Period, Tag

PREVIEW_SCRIPT = "kb/admin/markdown-preview.js"
PREVIEW_STYLE = "kb/admin/markdown-preview.css"


def may_edit(user):
    """Whether ``user`` may add or change anything that has markdown or tags."""
    return (
        user.is_active
        and user.is_staff
        and any(
            user.has_perm(f"kb.{action}_{model}")
            for action in ("add", "change")
            for model in (model._meta.model_name for model in (*ENTRY_MODELS, Tag, Period))
        )
    )


@require_POST
@user_passes_test(may_edit, login_url="admin:login")
def markdown_preview(request):
    """The sanitised HTML for the posted ``text``, as JSON; a message instead if it cannot be rendered."""
    text = request.POST.get("text", "")
    if len(text) > BODY_LIMIT:
        return JsonResponse({"error": f"Too long to preview: at most {BODY_LIMIT:,} characters."}, status=400)
    try:
        markdown.validate_markdown(text)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"html": markdown.render(text)})


class MarkdownPreviewMixin:
    """Marks an admin form's markdown fields for the preview script, and loads it."""

    class Media:
        js = [PREVIEW_SCRIPT]
        css = {"all": [PREVIEW_STYLE]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in getattr(self.model, "markdown_fields", {}):
            field.widget.attrs["data-markdown-preview"] = reverse("kb-markdown-preview")
        return field
