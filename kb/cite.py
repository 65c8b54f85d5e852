"""How to cite a public page: author, title, date and a permalink to the version the reader sees.

Besides plain text, a citation is offered in the formats reference managers
import: BibTeX, RIS and CSL-JSON. Each is a handful of fields, so they are
written here rather than through a library.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from kb.keys import is_valid_key


@dataclass(frozen=True)
class CitationFormat:
    name: str
    label: str
    extension: str
    content_type: str


FORMATS = {
    "bibtex": CitationFormat("bibtex", "BibTeX", "bib", "application/x-bibtex"),
    "ris": CitationFormat("ris", "RIS", "ris", "application/x-research-info-systems"),
    "csl-json": CitationFormat("csl-json", "CSL-JSON", "json", "application/vnd.citationstyles.csl+json"),
}

# In BibTeX these would start commands, groups or comments; each is written as LaTeX spells it.
BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


@dataclass(frozen=True)
class PageCitation:
    author: str
    title: str
    site: str
    updated: object
    permalink: str
    key: str = ""
    accessed: object = None
    downloads: tuple = ()

    @property
    def text(self):
        return (
            f"{self.author}, “{self.title}”, {self.site}, last updated "
            f"{self.updated:%-d %B %Y}, {self.permalink}"
        )

    def as_bibtex(self):
        fields = {
            "author": "{" + _bibtex(self.author) + "}",
            "title": "{" + _bibtex(self.title) + "}",
            "howpublished": _bibtex(self.site),
            "year": f"{self.updated:%Y}",
            "date": f"{self.updated:%Y-%m-%d}",
            "url": self.permalink.replace("}", "%7D").replace("{", "%7B"),
            "urldate": f"{self.accessed:%Y-%m-%d}",
            "note": f"Last updated {self.updated:%-d %B %Y}",
        }
        lines = [f"  {name} = {{{value}}}," for name, value in fields.items()]
        return f"@misc{{{self.key},\n" + "\n".join(lines) + "\n}\n"

    def as_ris(self):
        fields = [
            ("TY", "ELEC"),
            ("AU", self.author),
            ("TI", self.title),
            ("T2", self.site),
            ("PY", f"{self.updated:%Y}"),
            ("DA", f"{self.updated:%Y/%m/%d}"),
            ("UR", self.permalink),
            ("Y2", f"{self.accessed:%Y/%m/%d}"),
            ("ID", self.key),
            ("ER", ""),
        ]
        return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in fields)

    def as_csl_json(self):
        item = {
            "id": self.key,
            "type": "webpage",
            "title": self.title,
            "author": [{"literal": self.author}],
            "container-title": self.site,
            "issued": {"date-parts": [[self.updated.year, self.updated.month, self.updated.day]]},
            "accessed": {"date-parts": [[self.accessed.year, self.accessed.month, self.accessed.day]]},
            "URL": self.permalink,
        }
        return json.dumps([item], ensure_ascii=False, indent=2) + "\n"

    def formatted(self, name):
        return getattr(self, "as_" + name.replace("-", "_"))()


def _bibtex(text):
    return _one_line(text).translate(BIBTEX_ESCAPES)


def _one_line(text):
    return " ".join(str(text).split())


@dataclass(frozen=True)
class CitedVersion:
    """What became of the version a permalink named."""

    found: bool
    is_current: bool
    saved: object = None


def latest_version(entry):
    return Version.objects.get_for_object(entry).select_related("revision").first()


def editors():
    return f"Editors of the {settings.KB_SITE_NAME}"


def page_citation(request, entry, version):
    url = request.build_absolute_uri(entry.get_absolute_url())
    kind = entry._meta.model_name
    return PageCitation(
        author=editors(),
        title=entry.name,
        site=settings.KB_SITE_NAME,
        updated=entry.updated_at,
        permalink=f"{url}?version={version.pk}" if version else url,
        key=f"kb-{kind}-{entry.slug}",
        accessed=timezone.localdate(),
        downloads=tuple(
            (fmt.label, reverse(f"kb:{kind}-cite", kwargs={"slug": entry.slug, "style": fmt.name}))
            for fmt in FORMATS.values()
        ),
    )


def cited_version(entry, requested, latest):
    """Reads ``?version=``: whether it names a version of this entry, and whether that is still current."""
    if latest is not None and requested == str(latest.pk):
        return CitedVersion(found=True, is_current=True, saved=latest.revision.date_created)
    if not is_valid_key(requested):
        return CitedVersion(found=False, is_current=False)
    older = Version.objects.get_for_object(entry).filter(pk=requested).select_related("revision").first()
    if older is None:
        return CitedVersion(found=False, is_current=False)
    return CitedVersion(found=True, is_current=False, saved=older.revision.date_created)
