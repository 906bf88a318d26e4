"""The part of cmap that runs inside MkDocs: a plugin object cmap hands to each build
(`mkdocs_build.run_mkdocs_build`), never a hook module MkDocs loads on its own, so that it
gets what it needs as arguments instead of from module state.

* The "edit this page" address of a generated page points at the YAML file it was made
  from, and a guide's at `docs/` (where it is written), not at the copy MkDocs reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from generator import paths


class _NoOptions(Config):  # type: ignore[no-untyped-call]
    """cmap's plugin takes its inputs as arguments, not from mkdocs.yml."""


class CmapPlugin(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    def __init__(self, sources: Mapping[str, str], guides_dir: str) -> None:
        super().__init__()
        self.sources = sources  #: generated page path → its YAML file
        self.guides_dir = guides_dir  #: the company's guides folder (`docs_dir`)

    def on_files(self, files: Any, config: Any) -> Any:
        prefix = paths.GUIDES + "/"
        for file in files:
            uri = file.src_uri
            file.edit_uri = uri[len(prefix):] if uri.startswith(prefix) else None
        return files

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        source = self.sources.get(page.file.src_uri)
        if source:
            page.edit_url = edit_url(str(config.get("repo_url") or ""),
                                     str(config.get("edit_uri") or ""), self.guides_dir, source)
        return markdown


def edit_url(repo_url: str, edit_uri: str, docs_dir: str, source: str) -> str | None:
    """The "edit" address of a repository file, derived from MkDocs' `edit_uri`.

    `edit_uri` points into the guides folder (`edit/main/docs/`); the YAML files are at the
    repository root, so the folder part is replaced. None when that cannot be done.
    """
    if not repo_url or not edit_uri or "?" in edit_uri or "#" in edit_uri:
        return None
    base = urljoin(repo_url.rstrip("/") + "/", edit_uri)
    folder = docs_dir.strip("/") + "/"
    if not base.endswith("/" + folder):
        return None
    return base[: -len(folder)] + source
