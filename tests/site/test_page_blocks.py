"""Generated pages go around Markdown (generator/site/page_blocks.py, mkdocs_plugin.py).

The proof is a comparison: the example company built the fast way (HTML blocks as
placeholders, search entries from cmap) and the slow way (whole Markdown pages parsed by
Python-Markdown, indexed by Material's own parser) gives the same HTML on every page and
the same search index.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from support import FIXTURES, ROOT

from generator.rules.repository import load_repository
from generator.site import mkdocs_build
from generator.site.page_blocks import PLACEHOLDER, Section, restore, split_page
from generator.site.prose import prose


def _build(source: Path, folder: Path, *, whole: bool) -> Path:
    root = folder / "repo"
    for name in ("competency-map", "needs", "plans", "docs", "mkdocs.yml"):
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name)
        elif (source / name).is_file():
            shutil.copy(source / name, root / name)
    result = load_repository(root)
    assert result.ok
    return mkdocs_build.build_site(root, result.model, site_dir=folder / "site", strict=True,
                                   whole_pages=whole).folder


@pytest.fixture(scope="module", params=["example", "chinese"])
def both_ways(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[Path, Path]:
    source = ROOT if request.param == "example" else FIXTURES / "zh"
    fast = _build(source, tmp_path_factory.mktemp("fast"), whole=False)
    slow = _build(source, tmp_path_factory.mktemp("slow"), whole=True)
    return fast, slow


def test_every_page_is_the_same_html_built_either_way(both_ways: tuple[Path, Path]) -> None:
    fast, slow = both_ways
    pages = sorted(p.relative_to(slow).as_posix() for p in slow.rglob("*.html"))
    assert pages == sorted(p.relative_to(fast).as_posix() for p in fast.rglob("*.html"))
    assert len(pages) > 20
    different = [page for page in pages
                 if (fast / page).read_text(encoding="utf-8") != (slow / page).read_text(encoding="utf-8")]
    assert different == []
    assert not any("cmap-block" in (fast / page).read_text(encoding="utf-8") for page in pages)


def test_the_search_index_holds_the_same_entries_either_way(both_ways: tuple[Path, Path]) -> None:
    fast, slow = both_ways
    index = [json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
             for site in (fast, slow)]
    assert index[0]["config"] == index[1]["config"]
    assert sorted(map(json.dumps, index[0]["docs"])) == sorted(map(json.dumps, index[1]["docs"]))


def test_html_blocks_become_placeholders_and_come_back() -> None:
    page = ('---\ntitle: "T"\n---\n\n<div class="a">\n<p>One &amp; two</p>\n\n<dl><dt>x</dt></dl>\n'
            '</div>\n\n## Next&#58; step {#next}\n\n<div>\n<p>Three</p>\n</div>\n')
    split = split_page(page)
    assert split is not None
    assert split.markdown == ('---\ntitle: "T"\n---\n\n' + PLACEHOLDER.format(0)
                              + "\n\n## Next&#58; step {#next}\n\n" + PLACEHOLDER.format(1) + "\n")
    # a block stays whole across a blank line until its top element closes
    assert split.blocks[0] == '<div class="a">\n<p>One &amp; two</p>\n\n<dl><dt>x</dt></dl>\n</div>'
    restored = restore(f"<h2>x</h2>{PLACEHOLDER.format(1)}", split.blocks)
    assert restored == "<h2>x</h2><div>\n<p>Three</p>\n</div>"
    assert split.sections == (Section("", "", "<p>One &amp; two</p> x"),
                              Section("next", "Next: step", "<p>Three</p>"))


def test_a_page_with_markdown_of_its_own_stays_whole() -> None:
    assert split_page("---\ntitle: x\n---\n\n## Plain heading\n\nSome *text*.\n") is None


def test_search_text_leaves_out_what_is_marked_and_keeps_what_material_keeps() -> None:
    page = ("# Title {#top}\n\n<div>\n<figure data-search-exclude><svg><text>chart</text></svg>"
            "<figure>inner</figure></figure>\n<ul><li><a href='#'>One</a> <span>1</span></li>"
            "<li>  </li></ul>\n<h3 id=\"inside\">Inside &lt;b&gt;</h3>\n<p>In it</p>\n</div>\n\n"
            "<div>\n<p>After</p>\n</div>\n")
    split = split_page(page)
    assert split is not None
    assert [(s.anchor, s.title) for s in split.sections] == [("", "Title"), ("inside", "Inside &lt;b&gt;")]
    assert split.sections[0].text == "<ul><li>One 1</li></ul> <p>After</p>"
    assert split.sections[1].text == "<p>In it</p>"
    assert split.anchors == frozenset({"inside"})


def test_no_placeholder_text_can_come_from_the_data() -> None:
    hostile = '---\ntitle: "x"\n---\n\n<div>\n<p>&lt;!--cmap-block-0--&gt;</p>\n</div>\n'
    split = split_page(hostile)
    assert split is not None and re.search("<!--cmap-block", split.blocks[0]) is None


def test_prose_in_a_block_is_set_aside_whole_and_indexed_as_its_text() -> None:
    rendered = prose("Steps:\n\n1. *listen*\n2. [solve](https://example.com)\n\nThen close.").html
    block = f'<div class="cmap-section">\n{rendered}\n</div>'
    split = split_page(f'---\ntitle: "x"\n---\n\n## Steps {{#steps}}\n\n{block}\n')
    assert split is not None and split.blocks == (block,)
    assert split.sections[-1] == Section("steps", "Steps", "<p>Steps:</p><ol><li>listen</li>"
                                         "<li>solve</li></ol><p>Then close.</p>")
