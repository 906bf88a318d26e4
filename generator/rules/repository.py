"""Load a whole repository: discover → read → schema check → assemble → model rules.

This is the one entry point the CLI and the site use. It never raises for bad data: every
problem of every file comes back in `LoadResult.problems`, each at its line. It reports two
phases to its `progress`: "load" (the files read and schema-checked, counted once they are
discovered) and "validate" (the model assembled, then the rules, counted).
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from generator.build_day import build_day
from generator.files import yaml_loader
from generator.files.discovery import DataFile, discover
from generator.files.parse_cache import ParseCache
from generator.files.yaml_loader import Document, load_file
from generator.model.assemble import assemble
from generator.model.competency_map import CompetencyMap
from generator.paths import ENTITY_FOLDERS, GUIDES_DIR, schema_paths
from generator.problems import Problem
from generator.progress import NO_PROGRESS, Progress
from generator.rules import rule_table
from generator.rules.context import Context, Finding
from generator.rules.schema_check import check, valid_entries

#: The parser: a change to it makes every file parsed again.
_PARSER = Path(yaml_loader.__file__)
_LISTS = {"areas": "areas", "categories": "categories", "families": "families", "governance": "groups"}


@dataclass
class LoadResult:
    root: Path
    model: CompetencyMap
    problems: list[Problem] = field(default_factory=list)
    files: list[DataFile] = field(default_factory=list)
    #: A digest of the text of every file that was read: what the build cache compares.
    digests: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


class FileRead(NamedTuple):
    """What reading one data file gave."""

    document: Document | None
    load_problems: list[Problem]
    schema_problems: list[Problem]
    digest: str  #: of its text ("" when it could not be read)


class LoadCache:
    """What an earlier load read of each file, reused while the file is unchanged (same
    size, modification and change times, inode): `cmap serve` reads again only the files
    that were edited. The model and the rules across files are worked out anew each time."""

    def __init__(self) -> None:
        self._reads: dict[str, tuple[tuple[int, ...], FileRead]] = {}

    def read(self, file: DataFile, parsed: ParseCache | None = None) -> FileRead:
        try:
            stat = file.path.lstat()
            key: tuple[int, ...] = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
        except OSError:
            key = ()
        known = self._reads.get(file.rel)
        if key and known is not None and known[0] == key:
            return known[1]
        found = read_file(file, parsed)
        self._reads[file.rel] = (key, found)
        return found

    def forget(self, keep: set[str]) -> None:
        """Drop what was read of files that are gone."""
        for rel in [rel for rel in self._reads if rel not in keep]:
            del self._reads[rel]


def read_file(file: DataFile, parsed: ParseCache | None = None) -> FileRead:
    """Read, parse and schema-check one file; with `parsed`, take the data of a text
    parsed before from it, and keep there what parses and checks with no problem."""
    digest, hit = "", False

    def known(text: str) -> dict[str, Any] | None:
        nonlocal digest, hit
        digest = _digest(text)
        data = parsed.get(digest, file.kind) if parsed is not None else None
        hit = data is not None
        return data

    doc, load_problems = load_file(file.path, file.rel, known=known)
    if doc is None:
        return FileRead(None, load_problems, [], "")
    if hit:
        return FileRead(doc, [], [], digest)  # parsed and checked by an earlier run
    schema_problems = check(doc, file.kind)
    if parsed is not None and not load_problems and not schema_problems:
        parsed.put(digest, file.kind, doc.data)
    return FileRead(doc, load_problems, schema_problems, digest or _digest(doc.text))


def parse_cache(root: Path) -> ParseCache:
    """The record of files parsed by earlier runs, for this parser and these schemas."""
    key = hashlib.sha256(_PARSER.read_bytes())
    for schema in schema_paths():
        key.update(schema.name.encode("utf-8") + b"\0" + schema.read_bytes())
    return ParseCache(root, key.hexdigest())


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_repository(root: Path, base: CompetencyMap | None = None, *,
                    guides: str = GUIDES_DIR, cache: LoadCache | None = None,
                    parsed: ParseCache | None = None, today: date | None = None,
                    progress: Progress = NO_PROGRESS, rules: bool = True) -> LoadResult:
    """Everything in the repository at `root`; with `base`, also the rules that compare.

    `guides` is the guides folder (mkdocs.yml's `docs_dir`): its files are not data, but
    the site publishes them, so its symbolic links are reported with the data's problems.
    `cache` keeps what was read for the next load in this process (see `LoadCache`),
    `parsed` what was parsed for the next run (`parse_cache`; the caller saves it).
    `today` is the day the rules check for (default: `build_day()`). `rules=False` stops
    after the files and their schemas: the model, and only the problems of reading them.
    """
    # Parsed YAML holds no reference cycles, but the collector would rescan the growing heap
    # of documents again and again: pausing it makes loading cost what parsing costs.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(root, base, guides, cache, parsed, today or build_day(), progress, rules)
    finally:
        if collecting:
            gc.enable()


def _load(root: Path, base: CompetencyMap | None, guides: str, cache: LoadCache | None,
          parsed: ParseCache | None, today: date, progress: Progress,
          rules: bool = True) -> LoadResult:
    documents: dict[str, Document] = {}
    valid: list[tuple[DataFile, Document]] = []
    positions: dict[str, tuple[int, ...]] = {}
    broken: dict[str, set[str]] = {}
    digests: dict[str, str] = {}
    with progress.phase("load") as loading:
        files, problems = discover(root, guides)
        loading.total = len(files)
        if cache is not None:
            cache.forget({file.rel for file in files})
        for file in files:
            doc, load_problems, schema_problems, digest = (cache.read(file, parsed) if cache
                                                           else read_file(file, parsed))
            problems.extend(load_problems)
            problems.extend(schema_problems)
            if doc is not None:
                documents[file.rel] = doc
                digests[file.rel] = digest
            if doc is not None and not schema_problems and not load_problems:
                valid.append((file, doc))
            else:
                broken.setdefault(file.kind, set()).add(file.stem)
                if file.kind == "needs":
                    context_key = f"{file.path.parent.name}/{file.stem}"
                    broken.setdefault("submission", set()).add(context_key)
                if doc is not None and file.kind == "needs" and not load_problems:
                    kept = valid_entries(doc.data, "needs", "entries")
                    if kept is not None:  # the rules check the entries that passed
                        entries = [doc.data["entries"][i] for i in kept]
                        valid.append((file, replace(doc, data={**doc.data, "entries": entries})))
                        positions[file.rel] = tuple(kept)
            loading.advance()
    if not rules:
        return LoadResult(root, assemble(valid), sorted(set(problems)), files, digests)
    with progress.phase("validate", total=len(rule_table.RULES)) as validating:
        context = _context(assemble(valid), valid, broken)
        context.base, context.today, context.entry_positions = base, today, positions
        findings = rule_table.run_rules(context, validating.advance)
        problems.extend(_locate(context.in_file(finding), documents) for finding in findings)
        return LoadResult(root, context.model, sorted(set(problems)), files, digests)


def _context(model: CompetencyMap, valid: list[tuple[DataFile, Document]],
             broken: dict[str, set[str]]) -> Context:
    context = Context(model, broken)
    entity_kinds = {*ENTITY_FOLDERS.values(), "plan"}
    for file, doc in valid:
        if file.kind in entity_kinds:
            context.written_ids.append((file.rel, file.kind, file.stem, doc.data["id"]))
        if file.kind in _LISTS:
            key = _LISTS[file.kind]
            context.listed_ids.append((file.rel, key, [e["id"] for e in doc.data.get(key, [])]))
        if file.kind == "competency":
            context.competency_levels[file.stem] = [lv["level"] for lv in doc.data["levels"]]
    return context


def _locate(finding: Finding, documents: dict[str, Document]) -> Problem:
    doc = documents.get(finding.path)
    line, column = doc.locate(finding.keypath) if doc is not None else (1, 1)
    return Problem(finding.path, line, column, finding.code, finding.message, finding.hint,
                   finding.severity)
