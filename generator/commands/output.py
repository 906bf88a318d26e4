"""Files a command writes where the user says (`--out`), outside the repository's data."""

from __future__ import annotations

from pathlib import Path

from generator.problems import CmapError


def write_output(path: Path, data: bytes, force: bool, why: str = "") -> None:
    """Write `path`; unless `force`, only if it does not exist (checked as it is opened)."""
    try:
        with path.open("wb" if force else "xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise CmapError(f"{path} already exists{why}; pass --force to replace it, or choose "
                        "another --out.") from None
    except OSError as err:
        raise CmapError(f"cannot write {path}: {err.strerror}.") from err
