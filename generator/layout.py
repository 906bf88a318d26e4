"""Where each kind of file lives in the repository, and which kind a path is.

The layout is fixed (see the README): one file per entity, split along ownership, so a
department head edits only their own needs file and pull requests rarely conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, Severity

MAP_DIR = "competency-map"
NEEDS_DIR = "needs"
PLANS_DIR = "plans"
SUFFIXES = (".yml", ".yaml")

#: Folders holding one file per entity, named after the entity's id.
ENTITY_FOLDERS = {
    f"{MAP_DIR}/scales": "scale",
    f"{MAP_DIR}/competencies": "competency",
    f"{MAP_DIR}/departments": "department",
    f"{MAP_DIR}/roles": "role",
}

#: Files that each hold one vocabulary or setting for the whole map.
SINGLE_FILES = {
    f"{MAP_DIR}/areas.yml": "areas",
    f"{MAP_DIR}/categories.yml": "categories",
    f"{MAP_DIR}/families.yml": "families",
    f"{MAP_DIR}/governance.yml": "governance",
}


@dataclass(frozen=True)
class DataFile:
    path: Path
    rel: str
    kind: str

    @property
    def stem(self) -> str:
        return self.path.stem


def discover(root: Path) -> tuple[list[DataFile], list[Problem]]:
    """Every data file under the repository's data folders, and files that are misplaced."""
    files: list[DataFile] = []
    problems: list[Problem] = []
    for rel, kind in SINGLE_FILES.items():
        if (root / rel).is_file():
            files.append(DataFile(root / rel, rel, kind))
        else:
            hint = f"Create it; `generator/schemas/{kind}.schema.json` describes its fields."
            problems.append(Problem(rel, 1, 1, "L121", f"`{rel}` is missing.", hint))
    map_dir = root / MAP_DIR
    if map_dir.is_dir():
        for path in sorted(map_dir.rglob("*")):
            if not path.is_file() or path.suffix not in SUFFIXES:
                continue
            rel = path.relative_to(root).as_posix()
            folder = path.parent.relative_to(root).as_posix()
            if folder in ENTITY_FOLDERS:
                files.append(DataFile(path, rel, ENTITY_FOLDERS[folder]))
            elif rel not in SINGLE_FILES:
                problems.append(Problem(
                    rel, 1, 1, "L120", "This file is not part of the competency map's layout.",
                    "Move it to one of: " + ", ".join(f"`{f}/`" for f in ENTITY_FOLDERS) + ".",
                    Severity.WARNING))
    files += _cycle_files(root, problems)
    return files, problems


def _cycle_files(root: Path, problems: list[Problem]) -> list[DataFile]:
    """`plans/<cycle>.yml` declares a cycle; `needs/<cycle>/<department>.yml` holds needs."""
    files: list[DataFile] = []
    for folder, kind, depth in ((PLANS_DIR, "plan", 1), (NEEDS_DIR, "needs", 2)):
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or path.suffix not in SUFFIXES:
                continue
            rel = path.relative_to(root).as_posix()
            if len(path.relative_to(base).parts) == depth:
                files.append(DataFile(path, rel, kind))
            else:
                where = "`plans/<cycle>.yml`" if kind == "plan" else "`needs/<cycle>/<department>.yml`"
                problems.append(Problem(rel, 1, 1, "L120", "This file is not where cmap looks for it.",
                                        f"Move it to {where}.", Severity.WARNING))
    return files
