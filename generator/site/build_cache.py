"""What one `cmap build` leaves for the next, so that an unchanged page is neither made nor
rendered again.

`.cmap/cache/manifest.json` records, for the last successful build: cmap's version and the
key of every setting that changes all pages (`regeneration.settings_key`) and all of
MkDocs' output (`mkdocs_key`), a digest of every data file and of its history (its last
change; and a key per merge of the "What changed" history, `map_history`), each
generated page's reads, the Markdown MkDocs read of it, a digest of the whole page, its
address and how many entries it has in the search index, and a digest of every other file
of `.cmap/docs/`. The finished pages and their search entries are the last site's own
(`site_dir`, its `search/search_index.json`): a build that reuses them updates that site
in place.

The next build trusts nothing it cannot check: a page is made again when a file it reads
(or its history) has a different digest, and rendered again when it comes out different,
or its file in the last site is missing; anything unexpected (another version, other
settings, another site folder, a file of `.cmap/docs/` that is not what the manifest says,
an unreadable manifest) means a full build. Keys are digests of content, never timestamps.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import paths
from generator.files.history import Change, last_changes
from generator.files.safe_write import check_path, write_file
from generator.files.symlinks import walk
from generator.model.competency_map import CompetencyMap
from generator.progress import NO_PROGRESS, Progress
from generator.site.mkdocs_config import SiteConfig, collect_guides, derived_text, mkdocs_key
from generator.site.map_history import MapHistory, map_history
from generator.site.mkdocs_session import Reused
from generator.site.pages.downloads import Download
from generator.site.regeneration import GeneratedPage, SiteGeneration, settings_key

CACHE = f"{paths.WORK_DIR}/cache"
MANIFEST = f"{CACHE}/manifest.json"
#: Where Material's search plugin writes the index, in the site: a page that stays takes
#: its entries from there.
SEARCH_INDEX = "search/search_index.json"
#: The layout of the record: a build made by a cmap that wrote another is not reused.
FORMAT = "6"
#: The packages whose versions shape the site besides cmap's own.
_PACKAGES = ("cmap", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
             "nh3")


def versions() -> str:
    found = []
    for name in _PACKAGES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return " ".join(found)


def history_digests(history: Mapping[str, Change], changes: MapHistory | None = None
                    ) -> dict[str, str]:
    """A digest of each data file's last change, and a key for each merge of the map's
    history (`changes`, see `MapHistory.digests`): the pages that read a file or list a
    merge are made again when it moves."""
    found = {path: _digest(repr(change).encode("utf-8")) for path, change in history.items()}
    found.update(changes.digests() if changes is not None else {})
    return found


@dataclass
class Previous:
    """The last build, as far as it can still be trusted."""

    manifest: dict[str, Any]

    def changed_files(self, files: Mapping[str, str], history: Mapping[str, str]) -> set[str]:
        """Data files added, removed or changed since, by content or by history."""
        old_files, old_history = self.manifest["files"], self.manifest["history"]
        changed = {p for p in files.keys() | old_files.keys() if files.get(p) != old_files.get(p)}
        changed |= {p for p in history.keys() | old_history.keys()
                    if history.get(p) != old_history.get(p)}
        return changed

    def generation(self, root: Path, generation: SiteGeneration) -> SiteGeneration | None:
        """`generation` (empty, with the settings) filled with the last build's pages (their
        Markdown from the manifest, the other files read back from the docs folder); None
        when a file there is not what was written, or the manifest is not as written."""
        try:
            return self._generation(root, generation)
        except (KeyError, TypeError, AttributeError, ValueError):
            return None

    def _generation(self, root: Path, generation: SiteGeneration) -> SiteGeneration | None:
        names: list[str] = self.manifest["names"]

        def reads(found: list[int] | None) -> frozenset[str] | None:
            return None if found is None else frozenset(names[n] for n in found)

        for path, page in self.manifest["pages"].items():
            generation.pages[path] = GeneratedPage(reads(page["reads"]), page["source"],
                                                   page["markdown"].encode("utf-8"), None,
                                                   page["digest"])
        generation.downloads = {path: reads(found)
                                for path, found in self.manifest["downloads"].items()}
        generation.sections = [(key, [Download(*item) for item in items])
                               for key, items in self.manifest["sections"]]
        for path, digest in self.manifest["other"].items():
            content = _read(root / paths.WORK_DIR / "docs" / path)
            if content is None or _digest(content) != digest:
                return None
            generation.other[path] = content
        return generation

    def reusable(self, live: Mapping[str, int], site: Path) -> dict[str, Reused]:
        """The pages of the last site that can stay as they are (if they come out the
        same): those whose finished file is still there (`live`, see `site_files`), with
        their entries in the site's search index (as many as were recorded)."""
        index = _json(site / SEARCH_INDEX) if SEARCH_INDEX in live else None
        docs = index.get("docs") if isinstance(index, dict) else None
        by_url: dict[str, list[dict[str, str]]] = {}
        for entry in docs if isinstance(docs, list) else []:
            location = entry.get("location") if isinstance(entry, dict) else None
            if isinstance(location, str):
                by_url.setdefault(location.split("#", 1)[0], []).append(entry)
        found: dict[str, Reused] = {}
        for path, page in self.manifest["pages"].items():
            entries = by_url.get(page.get("url"), [])
            if page.get("output") in live and len(entries) == page.get("entries"):
                found[path] = Reused(tuple(entries))
        return found


