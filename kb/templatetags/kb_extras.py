from django import template

register = template.Library()


@register.filter
def verbose_name(obj):
    """The model's human name for any instance: “event”, “tag”, “period”…"""
    return obj._meta.verbose_name


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This page's query string, filters and search kept, pointing at page ``number``."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.filter
def verbose_name_plural(model):
    return model._meta.verbose_name_plural


@register.filter
def list_url_name(model):
    """The URL name of a model's public list: ``kb:event-list``."""
    return f"kb:{model._meta.model_name}-list"
