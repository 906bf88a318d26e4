"""What `cmap serve` shows in the browser while the files have errors.

A preview that silently kept serving the last valid pages would leave the person editing a
file wondering why their change never shows. So while the last rebuild failed, every page
the preview serves starts with the errors, each at its `file:line:column` with its hint
(`templates/preview/errors.html.j2`); when there has never been a valid state to build a
site from, every address answers with a page holding only them
(`templates/preview/page.html.j2`). The preview's live reload brings the real page back
once the files are fixed. Everything shown is escaped by the templates: messages quote
what people wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.problems import LISTED, Problem
from generator.site.labels import Labels
from generator.site.templating import render

_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Failure:
    """Why the last rebuild failed: the errors of the files, or a message (a broken
    mkdocs.yml, say) when the failure is no problem of a data file."""

    problems: tuple[Problem, ...] = ()
    message: str = ""

    @property
    def count(self) -> int:
        return len(self.problems) or 1


def banner(failure: Failure, language: str, *, site: bool = True) -> str:
    """The errors as HTML to put at the top of a page; `site=False`: there is no page of
    an earlier state behind them."""
    return render("preview/errors.html.j2", t=Labels(language), language=language, site=site,
                  count=failure.count, message=failure.message,
                  problems=failure.problems[:LISTED],
                  more=max(0, len(failure.problems) - LISTED))


def error_page(failure: Failure, language: str, site_name: str) -> str:
    """The page served for every address while there is no site at all."""
    return render("preview/page.html.j2", t=Labels(language), language=language,
                  count=failure.count, site_name=site_name)


def with_banner(page: bytes, html: str) -> bytes:
    """`page` with `html` as the first thing in its body (before everything when it has no
    `<body>` tag)."""
    found = _BODY.search(page)
    at = found.end() if found else 0
    return page[:at] + html.encode("utf-8") + page[at:]