def site_files(site: Path) -> dict[str, int]:
    """The files of the site folder (relative path → size); empty when there is a link in
    it (cmap writes none: the folder is not as cmap left it, and is built whole)."""
    listing = walk(site)
    if listing.links:
        return {}
    return {file.relative_to(site).as_posix(): file.stat().st_size for file in listing.files}


def previous(root: Path, keys: Mapping[str, str], site: Path) -> Previous | None:
    """The last build's record when it was made with these keys into this site folder."""
    manifest = _json(root / MANIFEST)
    if not isinstance(manifest, dict):
        return None
    if manifest.get("keys") != dict(keys) or manifest.get("site") != str(site):
        return None
    if not all(isinstance(manifest.get(k), dict) for k in ("files", "history", "pages", "other")):
        return None
    return Previous(manifest)


def save(root: Path, keys: Mapping[str, str], site: Path, files: Mapping[str, str],
         history: Mapping[str, str], generation: SiteGeneration,
         outputs: Mapping[str, tuple[str, str]], entries: Mapping[str, int],
         navigation: set[str]) -> None:
    """Record this build for the next. `outputs`: each page's finished file in the site and
    its address; `entries`: how many entries each page has in the search index."""
    names: dict[str, int] = {}  # the data files, numbered: each page reads dozens of them

    def reads(found: frozenset[str] | None) -> list[int] | None:
        return None if found is None else sorted(names.setdefault(p, len(names)) for p in found)

    pages = {path: {"reads": reads(page.reads),
                    "source": page.source, "markdown": page.content.decode("utf-8"),
                    "digest": page.digest, "output": outputs.get(path, ("", ""))[0],
                    "url": outputs.get(path, ("", ""))[1], "entries": entries.get(path, 0)}
             for path, page in generation.pages.items()}
    manifest = {"keys": dict(keys), "site": str(site), "files": dict(files),
                "history": dict(history), "pages": pages,
                "downloads": {path: reads(found) for path, found in generation.downloads.items()},
                "sections": [[key, [[d.path, d.title, d.description] for d in items]]
                             for key, items in generation.sections],
                "names": list(names), "navigation": sorted(navigation),
                "other": {path: _digest(data) for path, data in generation.other.items()}}
    write_file(root, MANIFEST, json.dumps(manifest, ensure_ascii=False,
                                          separators=(",", ":")).encode("utf-8"), durable=False)


def forget(root: Path) -> None:
    """Drop the record (a failed build must not leave one that names a site it did not make)."""
    path = check_path(root, MANIFEST)
    if path.is_file():
        os.unlink(path)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None


def _json(path: Path) -> Any:
    data = _read(path)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


