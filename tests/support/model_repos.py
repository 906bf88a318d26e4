"""Repositories for `cmap import model`: a copy of the example, and an empty repository to
import a whole map into.

`empty_repository` stands in for `cmap init` (being written on its own branch): the site's
`mkdocs.yml` and guides, and a `competency-map/` with only the files `cmap validate`
needs, whose few entries are ids the example has too (a company's starter entries the
import is to keep). Once `cmap init` lands, make this call its Python function instead
(e.g. `write_starter(root, name, language)`); the tests that use it stay as they are.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from generator.paths import DATA_DIRS, GUIDES_DIR, MAP_DIR, SITE_CONFIG
from support import ROOT

#: The files of an empty map: what `cmap validate` needs and nothing more.
STARTER = {
    "areas.yml": """
        areas:
          - id: task
            name: Own tasks
        """,
    "categories.yml": """
        categories:
          - id: core
            name: Core competencies
        """,
    "families.yml": """
        families:
          - id: sales
            name: Sales
        """,
    "governance.yml": """
        groups:
          - id: training
            name: Training
            members: [someone]
        model_owners: [training]
        plan_approvers: [training]
        """,
}


def empty_repository(root: Path) -> Path:
    """A repository whose map is empty but valid, at `root` (created)."""
    (root / MAP_DIR).mkdir(parents=True)
    shutil.copyfile(ROOT / SITE_CONFIG, root / SITE_CONFIG)
    shutil.copytree(ROOT / GUIDES_DIR, root / GUIDES_DIR)
    for name, text in STARTER.items():
        (root / MAP_DIR / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def example_copy(root: Path) -> Path:
    """The example repository's data, site settings and guides, copied to `root`."""
    for folder in (*DATA_DIRS, GUIDES_DIR):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copyfile(ROOT / SITE_CONFIG, root / SITE_CONFIG)
    return root
