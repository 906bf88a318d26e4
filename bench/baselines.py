"""What cmap is compared against, and what the bench reads of a company and a built site.

* the files `cmap validate` reads, by kind, and the CSafeLoader loop over them (the floor
  of validation), and the JSON Schema of each kind for check-jsonschema;
* a folder of plain Markdown pages spread over the same sections as a cmap site, with two
  MkDocs configurations: mkdocs' automatic navigation (every page under its section: the
  old, heavy baseline) and a navigation of the sections' index pages only, as cmap's;
* the pages of a built site: counts per section and the largest pages.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from measuring import Checkout

LOADER = """
import sys, yaml
paths = open(sys.argv[1], encoding="utf-8").read().split("\\n")
for path in filter(None, paths):
    with open(path, "rb") as handle:
        yaml.load(handle.read().decode("utf-8-sig"), Loader=yaml.CSafeLoader)
print(len(paths) - paths.count(""), "files loaded")
"""

# Asked of the checkout in a child process, so the bench never imports the code it measures.
DISCOVER = """
import json, sys
from pathlib import Path
from generator.files.discovery import discover
files, _ = discover(Path(sys.argv[1]))
print(json.dumps([[f.kind, str(f.path)] for f in files]))
"""


def data_files(root: Path, checkout: Checkout) -> dict[str, list[Path]]:
    """The files `cmap validate` reads, by kind: found the way the checkout finds them."""
    proc = subprocess.run([checkout.python, "-c", DISCOVER, str(root)], cwd=checkout.path,
                          env={**os.environ, **checkout.env},
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"could not list the data files of {root}:\n{proc.stderr}")
    kinds: dict[str, list[Path]] = {}
    for kind, path in json.loads(proc.stdout):
        kinds.setdefault(kind, []).append(Path(path))
    return kinds


def check_jsonschema(python: str) -> str | None:
    """check-jsonschema next to the interpreter (its venv's bin/, which need not be on
    PATH when the bench is started as /path/to/venv/bin/python), else on PATH."""
    beside = Path(python).parent / "check-jsonschema"
    return str(beside) if beside.is_file() else shutil.which("check-jsonschema")


def schema_for(kind: str, checkout: Checkout) -> Path:
    path = checkout.path / "generator" / "schemas" / f"{kind}.schema.json"
    if not path.is_file():
        raise SystemExit(f"no schema for the kind {kind!r}: {path}")
    return path


# --------------------------------------------------------------------------------------
# Plain pages for the mkdocs-material baselines.

WORDS = (
    "the", "team", "customer", "store", "branch", "season", "target", "product", "service",
    "training", "level", "plan", "partner", "quality", "result", "manager", "report", "review",
    "week", "month", "standard", "process", "delivery", "stock", "price", "model", "region",
    "install", "repair", "market", "share", "visit", "order", "complaint", "warranty", "budget",
    "goal", "coach", "skill", "course", "feedback", "data", "system",
)


def plain_site(folder: Path, sections: dict[str, int], company_config: Path,
               seed: int) -> tuple[Path, Path]:
    """A docs folder with the given number of plain pages per section, and two configs:
    `mkdocs.yml` with mkdocs' automatic navigation (every page, under its section) and
    `mkdocs-sections.yml` with a navigation of the sections' index pages only, as cmap's."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    docs.mkdir(parents=True)

    def sentence(n: int) -> str:
        words = [rng.choice(WORDS) for _ in range(n)]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph() -> str:
        return " ".join(sentence(rng.randint(10, 18)) for _ in range(rng.randint(3, 5)))

    for section, count in sorted(sections.items()):
        for i in range(count):
            if section == "":
                path = docs / ("index.md" if i == 0 else f"page-{i}.md")
            elif i == 0:
                path = docs / section / "index.md"
            else:
                path = docs / section / f"page-{i:05d}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            rows = "\n".join(f"| {rng.choice(WORDS).capitalize()} {i}-{r} | {rng.randint(1, 5)} | "
                             f"{sentence(rng.randint(3, 7))} |" for r in range(rng.randint(4, 8)))
            path.write_text(
                f"# {sentence(3)[:-1]} {i}\n\n{paragraph()}\n\n{paragraph()}\n\n"
                f"## {sentence(2)[:-1]}\n\n| Name | Level | Note |\n|---|---|---|\n{rows}\n\n"
                f"## {sentence(2)[:-1]}\n\n{paragraph()}\n", encoding="utf-8")
    theme = company_theme(company_config)
    config: dict[str, Any] = {"site_name": "Plain pages (benchmark baseline)", "theme": theme,
                              "plugins": ["search"]}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    named = sorted(s for s in sections if s)
    config["nav"] = [{"Home": "index.md"}] + [{s.capitalize(): f"{s}/index.md"} for s in named]
    config["not_in_nav"] = "".join(f"/{s}/\n" for s in named)
    (folder / "mkdocs-sections.yml").write_text(yaml.safe_dump(config, sort_keys=False),
                                                encoding="utf-8")
    return folder / "mkdocs.yml", folder / "mkdocs-sections.yml"


def company_theme(config: Path) -> dict[str, Any]:
    """The theme of the company's mkdocs.yml (no overrides folder), with navigation.prune."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !!python/name, !ENV
    theme: dict[str, Any] = {"name": "material"}
    try:
        data = yaml.load(config.read_text("utf-8"), Loader=Loader) or {}
        given = data.get("theme", {})
        if isinstance(given, dict):
            for key in ("name", "language", "features", "palette", "font", "icon"):
                if key in given and given[key] is not None:
                    theme[key] = given[key]
    except (OSError, yaml.YAMLError):
        pass
    theme.setdefault("font", False)
    features = list(theme.get("features") or [])
    if "navigation.prune" not in features:
        features.append("navigation.prune")
    theme["features"] = features
    return theme


def site_pages(site: Path) -> dict[str, Any]:
    """Pages of a built site: count per top-level section and the largest pages."""
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"
             and p.relative_to(site).parts[0] not in ("assets", "search")]
    sections: dict[str, int] = {}
    biggest: dict[str, tuple[int, str]] = {"role": (0, ""), "competency": (0, ""), "any": (0, "")}
    for p in pages:
        rel = p.relative_to(site)
        section = rel.parts[0] if len(rel.parts) > 1 else ""
        sections[section] = sections.get(section, 0) + 1
        size = p.stat().st_size
        # a role's own page is roles/<id>/index.html; roles/index.html is the catalogue
        kind = {"roles": "role", "competencies": "competency"}.get(section) \
            if len(rel.parts) == 3 else None
        for key in filter(None, (kind, "any")):
            if size > biggest[key][0]:
                biggest[key] = (size, rel.as_posix())
    return {"pages": len(pages), "sections": sections, "biggest": biggest,
            "bytes": sum(p.stat().st_size for p in pages)}
