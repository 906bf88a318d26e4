"""Build the site with Zensical, the successor of MkDocs by the Material for MkDocs team.

Zensical reads `mkdocs.yml`, but not everything `.cmap/mkdocs.yml` relies on:

* `INHERIT` is merged with lists appended (MkDocs replaces them), so the navigation, the
  style sheets and the plugins would be doubled: the configuration is written flattened,
  the company's mkdocs.yml with the derived settings merged in the MkDocs way;
* `site_dir` must lie inside the folder of the configuration: Zensical builds into
  `.cmap/zensical-site/` and the result is moved to the site folder afterwards;
* MkDocs plugins and hooks do not run, cmap's own plugin neither: the "edit this page"
  links would point at the generated copies, so `edit_uri` is left out (no edit buttons),
  and `cmap serve` stays on MkDocs;
* Zensical has its own search dialog: our template override of Material 9's search
  partial (an accessible name for the dialog) would break it, so it is left out (a
  company's own `custom_dir` is kept); the theme variant is `classic`, the look of Material
  for MkDocs that our style sheet is made for, unless mkdocs.yml chooses one.

Everything else (the theme settings, our style sheet, the navigation, `not_in_nav`, the
Markdown extensions) is read as MkDocs reads it. Zensical is
started as a separate program (`zensical build`), so it is not a dependency of cmap.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator import paths
from generator.files.safe_write import check_path
from generator.model.competency_map import CompetencyMap
from generator.problems import CmapError
from generator.progress import NO_PROGRESS, Progress
from generator.rules.repository import LoadResult
from generator.site.mkdocs_build import Built, prepare
from generator.site.mkdocs_config import SiteConfig, read_site_config
from generator.site.site_folder import build_lock, remove_leftovers, site_target, staging, swap_in
from generator.site.work_folder import write_if_changed

CONFIG_NAME = "zensical.yml"
SITE_FOLDER = "zensical-site"
# Settings of the derived configuration that Zensical cannot use.
DROPPED = ("INHERIT", "hooks", "watch", "edit_uri", "edit_uri_template")


def merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """`child` over `parent` as MkDocs merges INHERIT: mappings key by key, lists replaced."""
    merged = dict(parent)
    for key, value in child.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge(old, value)
        else:
            merged[key] = value
    return merged


def flatten(user: dict[str, Any], derived: dict[str, Any], *,
            overrides: str | None = None) -> dict[str, Any]:
    """One self-contained configuration for Zensical, next to the generated docs folder.

    `overrides` is the folder of cmap's own Material template overrides (left out).
    """
    config = merge(user, derived)
    for key in DROPPED:
        config.pop(key, None)
    config["site_dir"] = SITE_FOLDER
    theme = config.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": str(theme or "material")}
    if overrides and theme.get("custom_dir") == overrides:
        del theme["custom_dir"]
    theme.setdefault("variant", "classic")
    config["theme"] = theme
    return config


def write_config(root: Path, config: SiteConfig, model: CompetencyMap) -> Path:
    """Generate the pages (as `cmap build` does) and write `.cmap/zensical.yml`."""
    derived_path = prepare(root, config, model, split=False).config_path
    derived = yaml.safe_load(derived_path.read_text(encoding="utf-8")) or {}
    flat = flatten(dict(config.raw), derived, overrides=str(paths.THEME_OVERRIDES))
    header = ("# Written by `cmap build --engine zensical`: do not edit, it is rewritten on "
              "every run.\n# ../mkdocs.yml with the settings of mkdocs.yml in this folder "
              "merged in, for Zensical.\n")
    try:
        text = header + yaml.safe_dump(flat, sort_keys=False, allow_unicode=True)
    except yaml.YAMLError as exc:
        raise CmapError(f"mkdocs.yml holds a setting Zensical's configuration cannot carry: "
                        f"{exc}") from exc
    return write_if_changed(root, f"{paths.WORK_DIR}/{CONFIG_NAME}", text)


def command() -> list[str] | None:
    """How to start Zensical: its program on PATH, else the module of this Python."""
    program = shutil.which("zensical")
    if program:
        return [program]
    if importlib.util.find_spec("zensical") is not None:
        return [sys.executable, "-m", "zensical"]
    return None


def run_zensical(config_path: Path) -> Path:
    """`zensical build --clean` of the written configuration; returns the built folder.

    `--clean` empties the output folder `.cmap/zensical-site/`: it must not be a link.
    """
    check_path(config_path.parent.parent, f"{paths.WORK_DIR}/{SITE_FOLDER}")
    start = command()
    if start is None:
        raise CmapError("Zensical is not installed: `python3 -m pip install zensical`, or "
                        "build with MkDocs (without --engine zensical).")
    done = subprocess.run([*start, "build", "--clean", "--config-file", str(config_path)],
                          cwd=config_path.parent, capture_output=True, text=True, check=False)
    built = config_path.parent / SITE_FOLDER
    if done.returncode != 0 or not (built / "index.html").is_file():
        output = "\n".join(f"  {line}" for line in
                           (done.stdout + done.stderr).strip().splitlines()[-20:])
        raise CmapError(f"zensical could not build the site (exit {done.returncode}):\n{output}"
                        "\nThe previous site is unchanged.")
    return built


def build(root: Path, result: LoadResult, *, site_dir: Path | None = None,
          progress: Progress = NO_PROGRESS) -> Built:
    """`cmap build --engine zensical`: generate, build with Zensical, swap the site in."""
    if not result.ok:
        raise CmapError("The repository has errors (run `cmap validate`); the site was not "
                        "built and the previous site is unchanged.")
    return build_site(root, result.model, site_dir=site_dir, progress=progress)


def build_site(root: Path, model: CompetencyMap, *, site_dir: Path | None = None,
               progress: Progress = NO_PROGRESS) -> Built:
    """Build the site of `model` with Zensical; the previous site stays unless it succeeds."""
    root = root.resolve()
    config = read_site_config(root)
    target = site_target(root, config.site_dir, site_dir, config.guides_dir(root))
    with build_lock(root):
        remove_leftovers(target)
        with progress.phase("pages"):
            config_path = write_config(root, config, model)
        with progress.phase("zensical"):
            built = run_zensical(config_path)
        with staging(target) as temp, progress.phase("swap"):
            shutil.copytree(built, temp, dirs_exist_ok=True)
            swap_in(temp, target)
    return Built(target, sum(1 for _ in target.rglob("index.html")))
