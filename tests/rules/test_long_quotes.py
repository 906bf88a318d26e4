"""A value a message quotes is cut at 200 characters with "…", wherever it comes from.

A data file, a CSV cell, a CASE package or a review file may hold text of any size: quoted
whole, a 1 MB key became a 1 MB message line, and a 2 MB annotation with `--format github`
(which repeats the message in its title and body). Every place that quotes such text goes
through `problems.clip`; `Problem` and `CmapError` clip their whole text as a last net.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import ROOT
from support.cycle_builder import PLAN, SELLING, add_cycle
from support.needs_repos import HEADER, ROW, make_repo, run
from support.repo_builder import Repo

from generator.exchange.case.importer import plan_import
from generator.exchange.case.package import Package
from generator.files.yaml_loader import load_file
from generator.problems import MESSAGE_LIMIT, QUOTE_LIMIT, CmapError, Problem, clip
from generator.review.reviews import parse_reviews
from generator.rules.report import report_text

HUGE = "k" * 1_000_000
#: YAML allows 1,024 characters in a `key:`; a longer key is written `? key` then `: value`.
TWICE = f"? {HUGE}\n: 1\n? {HUGE}\n: 2\n"
#: A message quoting two clipped values and its own words stays well under this.
SHORT = 2 * QUOTE_LIMIT + 300


def assert_short(message: str) -> None:
    assert len(message) < SHORT and "…" in message, f"{len(message)} characters: {message[:300]}"


def test_clip_keeps_short_text_and_cuts_long_text_with_an_ellipsis() -> None:
    assert clip("sales-rep") == "sales-rep"
    assert clip("x" * QUOTE_LIMIT) == "x" * QUOTE_LIMIT
    assert clip("x" * (QUOTE_LIMIT + 1)) == "x" * (QUOTE_LIMIT - 1) + "…"
    assert clip(10**50, 10) == "100000000…"
    assert len(clip(HUGE)) == QUOTE_LIMIT


def test_no_problem_or_error_is_huge_whatever_it_was_given() -> None:
    problem = Problem("a.yml", 1, 1, "L102", HUGE, HUGE)
    assert len(problem.message) == len(problem.hint) == MESSAGE_LIMIT
    assert problem.message.endswith("…")
    assert len(str(CmapError(HUGE))) == MESSAGE_LIMIT


@pytest.mark.parametrize("text", [
    f"id: a\n{TWICE}",  # L103, a key twice
    f"id: a\nkey: !{HUGE} x\n",  # L106, a tag
    f"id: a\n? 1.{'0' * 1_000_000}\n: x\n",  # L113, a key that is a number
])
def test_the_loader_quotes_keys_and_tags_cut_short(tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.yml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_file(path, "competency-map/a.yml")
    assert problems
    for problem in problems:
        assert_short(problem.message)
        assert len(problem.hint) < SHORT


@pytest.mark.parametrize(("rel", "old", "new"), [
    ("roles/sales-rep.yml", "family: sales\n", f"family: sales\n? {HUGE}\n: x\n"),  # unknown field
    ("roles/sales-rep.yml", "family: sales", f"family: Sales{HUGE}"),  # pattern
    ("departments/jiahe.yml", "type: company", f"type: {HUGE}"),  # enum
    ("departments/guangzhou-branch.yml", "sales-rep: 12", f"? {HUGE}\n  : 3"),  # propertyNames
])
def test_schema_messages_quote_names_and_values_cut_short(repo: Repo, rel: str, old: str,
                                                          new: str) -> None:
    repo.replace(rel, old, new)
    found = [p for p in repo.load().problems if p.path == repo.rel(rel)]
    assert found and all(p.code == "S201" for p in found)
    assert any("…" in p.message for p in found)
    assert all(len(p.message) < SHORT for p in found)


def test_rule_messages_quote_file_names_cut_short(repo: Repo) -> None:
    long_name = "a" * 250  # file names are not checked by the schema
    repo.write(f"competencies/{long_name}.yml", repo.text("competencies/communication.yml"))
    problems = [p for p in repo.load().problems if p.code == "R301"]
    assert len(problems) == 1
    assert_short(problems[0].message)
    assert f"`{'a' * (QUOTE_LIMIT - 1)}…`" in problems[0].message


def test_rule_messages_quote_need_references_cut_short(repo: Repo) -> None:
    add_cycle(repo)
    repo.replace(PLAN, f"- {SELLING}", f"- {SELLING}{'-x' * 500_000}")
    problems = [p for p in repo.load().problems if p.code == "P502"]
    assert len(problems) == 1
    assert_short(problems[0].message)


@pytest.mark.parametrize("row", [
    ROW.replace("beijing-branch", "b" * 100_000),  # I610, an unknown id
    ROW.replace(",high,", f",{'h' * 100_000},"),  # I614, not a choice
    ROW.replace(",5,", f",{'5x' * 50_000},"),  # I611, not a number
])
def test_csv_import_messages_quote_cells_cut_short(tmp_path: Path, row: str) -> None:
    outcome = run(make_repo(tmp_path), HEADER + row)
    errors = [p for p in outcome.problems if p.is_error]
    assert errors
    for problem in errors:
        assert_short(problem.message)


def test_csv_import_messages_quote_column_names_cut_short(tmp_path: Path) -> None:
    header = HEADER.rstrip("\n") + f",{HUGE[:100_000]}\n"  # a cell holds at most 128 KiB
    outcome = run(make_repo(tmp_path), header + ROW.rstrip("\n") + ",\n")
    assert [p.code for p in outcome.problems] == ["I605"]
    assert_short(outcome.problems[0].message)


def _item(number: int, **fields: Any) -> dict[str, Any]:
    return {"identifier": f"{number:08d}-0000-4000-8000-000000000000",
            "fullStatement": f"Statement {number}", **fields}


def test_case_import_warnings_quote_package_text_cut_short(repo: Repo) -> None:
    document = "90000000-0000-4000-8000-000000000000"
    package = {
        "CFDocument": {"identifier": document, "title": "Framework"},
        "CFItems": [_item(1, humanCodingScheme=HUGE), _item(2, CFItemType=HUGE),
                    _item(3, identifier=HUGE)],
        "CFAssociations": [{"identifier": "a0000000-0000-4000-8000-000000000000",
                            "associationType": HUGE,
                            "originNodeURI": {"identifier": _item(1)["identifier"]},
                            "destinationNodeURI": {"identifier": document}}],
    }
    warnings = [p.message for p in plan_import(repo.root, Package.of(package)).problems]
    assert all(len(warning) < SHORT for warning in warnings)
    assert len([w for w in warnings if "k…`" in w]) >= 4, warnings


def test_a_review_files_state_is_quoted_cut_short() -> None:
    with pytest.raises(CmapError) as raised:
        parse_reviews(json.dumps([{"user": {"login": "a"}, "state": HUGE}]), "reviews.json")
    assert_short(str(raised.value))


def test_a_cut_quote_still_shows_its_line_breaks(repo: Repo) -> None:
    key = "a\\nb" * 100_000  # a quoted key with an escaped line break, twice
    repo.replace("roles/sales-rep.yml", "family: sales\n", f'family: sales\n? "{key}"\n: 1\n? "{key}"\n: 2\n')
    result = repo.load()
    out = io.StringIO()
    report_text(result.problems, len(result.files), out)
    line = next(text for text in out.getvalue().splitlines() if " L103 " in text)
    assert "a⏎ba⏎b" in line and len(line) < SHORT


def test_validate_in_github_format_writes_no_huge_annotation(repo: Repo) -> None:
    repo.replace("roles/sales-rep.yml", "family: sales\n", f"family: sales\n{TWICE}")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "CMAP_DEBUG")}
    done = subprocess.run([sys.executable, "-m", "generator.cli", "validate", "--format", "github"],
                          cwd=repo.root, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
    assert any(",title=L103 " in line for line in annotations)
    assert max(len(line) for line in annotations) < 2 * SHORT
