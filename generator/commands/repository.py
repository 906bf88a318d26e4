"""The repository a command works on: its top folder, and what mkdocs.yml says of it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from generator.paths import MAP_DIR, SITE_CONFIG
from generator.problems import CmapError

if TYPE_CHECKING:
    from generator.site.mkdocs_config import SiteConfig


def root(args: argparse.Namespace) -> Path:
    """`--root`, once it is known to hold the competency map."""
    folder: Path = args.root.resolve()
    if not (folder / MAP_DIR).is_dir():
        raise CmapError(f"{folder} has no {MAP_DIR}/ folder. Run cmap in the repository's "
                        "top folder, or pass --root.")
    return folder


def guides(folder: Path) -> str:
    """The guides folder (`docs_dir` of mkdocs.yml): the validator reports its links too."""
    from generator.site.mkdocs_config import guides_setting

    return guides_setting(folder)


def site_config(folder: Path) -> SiteConfig | None:
    """mkdocs.yml's settings, or None when the repository has no mkdocs.yml."""
    if not (folder / SITE_CONFIG).is_file():
        return None
    from generator.site.mkdocs_config import read_site_config

    return read_site_config(folder)
