from functools import cache

from django import template
from django.conf import settings
from django.db.models import Model
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

from kb import linked_data, page_cache
from kb.pagination import RowsByKey

register = template.Library()


@register.tag
def kept(parser, token):
    """``{% kept "name" value… %}…{% endkept %}``: what it encloses, kept until the data changes.

    It is kept under its name and the values it varies with; an entry among them
    stands for its kind and key. Whatever the part shows must follow from those.
    """
    name_and_values = token.split_contents()[1:]
    if not name_and_values:
        raise template.TemplateSyntaxError("'kept' needs a name, then the values the part varies with.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, [parser.compile_filter(bit) for bit in name_and_values])


class KeptNode(template.Node):
    def __init__(self, nodelist, name_and_values):
        self.nodelist = nodelist
        self.name_and_values = name_and_values

    def render(self, context):
        name = [_identity(expression.resolve(context)) for expression in self.name_and_values]
        named = [(f"kept:{name!r}", context)]
        return page_cache.kept_each(named, self.nodelist.render)[0]


def _identity(value):
    if isinstance(value, Model):
        return f"{value._meta.label_lower}.{value.pk}"
    return str(value)


@register.simple_tag
def entry_cards(entries, heading_level=3):
    """Each entry's card (``includes/entry_card.html``), rendered once and kept until the data changes.

    Of a list's page (``RowsByKey``), the rows are read only if some card is not kept.
    """
    card = get_template("includes/entry_card.html")

    def render(entry):
        return card.render({"entry": entry, "heading_level": heading_level})

    if isinstance(entries, RowsByKey):
        html = entries.kept_each(f"card:{heading_level}", render)
    else:
        named = [(f"card:{heading_level}:{entry._meta.label_lower}:{entry.pk}", entry) for entry in entries]
        html = page_cache.kept_each(named, render)
    return mark_safe("".join(part for part in html if part))


@register.simple_tag(takes_context=True)
def linked_data_script(context, entry, **related):
    """The entry's schema.org description (``kb.linked_data``) as a JSON-LD script element.

    ``related`` passes on what the view already fetched, e.g. ``participations=participations``.
    """
    request = context["request"]
    data = linked_data.describe_page(entry, request.build_absolute_uri, context["citations"], **related)
    return linked_data.script_element(data)


SITE_LINKS = {
    "home": "kb:home",
    "events": "kb:event-list",
    "agreements": "kb:agreement-list",
    "actors": "kb:actor-list",
    "venues": "kb:venue-list",
    "timeline": "kb:timeline",
    "tags": "kb:tag-list",
    "then_and_now": "kb:then-and-now",
    "connections": "kb:connections",
    "map": "kb:venue-map",
    "search": "kb:search",
    "sources": "kb:source-list",
    "periods": "kb:period-list",
    "latest_feed": "kb:latest-feed",
    "open_data": "kb:open-data",
}


@register.simple_tag
def site_links():
    """``{% site_links as links %}``: the addresses every page's header and footer link to.

    They are reversed once for each URLconf and address prefix, not on every page.
    """
    return _reversed_site_links(get_urlconf(settings.ROOT_URLCONF), get_script_prefix())


@cache
def _reversed_site_links(urlconf, script_prefix):
    return {name: reverse(view_name, urlconf=urlconf) for name, view_name in SITE_LINKS.items()}


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
