"""The seed article and its mended text, the text every citation must quote.

Mending undoes only two artefacts of the copy: page breaks that split a
sentence (a blank line followed by a lowercase letter becomes one space) and
link markup (``[text](#)`` becomes ``text``). Every other character is kept.
"""

import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTICLE_PATH = PROJECT_ROOT / "fixtures" / "texts" / "000_a3827b09c8c16c02.txt"
SHARED_ARTICLE_PATH = PROJECT_ROOT.parent / "shared" / "seed" / ARTICLE_PATH.name

PAGE_BREAK = re.compile(r"\n\n(?=[a-z])")
LINK = re.compile(r"\[([^\]]*)\]\(#\)")


def mend(text):
    return LINK.sub(r"\1", PAGE_BREAK.sub(" ", text))


def mended_article_text():
    return mend(ARTICLE_PATH.read_text(encoding="utf-8"))
