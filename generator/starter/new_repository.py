"""`cmap init DIR --name NAME`: a new company's repository, valid as written.

The folder must be empty but for the `.git` folder of a `git init` without commits: the
starter never writes over anything. Its files come from `content.render_files`, the JSON
Schemas are copied into `schemas/` (so the `$schema` lines resolve in the new repository),
and `.github/CODEOWNERS` is generated from the new governance like `cmap codeowners` does.
"""

from __future__ import annotations

from pathlib import Path

from generator.files.safe_write import write_files
from generator.files.schema_copies import schema_copies
from generator.paths import CODEOWNERS, SCHEMA_COPIES, schema_folder
from generator.problems import CmapError
from generator.review import codeowners
from generator.rules.repository import load_repository
from generator.starter.content import Starter, StarterFiles, render_files, starter

#: How many of the things found in a folder that is not empty the refusal names.
_NAMED = 8


def write_starter(root: Path, name: str, language: str = "en") -> list[str]:
    """Write a new company's repository into `root` (made when missing); the paths written."""
    return write_repository(root, starter(name, language))


def write_repository(root: Path, start: Starter, *, dry_run: bool = False) -> list[str]:
    """Write the starter `start` into the empty folder `root`; with `dry_run`, only list."""
    refuse_unless_empty(root)
    made = starter_files(start, root)
    if not dry_run:
        root.mkdir(parents=True, exist_ok=True)
        write_files(root, made.files, exclusive=True, executable=made.executable)
        write_codeowners(root)
    return sorted([*made.files, CODEOWNERS])


def starter_files(start: Starter, root: Path) -> StarterFiles:
    """The starter's files for `root` and, where its `$schema` lines point at `schemas/`,
    the copies of the JSON Schemas."""
    rendered = render_files(start, root)
    files = dict(rendered.files)
    if schema_folder(root) == SCHEMA_COPIES:
        files.update(schema_copies())
    return StarterFiles(files, rendered.executable)


def write_codeowners(root: Path) -> None:
    """`.github/CODEOWNERS` from the data now in `root`, as `cmap codeowners` writes it."""
    result = load_repository(root)
    codeowners.require_sources(result.problems)
    codeowners.write(root, codeowners.render(result.model))


def refuse_unless_empty(root: Path) -> None:
    """CmapError naming what `root` holds, unless it is missing, empty, or holds only the
    `.git` folder of a repository without commits."""
    if not root.exists():
        return
    if not root.is_dir():
        raise CmapError(f"{root} is a file; give the folder the new repository goes in.")
    found = sorted(entry.name + ("/" if entry.is_dir() else "") for entry in root.iterdir()
                   if not (entry.name == ".git" and _new_git_folder(entry)))
    if not found:
        return
    shown = ", ".join(found[:_NAMED]) + (f" and {len(found) - _NAMED} more" if len(found) > _NAMED
                                         else "")
    raise CmapError(
        f"{root} is not empty: it holds {shown}. cmap init writes a new repository into an "
        "empty folder (or one with the .git folder of a `git init` and no commits yet), so that "
        "it never overwrites anything. Choose a new folder; in a copy of cmap's own repository "
        "used as a template, run `cmap init . --name NAME --replace-example` instead.")


def _new_git_folder(path: Path) -> bool:
    """Whether `path` is the .git folder of `git init`, before the first commit: its HEAD
    names a branch that has no commit yet."""
    if path.is_symlink() or not path.is_dir():
        return False
    try:
        head = (path / "HEAD").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return False
    if not head.startswith("ref: refs/heads/"):
        return False  # a detached HEAD points at a commit
    branch = head.removeprefix("ref: ")
    if (path / branch).exists():
        return False
    try:
        packed = (path / "packed-refs").read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    except (OSError, UnicodeDecodeError):
        return False
    return not any(line.split(" ")[-1] == branch for line in packed.splitlines())
