"""The guides' Markdown setup, in the example's `mkdocs.yml` and the starter's: a fenced
block inside a numbered step stays a code block, and the numbering goes on after it.

Rendered here with the extensions MkDocs would load (its built-ins first), without a site
build; `test_browser.py` and `test_cli_init.py` check the built guides.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from support import ROOT
from support.html_checks import fences_rendered_inline

from generator.starter.content import Starter, render_files

#: MkDocs adds these before the site's own `markdown_extensions`.
MKDOCS_BUILTINS = ["toc", "tables", "fenced_code"]

STEP = "1. Paste this start:\n\n    ```yaml\n    submitted_by: li-wei\n    entries: []\n    ```\n\n2. Commit.\n"


def starter_files() -> dict[str, str]:
    made = render_files(Starter("Northwind Trading", "en", year=2027), Path("/nonexistent")).files
    return {rel: data.decode("utf-8") for rel, data in made.items()}


SITES = {"example": (ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
         "starter": starter_files()["mkdocs.yml"]}


def converter(site_config: str) -> markdown.Markdown:
    names: list[str] = []
    options: dict[str, dict[str, Any]] = {}
    for item in yaml.safe_load(site_config)["markdown_extensions"]:
        name, settings = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if settings:
            options[name] = settings
    return markdown.Markdown(extensions=[*MKDOCS_BUILTINS, *names], extension_configs=options)


def test_with_mkdocs_defaults_alone_a_fenced_block_in_a_step_is_caught_as_inline_code() -> None:
    html = markdown.markdown(STEP, extensions=MKDOCS_BUILTINS)
    assert fences_rendered_inline(html) == ["yaml\nsubmitted_by: li-wei\nentries: []"]
    # Indented by three spaces, as the guide was, the block also ends the numbered list.
    three = markdown.markdown(STEP.replace("\n    ", "\n   "), extensions=MKDOCS_BUILTINS)
    assert fences_rendered_inline(three) and three.count("<ol>") == 2


@pytest.mark.parametrize("site", sorted(SITES))
def test_a_fenced_block_in_a_numbered_step_stays_a_block_and_the_numbering_goes_on(site: str) -> None:
    html = converter(SITES[site]).convert(STEP)
    assert fences_rendered_inline(html) == []
    assert html.count("<ol>") == 1
    assert re.search(r"<li>\s*<p>Paste this start:</p>\s*<pre class=\"highlight\"><code", html)


GUIDES = {**{f"example {p.name}": (SITES["example"], p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "docs").glob("*.md"))},
          **{f"starter {rel}": (SITES["starter"], text) for rel, text in starter_files().items()
             if rel.startswith("docs/") and rel.endswith(".md")}}


@pytest.mark.parametrize("guide", sorted(GUIDES))
def test_every_guide_renders_its_fenced_blocks_as_blocks(guide: str) -> None:
    site, text = GUIDES[guide]
    assert fences_rendered_inline(converter(site).convert(text)) == []
