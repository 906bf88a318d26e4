"""Load a whole repository: discover → read → schema check → assemble → model rules.

This is the one entry point the CLI and the site use. It never raises for bad data: every
problem of every file comes back in `LoadResult.problems`, each at its line. It reports two
phases to its `progress`: "load" (the files read and schema-checked, counted once they are
discovered) and "validate" (the model assembled, then the rules, counted).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from generator.files.discovery import DataFile, discover
from generator.files.yaml_loader import Document, load_file
from generator.model.assemble import assemble
from generator.model.competency_map import CompetencyMap
from generator.paths import ENTITY_FOLDERS, GUIDES_DIR
from generator.problems import Problem
from generator.progress import NO_PROGRESS, Progress
from generator.rules import rule_table
from generator.rules.context import Context, Finding
from generator.rules.schema_check import check

_LISTS = {"areas": "areas", "categories": "categories", "families": "families", "governance": "groups"}


@dataclass
class LoadResult:
    root: Path
    model: CompetencyMap
    problems: list[Problem] = field(default_factory=list)
    files: list[DataFile] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def load_repository(root: Path, base: CompetencyMap | None = None, *,
                    guides: str = GUIDES_DIR, progress: Progress = NO_PROGRESS) -> LoadResult:
    """Everything in the repository at `root`; with `base`, also the rules that compare.

    `guides` is the guides folder (mkdocs.yml's `docs_dir`): its files are not data, but
    the site publishes them, so its symbolic links are reported with the data's problems.
    """
    # Parsed YAML holds no reference cycles, but the collector would rescan the growing heap
    # of documents again and again: pausing it makes loading cost what parsing costs.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(root, base, guides, progress)
    finally:
        if collecting:
            gc.enable()


def _load(root: Path, base: CompetencyMap | None, guides: str, progress: Progress) -> LoadResult:
    documents: dict[str, Document] = {}
    valid: list[tuple[DataFile, Document]] = []
    broken: dict[str, set[str]] = {}
    with progress.phase("load") as loading:
        files, problems = discover(root, guides)
        loading.total = len(files)
        for file in files:
            doc, load_problems = load_file(file.path, file.rel)
            problems.extend(load_problems)
            schema_problems = check(doc, file.kind) if doc is not None else []
            problems.extend(schema_problems)
            if doc is not None:
                documents[file.rel] = doc
            if doc is not None and not schema_problems and not load_problems:
                valid.append((file, doc))
            else:
                broken.setdefault(file.kind, set()).add(file.stem)
                if file.kind == "needs":
                    context_key = f"{file.path.parent.name}/{file.stem}"
                    broken.setdefault("submission", set()).add(context_key)
            loading.advance()
    with progress.phase("validate", total=len(rule_table.RULES)) as validating:
        context = _context(assemble(valid), valid, broken)
        context.base = base
        findings = rule_table.run_rules(context, validating.advance)
        problems.extend(_locate(finding, documents) for finding in findings)
        return LoadResult(root, context.model, sorted(set(problems)), files)


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
