"""Repositories for `cmap import model`: a new company's, as `cmap init` writes it, to import
a whole map into, and a copy of the example."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.paths import DATA_DIRS, GUIDES_DIR, SITE_CONFIG
from generator.starter.new_repository import write_starter
from support import ROOT


def new_company(root: Path, language: str = "en") -> Path:
    """The repository `cmap init ROOT --name "Acme Appliances"` writes."""
    write_starter(root, "Acme Appliances", language)
    return root


def example_copy(root: Path) -> Path:
    """The example repository's data, site settings and guides, copied to `root`."""
    for folder in (*DATA_DIRS, GUIDES_DIR):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copyfile(ROOT / SITE_CONFIG, root / SITE_CONFIG)
    return root
