"""The renderer every page module uses: one per site, holding what all pages share.

`Renderer.page()` renders one template of `templates/pages/` into a `Page`: its path in the
docs folder (`roles/sales-manager.md`, served at `/roles/sales-manager/`), its Markdown
and the YAML file it was made from, with the context every page needs (labels, links from
that page, the page's source and its last change). The cross-references (`index`,
`cycles`) and the level views (`levels`) are computed once per site, here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator import paths
from generator.build_day import build_day
from generator.analysis.site_index import SiteIndex
from generator.files.history import Change
from generator.model.competency_map import CompetencyMap, Source
from generator.site.cycle_views import CycleIndex, CycleViews
from generator.site.labels import Labels, normalize_language
from generator.site.map_history import MapHistory
from generator.site.templating import Links, render
from generator.site.settings import SiteSettings
from generator.site.views import Levels

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Page:
    path: str
    content: str
    source: str = ""
    kind: str = ""


@dataclass(frozen=True)
class PlannedPage:
    """A page before it is made: its path, the data files it reads (None: any change may
    alter it, see `page_reads`), and how to make it."""

    path: str
    reads: frozenset[str] | None
    make: Callable[[], Page]


class Renderer:
    def __init__(self, model: CompetencyMap, settings: SiteSettings,
                 history: Mapping[str, Change] | None = None,
                 changes: MapHistory | None = None) -> None:
        _check_ids(model)
        self.model = model
        self.settings = settings
        self.history = history or {}
        #: The map's changes in meaning, merge by merge (`map_history`).
        self.changes = changes or MapHistory()
        self.today = settings.today or build_day()
        self.language = normalize_language(settings.language)
        self.t = Labels(self.language)
        self.index = SiteIndex.of(model)
        self.levels = Levels(model)
        self.cycles = CycleIndex.of(model.cycles)
        self.views = CycleViews(model, self.levels, self.cycles)

    def page(self, template: str, path: str, source: Source | None, kind: str,
             **context: Any) -> Page:
        """Render `templates/<template>` as the page at `path`, made from `source`."""
        source_path = source.path if source else ""
        changed = self.history.get(source_path) if source_path else None
        content = render(
            template,
            t=self.t,
            lang=self.language,
            settings=self.settings,
            link=Links(path, directory_urls=self.settings.directory_urls),
            index=self.index,
            model=self.model,
            page_path=path,
            source=source_path,
            source_line=source.line if source else 0,
            source_url=self.settings.source_url(source_path) if source_path else "",
            changed=changed,
            changed_url=self.settings.commit_url(changed.commit) if changed else "",
            changed_pr_url=self.settings.pull_request_url(changed.pull_request)
            if changed and changed.pull_request else "",
            css=paths.STYLE_SHEET,
            **context,
        )
        return Page(path, content, source_path, kind)

    def suggest_change_url(self, source: Source, name: str) -> str:
        """The "Suggest a change" link of the page about `name`: a new issue naming the page
        and its file (`SiteSettings.suggest_change_url`), "" without a repository."""
        return self.settings.suggest_change_url(self.t("suggest_issue_title", name=name),
                                                name, source.path)


def _check_ids(model: CompetencyMap) -> None:
    """Ids become file names and URLs: refuse anything but the schema's id pattern."""
    for kind, ids in (
        ("competency", model.competencies),
        ("role", model.roles),
        ("department", model.departments),
        ("family", model.families),
        ("category", model.categories),
    ):
        for identifier in ids:
            if not _ID.match(identifier):
                raise ValueError(f"{kind} id {identifier!r} is not a valid id")
