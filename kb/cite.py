"""How to cite a public page: author, title, date and a permalink to the version the reader sees."""

from dataclasses import dataclass

from django.conf import settings
from reversion.models import Version

from kb.keys import is_valid_key


@dataclass(frozen=True)
class PageCitation:
    author: str
    title: str
    site: str
    updated: object
    permalink: str

    @property
    def text(self):
        return (
            f"{self.author}, “{self.title}”, {self.site}, last updated "
            f"{self.updated:%-d %B %Y}, {self.permalink}"
        )


@dataclass(frozen=True)
class CitedVersion:
    """What became of the version a permalink named."""

    found: bool
    is_current: bool
    saved: object = None


def latest_version(entry):
    return Version.objects.get_for_object(entry).select_related("revision").first()


def page_citation(request, entry, version):
    url = request.build_absolute_uri(entry.get_absolute_url())
    return PageCitation(
        author=f"Editors of the {settings.KB_SITE_NAME}",
        title=entry.name,
        site=settings.KB_SITE_NAME,
        updated=entry.updated_at,
        permalink=f"{url}?version={version.pk}" if version else url,
    )


def cited_version(entry, requested, latest):
    """Reads ``?version=``: None when absent; else whether it is this entry's, and still current."""
    if requested is None:
        return None
    if latest is not None and requested == str(latest.pk):
        return CitedVersion(found=True, is_current=True, saved=latest.revision.date_created)
    if not is_valid_key(requested):
        return CitedVersion(found=False, is_current=False)
    older = Version.objects.get_for_object(entry).filter(pk=requested).select_related("revision").first()
    if older is None:
        return CitedVersion(found=False, is_current=False)
    return CitedVersion(found=True, is_current=False, saved=older.revision.date_created)
