"""A company's copy of the JSON Schemas (`schemas/`), for editors.

cmap validates with the schemas it was installed with; the copies are only what editors
read, through the `$schema` line at the top of each data file. When cmap is upgraded and its
schemas change, the copies lag behind, and an editor would mark a new field as a mistake or
miss one that became required: `cmap validate` says so (L122, a warning) and names the
command that copies them again.
"""

from __future__ import annotations

from pathlib import Path

from generator.distribution import version
from generator.files.symlinks import read_bytes
from generator.paths import SCHEMA_COPIES, schema_folder, schema_paths
from generator.problems import Problem, Severity

#: The command that writes the installed cmap's schemas into `schemas/`.
REFRESH = "cmap init --update-schemas"


def schema_copies() -> dict[str, bytes]:
    """The installed schemas, as the files of a company's repository: path → content."""
    return {f"{SCHEMA_COPIES}/{path.name}": path.read_bytes() for path in schema_paths()}


def outdated_copies(root: Path) -> list[str]:
    """The copies in the repository at `root` that are missing or differ from the installed
    schemas, by path; none for cmap's own repository or one without a `schemas/` folder."""
    folder = root / SCHEMA_COPIES
    if schema_folder(root) != SCHEMA_COPIES or folder.is_symlink() or not folder.is_dir():
        return []
    outdated = []
    for rel, data in schema_copies().items():
        try:
            same = read_bytes(root / rel) == data  # never through a link
        except OSError:
            same = False
        if not same:
            outdated.append(rel)
    return outdated


def copies_problems(root: Path) -> list[Problem]:
    """One L122 warning when the copies lag behind the installed schemas."""
    outdated = outdated_copies(root)
    if not outdated:
        return []
    installed = f"cmap {version()}" if version() else "the installed cmap"
    names = ", ".join(rel.removeprefix(f"{SCHEMA_COPIES}/") for rel in outdated)
    return [Problem(
        outdated[0], 1, 1, "L122",
        f"`{SCHEMA_COPIES}/` holds {len(outdated)} JSON Schema(s) that are missing or differ from "
        f"those of {installed}: {names}. Editors check your files against these copies.",
        f"Run `{REFRESH}` and commit the result.", Severity.WARNING)]
