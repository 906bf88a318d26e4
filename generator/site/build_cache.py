"""What one `cmap build` leaves for the next, so that an unchanged page is neither made nor
rendered again.

`.cmap/cache/manifest.json` records, for the last successful build: cmap's version and the
key of every setting that changes all pages (`regeneration.settings_key`) and all of
MkDocs' output (`mkdocs_key`), a digest of every data file and of its history, each
generated page's reads, the Markdown MkDocs read of it and a digest of the whole page, and
a digest of every other file of `.cmap/docs/`. `entries.json` holds the pages' search
entries. The finished HTML is the last site's own (`site_dir`).

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
from collections.abc import Mapping
from dataclasses import dataclass
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
from generator.site.mkdocs_session import Reused
from generator.site.regeneration import GeneratedPage, SiteGeneration, settings_key

CACHE = f"{paths.WORK_DIR}/cache"
MANIFEST = f"{CACHE}/manifest.json"
ENTRIES = f"{CACHE}/entries.json"
#: The layout of the record: a build made by a cmap that wrote another is not reused.
FORMAT = "2"
#: The packages whose versions shape the site besides cmap's own.
_PACKAGES = ("cmap", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")


def versions() -> str:
    found = []
    for name in _PACKAGES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return " ".join(found)


def history_digests(history: Mapping[str, Change]) -> dict[str, str]:
    return {path: _digest(repr(change).encode("utf-8")) for path, change in history.items()}


@dataclass
class Previous:
    """The last build, as far as it can still be trusted."""

    manifest: dict[str, Any]
    entries: dict[str, list[dict[str, str]]]

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
        for path, page in self.manifest["pages"].items():
            reads = None if page["reads"] is None else frozenset(page["reads"])
            generation.pages[path] = GeneratedPage(reads, page["source"],
                                                   page["markdown"].encode("utf-8"), None,
                                                   page["digest"])
        for path, digest in self.manifest["other"].items():
            content = _read(root / paths.WORK_DIR / "docs" / path)
            if content is None or _digest(content) != digest:
                return None
            generation.other[path] = content
        return generation

    def reusable(self, site: Path) -> dict[str, Reused]:
        """The finished pages of the last site that can be written again as they are (if
        what their page wrote stays the same)."""
        listing = walk(site)
        if listing.links:  # cmap writes none: the folder is not as cmap left it
            return {}
        present = {file.relative_to(site).as_posix() for file in listing.files}
        found: dict[str, Reused] = {}
        for path, page in self.manifest["pages"].items():
            entries, output = self.entries.get(path), page.get("output")
            if isinstance(entries, list) and output in present:
                found[path] = Reused((site / output).read_bytes, tuple(entries))
        return found


def previous(root: Path, keys: Mapping[str, str], site: Path) -> Previous | None:
    """The last build's record when it was made with these keys into this site folder."""
    manifest = _json(root / MANIFEST)
    entries = _json(root / ENTRIES)
    if not isinstance(manifest, dict) or not isinstance(entries, dict):
        return None
    if manifest.get("keys") != dict(keys) or manifest.get("site") != str(site):
        return None
    if not all(isinstance(manifest.get(k), dict) for k in ("files", "history", "pages", "other")):
        return None
    return Previous(manifest, entries)


def save(root: Path, keys: Mapping[str, str], site: Path, files: Mapping[str, str],
         history: Mapping[str, str], generation: SiteGeneration,
         outputs: Mapping[str, str], entries: Mapping[str, list[dict[str, str]]]) -> None:
    """Record this build for the next. `outputs`: each page's finished file in the site."""
    pages = {path: {"reads": None if page.reads is None else sorted(page.reads),
                    "source": page.source, "markdown": page.content.decode("utf-8"),
                    "digest": page.digest,
                    "output": outputs.get(path, "")}
             for path, page in generation.pages.items()}
    manifest = {"keys": dict(keys), "site": str(site), "files": dict(files),
                "history": dict(history), "pages": pages,
                "other": {path: _digest(data) for path, data in generation.other.items()}}
    kept = {path: list(found) for path, found in entries.items() if path in generation.pages}
    write_file(root, ENTRIES, json.dumps(kept, ensure_ascii=False).encode("utf-8"),
               durable=False)
    write_file(root, MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8"),
               durable=False)


def forget(root: Path) -> None:
    """Drop the record (a failed build must not leave one that names a site it did not make)."""
    for rel in (MANIFEST, ENTRIES):
        path = check_path(root, rel)
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
    derived = derived_text(root, config, set(guide_files), guides)
    found = versions()
    keys = {"format": FORMAT, "versions": found, "settings": settings_key(settings, found),
            "mkdocs": mkdocs_key(root, config, guide_files, derived), "split": str(split)}
    files, dated = dict(data or {}), history_digests(history)
    last = previous(root, keys, site) if data is not None else None
    restored = (last.generation(root, SiteGeneration(settings, publisher, split, jobs=jobs))
                if last else None)
    if last is not None and restored is not None:
        reusable = last.reusable(site)
        update = restored.update(model, history, guide_files, last.changed_files(files, dated),
                                 force=set(restored.pages) - set(reusable), progress=progress)
        reuse = {path: found_page for path, found_page in reusable.items()
                 if path in restored.pages and path not in update.written}
        return Made(restored, reuse, derived, keys, files, dated, update.made, True)
    generation = SiteGeneration.full(model, settings, publisher, history, guide_files,
                                     split=split, jobs=jobs, progress=progress)
    return Made(generation, {}, derived, keys, files, dated, None, data is not None)


def remember(root: Path, made: Made, site: Path, outputs: Mapping[str, str],
             entries: Mapping[str, list[dict[str, str]]]) -> None:
    """Record the build that just replaced `site`, for the next one."""
    if not made.remembered:
        return
    all_entries = {**{path: list(r.entries) for path, r in made.reuse.items()}, **entries}
    save(root, made.keys, site, made.files, made.history, made.generation, outputs, all_entries)
