from django import template

from kb import linked_data

register = template.Library()


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
