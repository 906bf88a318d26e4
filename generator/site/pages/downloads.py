"""The Downloads page: every file the site publishes, grouped, with what each holds."""

from __future__ import annotations

from dataclasses import dataclass

from generator import paths
from generator.site.renderer import Page, Renderer


@dataclass(frozen=True)
class Download:
    """A published file: its path under the site's root, its title and what it holds."""

    path: str
    title: str
    description: str = ""


#: (label key of the section's heading, its files)
Section = tuple[str, list[Download]]


def downloads(r: Renderer, sections: list[Section]) -> Page:
    return r.page("pages/downloads.md.j2", paths.DOWNLOADS_INDEX, None, "downloads",
                  title=r.t("downloads_title"), sections=sections)
