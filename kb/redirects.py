"""Old addresses keep working: a changed slug leaves a permanent redirect behind.

The redirects are Django's own (``django.contrib.redirects``): its middleware
answers a 404 whose path it knows with a 301 to the new address, and
operators can see and edit every redirect in the admin.
"""

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from kb.models import Actor, Agreement, Event, Tag

PATH_LIMIT = Redirect._meta.get_field("old_path").max_length
_WITH_CONNECTIONS = {
    Actor: "kb:actor-connections",
    Event: "kb:event-connections",
    Agreement: "kb:agreement-connections",
}


def addresses(obj):
    """Every public path that carries the object's slug; none for an object without one."""
    if not obj.slug:
        return []
    paths = [obj.get_absolute_url()]
    route = _WITH_CONNECTIONS.get(type(obj))
    if route:
        paths.append(reverse(route, kwargs={"slug": obj.slug}))
    if isinstance(obj, Tag):
        paths.append(reverse("kb:tag-feed", kwargs={"slug": obj.slug}))
    return paths


def record_move(old_paths, new_paths):
    """Point each old path, and every redirect that led to it, at its new path."""
    site = Site.objects.get_current()
    for old, new in zip(old_paths, new_paths, strict=True):
        if old == new:
            continue
        if len(new) > PATH_LIMIT:
            # Too long for the redirects table: the old paths can only 404 now.
            Redirect.objects.filter(site=site, new_path=old).delete()
            continue
        Redirect.objects.filter(site=site, new_path=old).update(new_path=new)
        # The new path is live again, so any redirect away from it would now loop.
        Redirect.objects.filter(site=site, old_path=new).delete()
        if len(old) <= PATH_LIMIT:
            Redirect.objects.update_or_create(site=site, old_path=old, defaults={"new_path": new})


def forget(paths):
    """Drop the redirects that lead to paths which no longer exist."""
    Redirect.objects.filter(site=Site.objects.get_current(), new_path__in=paths).delete()


def new_slug(model, old_slug):
    """The slug a record of ``model`` moved to from ``old_slug``, from the redirect its page left; or None."""
    try:
        old_path = model(slug=old_slug).get_absolute_url()
    except NoReverseMatch:
        return None  # not a slug this kind's addresses take
    moves = Redirect.objects.filter(site_id=settings.SITE_ID, old_path=old_path)
    new_path = moves.values_list("new_path", flat=True).first()
    if not new_path:
        return None
    try:
        match = resolve(new_path)
    except Resolver404:
        return None
    return match.kwargs.get("slug") if match.func is resolve(old_path).func else None
