"""cmap as it is installed: its version, and where pip installed it from.

A company's repository installs cmap in its workflows from `requirements.txt`, written by
`cmap init`. The name `cmap` on PyPI belongs to an unrelated project (a colour-map library),
so a bare `cmap==0.1.0` would install someone else's code in the workflows; the line has to
name where this cmap came from. pip records that for a package installed from a git URL in
`direct_url.json` (PEP 610): the repository's address and the commit it was built from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata

#: The distribution's name, as pyproject.toml declares it.
NAME = "cmap"


@dataclass(frozen=True)
class GitSource:
    """A git repository reachable over https, and the commit cmap was installed from."""

    url: str
    commit: str

    @property
    def requirement(self) -> str:
        """The line of a requirements file that installs exactly this cmap."""
        return f"{NAME} @ git+{self.url}@{self.commit}"


def version() -> str:
    """The installed version of cmap, or "" when it runs from a checkout it was not
    installed from (the tests put the checkout on PYTHONPATH)."""
    try:
        return metadata.version(NAME)
    except metadata.PackageNotFoundError:
        return ""


def version_text() -> str:
    """The version as `cmap --version` shows it: the installed version, and the git commit
    it was installed from when pip recorded one; a sentence saying why there is none when
    cmap runs from a source folder it was not installed from."""
    installed = version()
    if not installed:
        return "(version unknown: not installed, run from its source folder)"
    source = git_source()
    return f"{installed} ({source.url} at {source.commit[:12]})" if source else installed


def git_source() -> GitSource | None:
    """Where pip installed cmap from, when it was a git repository over https and a
    commit (not an editable checkout, an index, or a folder on this machine)."""
    try:
        text = metadata.distribution(NAME).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    return parse_direct_url(text or "")


def parse_direct_url(text: str) -> GitSource | None:
    """The git source in the text of a `direct_url.json`, if it names one (PEP 610)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    url, vcs = data.get("url"), data.get("vcs_info")
    if not isinstance(url, str) or not isinstance(vcs, dict) or vcs.get("vcs") != "git":
        return None
    commit = vcs.get("commit_id")
    if not (url.startswith("https://") and isinstance(commit, str) and len(commit) == 40
            and all(c in "0123456789abcdef" for c in commit)):
        return None
    if any(c.isspace() or c in "@#" for c in url.removeprefix("https://")):
        return None  # credentials or a fragment: never copied into a committed file
    return GitSource(url, commit)
