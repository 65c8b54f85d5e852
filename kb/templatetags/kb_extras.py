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
