"""`cmap init . --name NAME --replace-example`: a copy of cmap's own repository, used as a
template, rid of the example company.

What the example shipped is listed in `templates/init/example-files.sha256`: a digest per
file of its data folders, its guides and its mkdocs.yml, for every version of cmap that
changed one (a line per version, like `sha256sum` writes them, so a copy made from an
older cmap is still recognised). A file whose digest is listed is the example's, unchanged:
it is deleted, or replaced by the starter's file of the same path. Anything else (a file
changed since, a file someone added, a link) is kept and listed, and the starter's file of
that path is not written: nothing a user wrote is lost or silently rewritten. Digests are
of the text with Windows line ends made Unix ones, as git may check files out either way.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.files.safe_write import remove_file, write_files
from generator.files.symlinks import read_bytes, walk
from generator.paths import CODEOWNERS, DATA_DIRS, GUIDES_DIR, SITE_CONFIG
from generator.problems import CmapError
from generator.starter.content import INIT_TEMPLATES, Starter
from generator.starter.new_repository import starter_files, write_codeowners

MANIFEST = INIT_TEMPLATES / "example-files.sha256"
#: Where the example's files are: the data folders, the guides and the site's settings.
EXAMPLE_PLACES = (*DATA_DIRS, GUIDES_DIR, SITE_CONFIG)
#: Folders of cmap's repository that test cmap itself on the example.
_ABOUT_THE_EXAMPLE = ("tests", "bench")


@dataclass
class Replacement:
    """What replacing the example does, path by path."""

    removed: list[str] = field(default_factory=list)  #: the example's, deleted
    replaced: list[str] = field(default_factory=list)  #: the example's, now the starter's
    written: list[str] = field(default_factory=list)  #: the starter's, new
    kept: dict[str, str] = field(default_factory=dict)  #: path → why it stays as it is
    files: dict[str, bytes] = field(default_factory=dict)  #: what is written, by path
    notes: list[str] = field(default_factory=list)


def digest(data: bytes) -> str:
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def read_manifest(text: str) -> dict[str, set[str]]:
    """`sha256  path` lines → path → every digest the example's file had."""
    known: dict[str, set[str]] = defaultdict(set)
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            value, _, path = line.partition("  ")
            known[path.strip()].add(value.strip())
    return dict(known)


def manifest_lines(root: Path) -> list[str]:
    """The `sha256  path` lines of the example's files as they are in `root` (cmap's own
    repository): what `example-files.sha256` must hold."""
    return [f"{digest(read_bytes(root / rel))}  {rel}" for rel in _present(root)]


def plan_replacement(root: Path, start: Starter) -> Replacement:
    """What replacing the example in `root` with the starter of `start` does; writes nothing.
    CmapError when no file of the example is in `root`."""
    known = read_manifest(MANIFEST.read_text(encoding="utf-8"))
    plan = Replacement()
    wanted = {rel: data for rel, data in starter_files(start, root).files.items()
              if rel.split("/")[0] in EXAMPLE_PLACES}
    present = _present(root)
    for rel in sorted(present):
        ours = rel in known and digest(read_bytes(root / rel)) in known[rel]
        if ours and rel in wanted:
            plan.replaced.append(rel)
        elif ours:
            plan.removed.append(rel)
        elif rel in known:
            plan.kept[rel] = "changed since the example"
        elif rel.split("/")[0] in DATA_DIRS:
            plan.kept[rel] = "not the example's"
    for rel in _links(root):
        plan.kept[rel] = "a symbolic link, never followed"
    if not plan.removed and not plan.replaced:
        raise CmapError(f"no file in {root} is the example's as cmap shipped it, so there is no "
                        "example to replace. In a new, empty folder run `cmap init DIR --name NAME`.")
    for rel, data in sorted(wanted.items()):
        if rel in plan.replaced:
            plan.files[rel] = data
        elif rel not in present and rel not in plan.kept:
            plan.written.append(rel)
            plan.files[rel] = data
        elif rel in plan.kept:
            plan.notes.append(f"{rel}: kept yours; the starter's version was not written.")
    plan.notes += [f"{folder}/ tests cmap itself on the example: delete it (and the tests step "
                   "of .github/workflows/validate.yml) unless you develop cmap in this repository."
                   for folder in _ABOUT_THE_EXAMPLE if (root / folder).is_dir()]
    return plan


def apply(root: Path, plan: Replacement) -> None:
    """Carry out `plan`: delete, then write (new files only where nothing appeared since),
    then CODEOWNERS from the new data when the data allows it."""
    for rel in plan.removed:
        remove_file(root, rel)
    write_files(root, {rel: plan.files[rel] for rel in plan.replaced})
    try:
        write_files(root, {rel: plan.files[rel] for rel in plan.written}, exclusive=True)
    except FileExistsError as err:
        raise CmapError(f"{err.filename} appeared while cmap init ran; nothing new was "
                        "written. Run the command again.") from None
    try:
        write_codeowners(root)
    except CmapError as err:
        plan.notes.append(f"{CODEOWNERS} was not updated: {err}")


def _present(root: Path) -> list[str]:
    """The files of the places the example lives in, by path (links left out)."""
    found: list[str] = []
    for place in EXAMPLE_PLACES:
        path = root / place
        if place == SITE_CONFIG:
            if path.is_file() and not path.is_symlink():
                found.append(place)
        elif path.is_dir() and not path.is_symlink():
            found += [file.relative_to(root).as_posix() for file in walk(path).files]
    return sorted(found)


def _links(root: Path) -> list[str]:
    return sorted(link.relative_to(root).as_posix() for place in DATA_DIRS
                  for link in walk(root / place).links)