@dataclass
class Made:
    """The generated site of this build, and what it may take from the last one."""

    generation: SiteGeneration
    reuse: dict[str, Reused]
    derived: str  #: the text of `.cmap/mkdocs.yml`
    keys: dict[str, str]
    files: dict[str, str]
    history: dict[str, str]
    made_again: int | None  #: pages made again, None for a full generation
    remembered: bool  #: whether the next build may start from this one
    #: When the last site is updated in place: its files (path → size), and the files of
    #: the docs folder that are new or changed since.
    live: dict[str, int] = field(default_factory=dict)
    changed_other: set[str] = field(default_factory=set)

    def present(self, docs: Path) -> Callable[[Any], bool]:
        """Whether a static file of MkDocs' (a `File`) is in the site being updated as this
        build would copy it: a file of the docs folder `docs` (`.cmap/docs`) that has not
        changed, or a file of the theme (whose version has not changed) of the same size."""
        prefix = os.path.abspath(docs) + os.sep

        def present(file: Any) -> bool:
            size, source = self.live.get(file.dest_uri), file.abs_src_path
            if size is None or source is None:
                return False
            if source.startswith(prefix):
                rel = source[len(prefix):].replace(os.sep, "/")
                return rel not in self.changed_other and rel in self.generation.other
            return size == os.path.getsize(source)

        return present


def generate(root: Path, config: SiteConfig, model: CompetencyMap, site: Path, *,
             split: bool, data: Mapping[str, str] | None, jobs: int = 1,
             progress: Progress = NO_PROGRESS) -> Made:
    """The pages of `model`: made again only where a data file changed, when the last
    build into `site` can be trusted, else all of them. `data`: the digest of every data
    file the model was loaded from (`LoadResult.digests`); None for a model that was not
    loaded from the repository's files, which is always built whole and not remembered.
    `jobs`: the processes that may make pages."""
    guide_files, guides = collect_guides(root, config)
    settings, publisher = config.settings(guides), config.publisher(model)
    history = last_changes(root)
    # Its cache is trusted as far as the build's: `--no-cache` (data=None) compares anew.
    with progress.phase("history"):
        changes = map_history(root, use_cache=data is not None)
    derived = derived_text(root, config, set(guide_files), guides)
    found = versions()
    keys = {"format": FORMAT, "versions": found, "settings": settings_key(settings, found),
            "mkdocs": mkdocs_key(root, config, guide_files, derived), "split": str(split)}
    files, dated = dict(data or {}), history_digests(history, changes)
    last = previous(root, keys, site) if data is not None else None
    restored = (last.generation(root, SiteGeneration(settings, publisher, split, jobs=jobs))
                if last else None)
    if last is not None and restored is not None:
        live = site_files(site)
        reusable = last.reusable(live, site)
        # Made again: a page the site lacks, and a page of the navigation, rendered on every
        # build (its HTML blocks are not kept).
        force = set(restored.pages) - set(reusable) | set(last.manifest.get("navigation", []))
        update = restored.update(model, history, guide_files, last.changed_files(files, dated),
                                 force=force, changes=changes, progress=progress)
        reuse = {path: found_page for path, found_page in reusable.items()
                 if path in restored.pages and path not in update.written}
        changed_other = {p for p in update.written if p not in restored.pages}
        return Made(restored, reuse, derived, keys, files, dated, update.made, True,
                    live if reuse else {}, changed_other)
    generation = SiteGeneration.full(model, settings, publisher, history, guide_files,
                                     split=split, jobs=jobs, changes=changes,
                                     progress=progress)
    return Made(generation, {}, derived, keys, files, dated, None, data is not None)


def remember(root: Path, made: Made, site: Path, outputs: Mapping[str, tuple[str, str]],
             entries: Mapping[str, list[dict[str, str]]], navigation: set[str]) -> None:
    """Record the build that just replaced `site`, for the next one."""
    if not made.remembered:
        return
    save(root, made.keys, site, made.files, made.history, made.generation, outputs,
         {path: len(found) for path, found in entries.items()}, navigation)
