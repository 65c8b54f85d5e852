from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from kb import linked_data, page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def entry_cards(context, entries, heading_level=3):
    """Each entry's card (``includes/entry_card.html``), rendered once and kept until the data changes."""
    card = get_template("includes/entry_card.html")
    named = [(f"card:{entry._meta.label_lower}:{entry.pk}:{heading_level}", entry) for entry in entries]
    html = page_cache.kept_each(
        named,
        lambda entry: card.render({"entry": entry, "heading_level": heading_level}),
        request=context.get("request"),
    )
    return mark_safe("".join(html))


@register.simple_tag(takes_context=True)
def linked_data_script(context, entry, **related):
    """The entry's schema.org description (``kb.linked_data``) as a JSON-LD script element.

    ``related`` passes on what the view already fetched, e.g. ``participations=participations``.
    """
    data = linked_data.describe_page(entry, context["request"].build_absolute_uri, **related)
    return linked_data.script_element(data)


@register.filter
def verbose_name(obj):
    """The model's human name for any instance: “event”, “tag”, “period”…"""
    return obj._meta.verbose_name


@register.simple_tag(takes_context=True)
def page_url(context, number, parameter="page", anchor=""):
    """This page's query string, filters and search kept, with ``parameter`` pointing at page ``number``."""
    params = context["request"].GET.copy()
    params[parameter] = number
    return "?" + params.urlencode() + (f"#{anchor}" if anchor else "")


@register.filter
def verbose_name_plural(model):
    return model._meta.verbose_name_plural


@register.filter
def list_url_name(model):
    """The URL name of a model's public list: ``kb:event-list``."""
    return f"kb:{model._meta.model_name}-list"
