"""cmap's work folder `.cmap/`: the generated pages and derived configurations MkDocs and
Zensical read. Written only through `safe_write`, never through a link, and only where the
content changed, so that a watcher (and a build cache) sees only real changes."""

from __future__ import annotations

import contextlib
from pathlib import Path

from generator.files.safe_write import check_path, write_file
from generator.files.symlinks import shown_path, walk
from generator.problems import CmapError


def sync_tree(root: Path, rel: str, files: dict[str, bytes]) -> tuple[int, int]:
    """Make the folder `root/rel` hold exactly `files`: write changed files, delete the others.

    Unchanged files are not touched. A link in the folder, or on the way to it, is refused.
    Returns the number of files written and deleted.
    """
    target = check_path(root, rel)
    listing = walk(target)
    if listing.links:
        raise CmapError(f"{shown_path(root, listing.links[0])} is a symbolic link, and cmap's "
                        f"work folder `{rel}` holds only what cmap writes. Delete the folder; "
                        "the next build writes it again.")
    written = deleted = 0
    existing = {p.relative_to(target).as_posix(): p for p in listing.files}
    for name, path in existing.items():
        if name not in files:
            path.unlink()
            deleted += 1
    for name, data in files.items():
        old = existing.get(name)
        if old is not None and old.stat().st_size == len(data) and old.read_bytes() == data:
            continue
        write_file(root, f"{rel}/{name}", data, durable=False)
        written += 1
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only succeeds when empty
    return written, deleted


def write_if_changed(root: Path, rel: str, text: str) -> Path:
    """Write `root/rel` (never through a link) unless it already holds `text`."""
    path = check_path(root, rel)
    if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
        write_file(root, rel, text.encode("utf-8"))
    return path
