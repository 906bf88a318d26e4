"""Symbolic links in the folders cmap reads: found without following them, refused as L114.

A link committed to the repository can point anywhere on the machine that builds the site:
`competency-map/competencies/x.yml -> /etc/passwd` would be validated and its text
published, `docs/x.txt -> ../.git/config` would publish the checkout's credentials. So the
data folders and the guides folder are walked here without ever following a link (pathlib's
`rglob` and `is_file` follow them), every link is reported at its own path, and files are
opened with `O_NOFOLLOW`, so a file swapped for a link after the walk is not read either.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from generator.problems import CmapError, Problem, as_text

CODE = "L114"
#: `os.open` flag that makes opening a link fail (ELOOP); 0 where the OS has none.
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
#: What `open` with O_NOFOLLOW says about a link: ELOOP (Linux, macOS), EMLINK (FreeBSD).
LINK_ERRNOS = frozenset({errno.ELOOP, errno.EMLINK})
_SHOWN_TARGET = 80


@dataclass
class Listing:
    """What a walk found: regular files, and links (never followed), both sorted."""

    files: list[Path] = field(default_factory=list)
    links: list[Path] = field(default_factory=list)


def walk(folder: Path, *, skip_hidden: bool = False) -> Listing:
    """Every regular file under `folder` and every link, without following any link.

    `folder` itself being a link is listed as a link; a missing folder gives nothing.
    Fifos, sockets and devices are neither (reading one could block the build forever).
    With `skip_hidden`, names starting with `.` are left out, as the guides leave them out.
    """
    listing = Listing()
    if folder.is_symlink():
        listing.links.append(folder)
        return listing
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if skip_hidden and entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                listing.links.append(path)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif entry.is_file(follow_symlinks=False):
                listing.files.append(path)
    listing.files.sort()
    listing.links.sort()
    return listing


def shown_path(root: Path, path: Path) -> str:
    """`path` as problems name it: relative to the repository when it lies inside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def shown_target(link: Path) -> str:
    """Where `link` points, printable and clipped to a line's worth."""
    try:
        target = os.readlink(link)
    except OSError:
        return "?"
    target = "".join(c if c.isprintable() else "?" for c in target)
    if len(target) > _SHOWN_TARGET:
        target = target[:40] + "…" + target[-(_SHOWN_TARGET - 41):]
    return target


def link_text(link: Path) -> tuple[str, str]:
    """The message and the hint for a link: where it points, and what to do."""
    what = "folder" if link.is_dir() else "file"
    return (f"This is a symbolic link (to `{shown_target(link)}`): cmap never reads or "
            "publishes links, which can point outside the repository.",
            f"Replace the link with the {what} itself (copy it here and commit it), or delete "
            "the link.")


def link_problem(root: Path, link: Path) -> Problem:
    message, hint = link_text(link)
    return Problem(shown_path(root, link), 1, 1, CODE, message, hint)


def link_problems(root: Path, links: list[Path]) -> list[Problem]:
    return [link_problem(root, link) for link in links]


def refuse_links(root: Path, links: list[Path], what: str) -> None:
    """CmapError listing every link as the validator reports it, when there is any."""
    if not links:
        return
    lines = [as_text(p) for p in link_problems(root, links)]
    raise CmapError(f"{what} holds symbolic links; nothing was built:\n" + "\n".join(lines))


def open_file(path: Path) -> BinaryIO:
    """The regular file `path`, open for reading; OSError (errno in `LINK_ERRNOS`) when it
    is a link, even one that replaced the file after the walk. O_NONBLOCK keeps a fifo put
    in its place from blocking the open; it changes nothing for a regular file."""
    flags = os.O_RDONLY | NOFOLLOW | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
    stream = os.fdopen(os.open(path, flags), "rb")
    if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
        stream.close()
        raise OSError(errno.EINVAL, "This is not a regular file", str(path))
    return stream


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file `path`, never through a link (see `open_file`)."""
    with open_file(path) as stream:
        return stream.read()
