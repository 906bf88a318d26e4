"""The tables of the guides, as the generated pages have them: each in a scroll container
that is a labelled region a keyboard can scroll (`partials/macros.j2`, `table_open`).

A guide's Markdown table comes out of Python-Markdown as a bare `<table>`; Material's
script would wrap it in a scroll box with no name and no focus. Given the class of the
generated tables it is left alone (Material wraps only tables without a class) and looks
like them. The region is named after the heading the table stands under, else the page.
"""

from __future__ import annotations

import html
import re

# Python-Markdown's tables extension writes the tag bare; a table someone wrote as HTML in
# a guide, with attributes of its own, is theirs and stays as written.
_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.S)
# The permalink MkDocs' toc extension appends to a heading ("¶"): not part of its name.
_PERMALINK = re.compile(r"<a\b[^>]*class=\"headerlink\"[^>]*>.*?</a>", re.S)
_TAG = re.compile(r"<[^>]+>")


def label_tables(content: str, page_title: str) -> str:
    """`content` (a page's HTML) with every bare table in a labelled scroll region."""
    def wrap(match: re.Match[str]) -> str:
        headings = _HEADING.findall(content, 0, match.start())
        label = _text(headings[-1]) if headings else ""
        return (f'<div class="cmap-scroll" role="region" aria-label="'
                f'{html.escape(label or page_title)}" tabindex="0">'
                f'<table class="cmap-table">{match.group(1)}</table></div>')

    return _TABLE.sub(wrap, content)


def _text(heading: str) -> str:
    """The words of a heading's HTML, unescaped, spaces collapsed."""
    words = _TAG.sub("", _PERMALINK.sub("", heading))
    return " ".join(html.unescape(words).split())
