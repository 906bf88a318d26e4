"""The lock files the workflows install from (requirements/) still satisfy pyproject.toml.

They are compiled by `uv pip compile` (requirements/README.md says how); a dependency added
to or narrowed in pyproject.toml without compiling again fails here, before a workflow
installs something else than what the tests ran with.
"""

from __future__ import annotations

import re
import sys

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from support import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest brings tomli on Python 3.10
    import tomli as tomllib

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PINNED = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")


def pins(name: str) -> dict[str, list[Version]]:
    found: dict[str, list[Version]] = {}
    for line in (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines():
        match = PINNED.match(line)
        if match:
            found.setdefault(canonicalize_name(match.group(1)), []).append(Version(match.group(2)))
    return found


def wanted(extra: str | None) -> list[Requirement]:
    listed = list(PROJECT["dependencies"])
    if extra:
        listed += PROJECT["optional-dependencies"][extra]
    build = (ROOT / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
    return [Requirement(line) for line in listed + build if line and not line.startswith("#")]


@pytest.mark.parametrize(("lock", "extra"), [("site.txt", None), ("ci.txt", "test")])
def test_every_dependency_is_locked_at_a_version_pyproject_allows(lock: str, extra: str | None) -> None:
    locked = pins(lock)
    for requirement in wanted(extra):
        versions = locked.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is missing from requirements/{lock}: compile it again"
        assert all(requirement.specifier.contains(v, prereleases=True) for v in versions), (
            f"requirements/{lock} pins {requirement.name} {versions}, outside {requirement.specifier}")


@pytest.mark.parametrize("lock", ["site.txt", "ci.txt"])
def test_every_locked_package_carries_its_hashes(lock: str) -> None:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert entries and all("--hash=sha256:" in entry for entry in entries if PINNED.match(entry))
