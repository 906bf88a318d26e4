"""Where cmap was installed from (PEP 610's direct_url.json): the requirement a company's
repository installs it with, never a URL with credentials or a moving branch."""

from __future__ import annotations

import json

import pytest

from generator.distribution import GitSource, parse_direct_url

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def direct_url(url: str, **vcs: object) -> str:
    return json.dumps({"url": url, "vcs_info": {"vcs": "git", "commit_id": COMMIT, **vcs}})


def test_a_git_install_over_https_gives_a_requirement_pinned_to_its_commit() -> None:
    source = parse_direct_url(direct_url("https://github.com/acme/cmap", requested_revision="v1"))
    assert source == GitSource("https://github.com/acme/cmap", COMMIT)
    assert source.requirement == f"cmap @ git+https://github.com/acme/cmap@{COMMIT}"


@pytest.mark.parametrize("text", [
    direct_url("https://token@github.com/acme/cmap"),        # credentials stay out of the file
    direct_url("ssh://git@github.com/acme/cmap"),
    direct_url("https://github.com/acme/cmap", commit_id="main"),
    json.dumps({"url": "file:///home/me/cmap", "dir_info": {"editable": True}}),
    json.dumps({"url": "https://example.com/cmap-0.1.0.tar.gz", "archive_info": {}}),
    "not json", "[]", "",
])
def test_anything_else_gives_no_source(text: str) -> None:
    assert parse_direct_url(text) is None
