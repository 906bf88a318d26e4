"""Where each kind of file lives in the repository, and which kind a path is.

The layout is fixed (see the README): one file per entity, split along ownership, so a
department head edits only their own needs file and pull requests rarely conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.files.schema_copies import copies_problems
from generator.files.symlinks import link_problems, walk
from generator.paths import (
    ENTITY_FOLDERS,
    GUIDES_DIR,
    MAP_DIR,
    NEEDS_DIR,
    PLANS_DIR,
    SINGLE_FILES,
    SUFFIXES,
    needs_file,
    plan_file,
    schema_reference,
)
from generator.problems import Problem, Severity


@dataclass(frozen=True)
class DataFile:
    path: Path
    rel: str
    kind: str

    @property
    def stem(self) -> str:
        return self.path.stem


def discover(root: Path, guides: str = GUIDES_DIR) -> tuple[list[DataFile], list[Problem]]:
    """Every data file under the repository's data folders, and files that are misplaced.

    Symbolic links in the data folders and in the guides folder (`guides`, the `docs_dir`
    of mkdocs.yml, relative to `root`) are never followed: each one is an L114 error. Copies
    of the JSON Schemas that lag behind the installed cmap's are an L122 warning.
    """
    files: list[DataFile] = []
    problems: list[Problem] = []
    listing = walk(root / MAP_DIR)
    problems += link_problems(root, listing.links)
    present = {path.relative_to(root).as_posix(): path for path in listing.files}
    linked = {link.relative_to(root).as_posix() for link in listing.links}
    for rel, kind in SINGLE_FILES.items():
        if rel in present:
            files.append(DataFile(present[rel], rel, kind))
        elif rel not in linked and MAP_DIR not in linked:
            hint = f"Create it; `{schema_reference(root, kind)}` describes its fields."
            problems.append(Problem(rel, 1, 1, "L121", f"`{rel}` is missing.", hint))
    for rel, path in present.items():
        if path.suffix not in SUFFIXES or rel in SINGLE_FILES:
            continue
        folder = path.parent.relative_to(root).as_posix()
        if folder in ENTITY_FOLDERS:
            files.append(DataFile(path, rel, ENTITY_FOLDERS[folder]))
        else:
            problems.append(Problem(
                rel, 1, 1, "L120", "This file is not part of the competency map's layout.",
                "Move it to one of: " + ", ".join(f"`{f}/`" for f in ENTITY_FOLDERS) + ".",
                Severity.WARNING))
    files += _cycle_files(root, problems)
    problems += link_problems(root, walk(root / guides, skip_hidden=True).links)
    problems += copies_problems(root)
    return files, problems


def _cycle_files(root: Path, problems: list[Problem]) -> list[DataFile]:
    """`plans/<cycle>.yml` declares a cycle; `needs/<cycle>/<department>.yml` holds needs."""
    files: list[DataFile] = []
    for folder, kind, depth in ((PLANS_DIR, "plan", 1), (NEEDS_DIR, "needs", 2)):
        base = root / folder
        listing = walk(base)
        problems += link_problems(root, listing.links)
        for path in listing.files:
            if path.suffix not in SUFFIXES:
                continue
            rel = path.relative_to(root).as_posix()
            if len(path.relative_to(base).parts) == depth:
                files.append(DataFile(path, rel, kind))
            else:
                where = plan_file("<cycle>") if kind == "plan" else needs_file("<cycle>", "<department>")
                problems.append(Problem(rel, 1, 1, "L120", "This file is not where cmap looks for it.",
                                        f"Move it to `{where}`.", Severity.WARNING))
    return files
