"""Atom feeds of new and updated entries: all of them, and those carrying one tag."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.contrib.syndication.views import Feed, FeedDoesNotExist
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from kb.cite import editors
from kb.models import Tag
from kb.recent import recently_updated

FEED_LENGTH = 30


def latest_entries(tag=None):
    return recently_updated(FEED_LENGTH, tag, with_tags=True)


class LatestEntriesFeed(Feed):
    feed_type = Atom1Feed
    description_template = "feeds/entry_summary.html"

    @method_decorator(require_safe)
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{settings.KB_SITE_NAME}: new and updated entries"

    def subtitle(self):
        return "Events, agreements, actors and venues, the most recently updated first."

    def link(self):
        return reverse("kb:home")

    def author_name(self):
        return editors()

    def items(self):
        return latest_entries()

    def item_title(self, entry):
        return entry.name

    def item_guid(self, entry):
        # A tag URI (RFC 4151) naming the row, so the id survives edits and slug changes.
        host = Site.objects.get_current().domain.split(":")[0]
        return f"tag:{host},{entry.created_at:%Y-%m-%d}:{entry._meta.model_name}/{entry.pk}"

    def item_updateddate(self, entry):
        return entry.updated_at

    def item_pubdate(self, entry):
        return entry.published_at or entry.created_at

    def item_author_name(self, entry):
        return editors()

    def item_categories(self, entry):
        return sorted(tag.name for tag in entry.tags.all())

    def get_context_data(self, **kwargs):
        entry = kwargs["item"]
        return {"entry": entry, "summary": getattr(entry, "summary_html", "") or entry.body_html}


class TagFeed(LatestEntriesFeed):
    """Entries carrying one tag; like the tag's page, it does not exist while no published entry does."""

    def get_object(self, request, slug):
        tag = Tag.objects.get(slug=slug)
        tag.latest_entries = latest_entries(tag)
        if not tag.latest_entries:
            raise FeedDoesNotExist("No published entry has this tag.")
        return tag

    def title(self, tag):
        return f"{settings.KB_SITE_NAME}: {tag.name}"

    def subtitle(self, tag):
        return f"Entries tagged “{tag.name}”, the most recently updated first."

    def link(self, tag):
        return tag.get_absolute_url()

    def items(self, tag):
        return tag.latest_entries
