"""The part of cmap that runs inside MkDocs: a plugin object cmap hands to each build
(`mkdocs_build.run_mkdocs_build`), never a hook module MkDocs loads on its own, so that it
gets what it needs as arguments instead of from module state.

* A generated page reaches MkDocs with its HTML blocks set aside (`page_blocks`): they
  are put back into the page's content, and their ids join the page's anchors.
* Material's search index gets the generated pages' entries as cmap worked them out,
  instead of parsing each page's HTML again; guides are indexed the usual way.
* A guide's tables scroll in labelled regions, as the generated pages' do (`guide_tables`).
* The "edit this page" address of a generated page points at the YAML file it was made
  from, and a guide's at `docs/` (where it is written), not at the copy MkDocs reads.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from generator import paths
from generator.site.guide_tables import label_tables
from generator.site.page_blocks import SplitPage, restore


class _NoOptions(Config):  # type: ignore[no-untyped-call]
    """cmap's plugin takes its inputs as arguments, not from mkdocs.yml."""


class CmapPlugin(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    def __init__(self, sources: Mapping[str, str], guides_dir: str,
                 pages: Mapping[str, SplitPage] | None = None,
                 markdown: Mapping[str, bytes] | None = None) -> None:
        super().__init__()
        self.sources = sources  #: generated page path → its YAML file
        self.guides_dir = guides_dir  #: the company's guides folder (`docs_dir`)
        self.pages = pages or {}  #: generated page path → its blocks and search sections
        #: Generated pages handed over in memory (path → Markdown), not written to the docs
        #: folder: on a large site, writing and reading them back costs a second or more.
        self.markdown = markdown or {}
        #: Material's search index of the build, and each page's entries in it (page path →
        #: entries), so that a session can rebuild a few pages and write the index again.
        self.search_index: Any = None
        self.entries: dict[str, list[dict[str, str]]] = {}

    def on_pre_build(self, config: Any) -> None:
        for plugin in config.plugins.values():
            if _is_material_search(plugin):
                self.search_index = plugin.search_index
                _index_pages(plugin.search_index, self)

    def on_files(self, files: Any, config: Any) -> Any:
        prefix = paths.GUIDES + "/"
        for file in files:
            uri = file.src_uri
            file.edit_uri = uri[len(prefix):] if uri.startswith(prefix) else None
        if not self.markdown:
            return files
        from mkdocs.structure.files import File, Files

        generated = [File.generated(config, path, content=content)
                     for path, content in self.markdown.items()]
        for file in generated:
            file.edit_uri = None
        # In the order MkDocs lists a docs folder, as if they had been written there: the
        # order of the pages is the order of the search index.
        return Files(sorted([*files, *generated], key=_folder_order))

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        source = self.sources.get(page.file.src_uri)
        if source:
            page.edit_url = edit_url(str(config.get("repo_url") or ""),
                                     str(config.get("edit_uri") or ""), self.guides_dir, source)
        return markdown

    def generated_entries(self, page: Any) -> list[dict[str, str]]:
        """The search entries of a generated page (read and converted), as Material's
        index holds them: one per section cmap worked out."""
        from material.plugins.search import plugin as search

        index = self.search_index
        entries = []
        for section in self.pages[page.file.src_uri].sections:
            title = section.title or str(page.meta.get("title", page.title))
            text = section.text
            if search.jieba is not None:  # Chinese words, segmented as Material does
                title, text = index._segment_chinese(title), index._segment_chinese(text)
            entries.append({"location": page.url + (f"#{section.anchor}" if section.anchor
                                                    else ""),
                            "title": title, "text": text})
        return entries

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        split = self.pages.get(page.file.src_uri)
        if split is None:  # a guide
            return label_tables(html, str(page.title or ""))
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= split.anchors
        return restore(html, split.blocks)


def _folder_order(file: Any) -> tuple[tuple[int, Any], ...]:
    """MkDocs' `get_files` order: a folder's files (`index` or `README` first, then by
    name) before its subfolders, these by name."""
    *folders, name = file.src_uri.split("/")
    stem = posixpath.splitext(name)[0]
    return (*((1, folder) for folder in folders), (0, (stem not in ("index", "README"), name)))


def _is_material_search(plugin: Any) -> bool:
    try:
        from material.plugins.search.plugin import SearchPlugin
    except ImportError:  # another theme: its search indexes the finished pages itself
        return False
    return isinstance(plugin, SearchPlugin) and getattr(plugin, "search_index", None) is not None


def _index_pages(index: Any, plugin: CmapPlugin) -> None:
    """Let Material's search index take a generated page's entries from the plugin's pages
    (a guide is parsed as ever), and keep each page's entries apart."""
    parse = index.add_entry_from_context

    def add_entry_from_context(page: Any) -> None:
        first = len(index.entries)
        if page.file.src_uri in plugin.pages:
            index.entries.extend(plugin.generated_entries(page))
        else:
            parse(page)
        plugin.entries[page.file.src_uri] = index.entries[first:]

    index.add_entry_from_context = add_entry_from_context


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
