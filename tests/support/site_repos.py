"""Repository folders for site builds: the project's mkdocs.yml and a guide with a style sheet."""

from __future__ import annotations

from pathlib import Path

from support import ROOT


def make_repo(root: Path, *, mkdocs_yml: str | None = None) -> Path:
    """A repository folder with the project's mkdocs.yml and a guide."""
    root.mkdir(parents=True, exist_ok=True)
    text = mkdocs_yml if mkdocs_yml is not None else (ROOT / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "reading.md").write_text(
        "# Reading the map\n\nSee the [roles](../roles/index.md).\n", encoding="utf-8")
    (root / "docs" / "extra.css").write_text("/* company tweaks */\n", encoding="utf-8")
    return root
