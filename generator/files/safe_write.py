"""Write files into the repository: never through a symbolic link, never outside it.

Every command that writes into the repository goes through here: `cmap import` (needs,
issue forms, CASE packages), `cmap new`, `cmap codeowners`, `cmap init` (which also deletes
the example's files, with `remove_file`), and the work folder `.cmap/` of `cmap build`. A
link committed to the repository (`needs/2027-h1 -> /etc`) would otherwise carry the write
anywhere on the machine. So a path is opened from the root down
one folder at a time, each relative to the one before (`dir_fd`) and with O_NOFOLLOW: a
component that is a link is refused, not followed, also when it appears while cmap runs,
and `..` is refused outright, so the written file always lies inside the root. Folders that
must be created are created the same way.

A file is written atomically: a temporary file in the same folder, fsync, `os.replace`;
an existing file keeps its mode, a new one gets the umask's. Paths given on the command
line for output (`--out`, `--report`, `--outputs`) are the user's choice and are not
written through here. POSIX only (`dir_fd`), like the rest of cmap's file handling.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.files.symlinks import LINK_ERRNOS, NOFOLLOW, shown_target
from generator.problems import CmapError

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC


@dataclass
class _Staged:
    """A file written to a temporary name in its folder, waiting to take its real name."""

    rel: str
    folder: int  #: open descriptor of the file's folder
    temp: str
    name: str
    exclusive: bool


def write_file(root: Path, rel: str, data: bytes, *, exclusive: bool = False,
               durable: bool = True) -> Path:
    """Write `data` to `root/rel` atomically, creating its folders; return the path.

    CmapError when a component of `rel` is a link or `rel` leaves the root; with
    `exclusive`, FileExistsError when the file exists (it is never replaced). `durable=False`
    skips the fsyncs, for files that are rebuilt from scratch anyway (`.cmap/docs/`).
    """
    write_files(root, {rel: data}, exclusive=exclusive, durable=durable)
    return root / rel


def write_files(root: Path, files: Mapping[str, bytes], *, exclusive: bool = False,
                durable: bool = True, executable: frozenset[str] = frozenset()) -> None:
    """Write several files, all or none: each is on disk under a temporary name before
    the first one replaces its file. A new file whose path is in `executable` may be run
    (its mode is 0o777 less the umask, like a script `git checkout` writes)."""
    staged: list[_Staged] = []
    current = ""
    try:
        for current, data in files.items():
            staged.append(_stage(root, current, data, exclusive, durable, current in executable))
        for item in staged:
            current = item.rel
            _commit(item, durable)
    except FileExistsError:
        raise
    except OSError as err:
        raise CmapError(f"cannot write `{current}`: {err.strerror}.") from err
    finally:
        for item in staged:
            with contextlib.suppress(OSError):  # left over only when it did not take its name
                os.unlink(item.temp, dir_fd=item.folder)
            os.close(item.folder)


def check_path(root: Path, rel: str) -> Path:
    """`root/rel`, after making sure no component of it from the root down is a link.

    The path and its folders need not exist. Use it before reading a file that will be
    written, or before another program writes there, so nothing goes through a link.
    """
    parts = _parts(rel)
    folder = _open_folders(root, rel, parts[:-1], create=False)
    if folder is not None:
        try:
            if _is_link(folder, parts[-1]):
                raise _refused(root, rel, rel)
        finally:
            os.close(folder)
    return root / rel


def open_file(root: Path, rel: str) -> int:
    """A descriptor of `root/rel` open for reading and writing, created if missing (lock
    files): never through a link, folders created as for `write_file`."""
    parts = _parts(rel)
    folder = _open_folders(root, rel, parts[:-1], create=True)
    assert folder is not None
    try:
        return os.open(parts[-1], os.O_RDWR | os.O_CREAT | NOFOLLOW | _CLOEXEC, 0o666,
                       dir_fd=folder)
    except OSError as err:
        if err.errno in LINK_ERRNOS:
            raise _refused(root, rel, rel) from err
        raise CmapError(f"cannot open `{rel}`: {err.strerror}.") from err
    finally:
        os.close(folder)


def remove_file(root: Path, rel: str) -> None:
    """Delete the file `root/rel` (a link in its place is deleted, never followed), then
    each folder above it that this leaves empty, up to the root; nothing when it is gone.

    CmapError when a folder on the way is a link or `rel` leaves the root.
    """
    parts = _parts(rel)
    folders: list[int] = []
    try:
        folder = _open_folders(root, rel, parts[:-1], create=False)
        if folder is None:
            return
        folders.append(folder)
        try:
            os.unlink(parts[-1], dir_fd=folder)
        except FileNotFoundError:
            return
        for depth in range(len(parts) - 1, 0, -1):
            parent = _open_folders(root, rel, parts[: depth - 1], create=False)
            if parent is None:
                return
            folders.append(parent)
            try:
                os.rmdir(parts[depth - 1], dir_fd=parent)
            except OSError:  # not empty: it holds something else, which stays
                return
    except OSError as err:
        raise CmapError(f"cannot delete `{rel}`: {err.strerror}.") from err
    finally:
        for fd in folders:
            os.close(fd)


def _stage(root: Path, rel: str, data: bytes, exclusive: bool, durable: bool,
           executable: bool = False) -> _Staged:
    parts = _parts(rel)
    folder = _open_folders(root, rel, parts[:-1], create=True)
    assert folder is not None
    item = _Staged(rel, folder, f".{parts[-1]}.{uuid.uuid4().hex[:12]}.tmp", parts[-1], exclusive)
    try:
        existing = _existing(root, rel, folder, item.name)
        if existing is not None and exclusive:
            raise FileExistsError(errno.EEXIST, "File exists", rel)
        fd = os.open(item.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | _CLOEXEC,
                     0o777 if executable else 0o666, dir_fd=folder)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            if existing is not None:
                os.fchmod(stream.fileno(), stat.S_IMODE(existing.st_mode))
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        return item
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(item.temp, dir_fd=folder)
        os.close(folder)
        raise


def _commit(item: _Staged, durable: bool) -> None:
    if item.exclusive:
        try:  # a hard link fails when the name exists: the file is never replaced
            os.link(item.temp, item.name, src_dir_fd=item.folder, dst_dir_fd=item.folder,
                    follow_symlinks=False)
        except FileExistsError:
            raise
        except OSError:  # a filesystem without hard links
            if _exists(item.folder, item.name):
                raise FileExistsError(errno.EEXIST, "File exists", item.rel) from None
            os.replace(item.temp, item.name, src_dir_fd=item.folder, dst_dir_fd=item.folder)
    else:
        os.replace(item.temp, item.name, src_dir_fd=item.folder, dst_dir_fd=item.folder)
    if durable:
        with contextlib.suppress(OSError):  # not every filesystem syncs a folder
            os.fsync(item.folder)


def _parts(rel: str) -> list[str]:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or not pure.parts or ".." in pure.parts:
        raise CmapError(f"cannot write `{rel}`: it lies outside the repository. cmap writes "
                        "only below the repository's top folder.")
    return list(pure.parts)


def _open_folders(root: Path, rel: str, parts: list[str], *, create: bool) -> int | None:
    """The folder `root/parts…` open, each step without following a link; None when it
    does not exist (and `create` is false)."""
    try:
        fd = os.open(root, _FOLDER)
    except OSError as err:
        raise CmapError(f"cannot write into {root}: {err.strerror}.") from err
    try:
        for depth, name in enumerate(parts):
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o777, dir_fd=fd)
            try:
                child = os.open(name, _FOLDER | NOFOLLOW, dir_fd=fd)
            except FileNotFoundError:
                if create:
                    raise
                os.close(fd)
                return None
            except OSError as err:
                if err.errno in LINK_ERRNOS or _is_link(fd, name):
                    raise _refused(root, rel, "/".join(parts[: depth + 1])) from err
                raise CmapError(f"cannot write `{rel}`: `{'/'.join(parts[: depth + 1])}` is "
                                f"not a folder ({err.strerror}).") from err
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def _existing(root: Path, rel: str, folder: int, name: str) -> os.stat_result | None:
    """The file's own status (None when missing); CmapError when it is a link or no file."""
    try:
        found = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(found.st_mode):
        raise _refused(root, rel, rel)
    if not stat.S_ISREG(found.st_mode):
        raise CmapError(f"cannot write `{rel}`: something other than a file is in its place. "
                        "Move it away, then run the command again.")
    return found


def _exists(folder: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _is_link(folder: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _refused(root: Path, rel: str, link: str) -> CmapError:
    where = "it is" if link == rel else f"`{link}` is"
    return CmapError(f"cannot write `{rel}`: {where} a symbolic link (to "
                     f"`{shown_target(root / link)}`), and cmap never writes through a link, "
                     "which can lead outside the repository. Replace the link with the folder "
                     "or file itself (or delete it), then run the command again.")
