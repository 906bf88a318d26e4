"""`cmap import needs`: spreadsheet rows become needs entries, merged without losing a byte.

Each test copies the example company's `competency-map/` into tmp_path, declares a cycle
in `plans/`, writes a CSV and imports it. Errors name the CSV row and column.
"""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest
from support.needs_repos import CYCLE, HEADER, ROW, TODAY, make_repo, run
from support.progress import Recorder

from generator.exchange.needs_import import Outcome, import_needs, write
from generator.problems import LISTED, CmapError, Problem
from generator.rules.repository import load_repository

EXISTING = """\
# yaml-language-server: $schema=../../generator/schemas/needs.schema.json
# Written by hand: this comment, the odd spacing and the quoting must survive.
submitted_by: liu-yang
submitted_on: '2026-11-02'
entries:
  - role: sales-rep        # the reps
    competency: negotiation
    current: 1
    target: 2
    headcount: 4
    priority: medium
    evidence: >-
      Written by the head,
      over two lines.
    # follow_up comes after the training
# Notes for the training team:
notes: Call me before planning.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def imported(root: Path, content: str) -> Outcome:
    outcome = run(root, content)
    assert outcome.ok, outcome.problems
    write(root, outcome.changes)
    return outcome


def errors(outcome: Outcome) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.code) for p in outcome.problems if p.is_error]


def only_error(outcome: Outcome) -> Problem:
    found = [p for p in outcome.problems if p.is_error]
    assert len(found) == 1, found
    return found[0]


def needs_file(root: Path, department: str = "beijing-branch") -> Path:
    return root / "needs" / CYCLE / f"{department}.yml"


def test_a_new_needs_file_starts_with_the_schema_line_and_the_heads_handle(root: Path) -> None:
    outcome = imported(root, HEADER + ROW)
    text = needs_file(root).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/needs.schema.json\n")
    assert 'submitted_by: "liu-yang"\nsubmitted_on: "2026-11-20"\nentries:\n' in text
    assert '    evidence: "Gives rebates away, 5 of 9."\n' in text
    assert [(c.rel, c.added, c.created) for c in outcome.changes] == [
        (f"needs/{CYCLE}/beijing-branch.yml", 1, True)]
    assert load_repository(root).ok


def test_rows_go_to_their_departments_files(root: Path) -> None:
    imported(root, HEADER + ROW + ROW.replace("beijing", "shanghai"))
    assert needs_file(root).exists() and needs_file(root, "shanghai-branch").exists()


def test_optional_columns_are_written_normalised(root: Path) -> None:
    imported(root, "Department,Role,Competency,Current,Target,Headcount,Priority,Evidence,"
                   "Delivery,Needed By,Justification\n"
                   "beijing-branch,sales-rep,team-leadership,1,2,3,High,Future leads.,"
                   "E Learning,2027/3/31,They will lead teams next year.\n")
    text = needs_file(root).read_text(encoding="utf-8")
    for line in ('priority: "high"', 'delivery: "e-learning"', 'needed_by: "2027-03-31"',
                 'justification: "They will lead teams next year."'):
        assert line in text


def test_merging_keeps_every_byte_and_appends_after_the_last_entry(root: Path) -> None:
    path = needs_file(root)
    path.parent.mkdir(parents=True)
    path.write_text(EXISTING, encoding="utf-8")
    imported(root, HEADER + ROW.replace("negotiation", "communication").replace("1,2", "2,3"))
    new = path.read_text(encoding="utf-8")
    cut = EXISTING.index("# Notes for the training team:")
    assert new.startswith(EXISTING[:cut]) and new.endswith(EXISTING[cut:])
    assert new[cut:].startswith('  - role: "sales-rep"\n    competency: "communication"\n')
    assert load_repository(root).ok


def test_an_existing_entry_is_kept_and_reported_as_a_note(root: Path) -> None:
    path = needs_file(root)
    path.parent.mkdir(parents=True)
    path.write_text(EXISTING, encoding="utf-8")
    outcome = imported(root, HEADER + ROW)
    assert outcome.changes == []
    assert [(p.path, p.line, p.code, p.is_error) for p in outcome.problems] == [
        ("needs.csv", 2, "I620", False)]
    assert "kept the existing entry" in outcome.problems[0].message
    assert path.read_text(encoding="utf-8") == EXISTING


def test_importing_the_same_file_twice_changes_nothing_the_second_time(root: Path) -> None:
    imported(root, HEADER + ROW)
    first = needs_file(root).read_bytes()
    second = imported(root, HEADER + ROW)
    assert second.changes == [] and needs_file(root).read_bytes() == first


def test_a_byte_order_mark_and_windows_line_endings_are_kept(root: Path) -> None:
    path = needs_file(root)
    path.parent.mkdir(parents=True)
    original = codecs.BOM_UTF8 + EXISTING.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    imported(root, HEADER + ROW.replace("negotiation", "communication").replace("1,2", "2,3"))
    new = path.read_bytes()
    assert new.startswith(original[: original.index(b"# Notes")]) and b'"communication"\r\n' in new


def test_a_scaffolded_file_gets_its_empty_list_filled(root: Path) -> None:
    from generator.exchange.scaffold import new_need

    path = new_need(root, load_repository(root).model, CYCLE, "beijing-branch", TODAY)
    before = path.read_text(encoding="utf-8")
    imported(root, HEADER + ROW)
    after = path.read_text(encoding="utf-8")
    block = after[after.index('  - role: "sales-rep"'):after.index("# ── ")]
    assert block.count("\n") == 7
    assert after == before.replace("entries: []\n", "entries:\n" + block)
    assert load_repository(root).ok


def test_an_invalid_existing_file_is_not_touched(root: Path) -> None:
    path = needs_file(root)
    path.parent.mkdir(parents=True)
    broken = EXISTING.replace("headcount: 4", "headcount: 400")
    path.write_text(broken, encoding="utf-8")
    outcome = run(root, HEADER + ROW.replace("negotiation", "communication").replace("1,2", "2,3"))
    problem = only_error(outcome)
    assert (problem.path, problem.code) == (f"needs/{CYCLE}/beijing-branch.yml", "N403")
    assert path.read_text(encoding="utf-8") == broken


def test_an_unreadable_existing_file_is_reported_and_not_touched(root: Path) -> None:
    path = needs_file(root)
    path.parent.mkdir(parents=True)
    path.write_text("entries: [\n", encoding="utf-8")
    outcome = run(root, HEADER + ROW)
    assert only_error(outcome).code == "L102" and not outcome.changes


@pytest.mark.parametrize(("row", "position", "words"), [
    ("beijing-brach,sales-rep,negotiation,1,2,5,high,x", (2, 1, "I610"), "`beijing-branch`"),
    ("beijing-branch,sales-reps,negotiation,1,2,5,high,x", (2, 2, "I610"), "`sales-rep`"),
    ("beijing-branch,sales-rep,negociation,1,2,5,high,x", (2, 3, "I610"), "`negotiation`"),
    ("beijing-branch,sales-rep,negotiation,one,2,5,high,x", (2, 4, "I611"), "whole number"),
    ("beijing-branch,sales-rep,negotiation,1,2.5,5,high,x", (2, 5, "I611"), "whole number"),
    ("beijing-branch,sales-rep,negotiation,1,6,5,high,x", (2, 5, "I611"), "1, 2, 3, 4, 5"),
    ("beijing-branch,sales-rep,negotiation,0,2,5,high,x", (2, 4, "I611"), "scale"),
    ("beijing-branch,sales-rep,negotiation,2,2,5,high,x", (2, 5, "I612"), "no gap"),
    ("beijing-branch,sales-rep,negotiation,3,2,5,high,x", (2, 5, "I612"), "no gap"),
    ("beijing-branch,sales-rep,negotiation,1,2,0,high,x", (2, 6, "I613"), "between 1 and the 64"),
    ("beijing-branch,sales-rep,negotiation,1,2,-3,high,x", (2, 6, "I613"), "between 1"),
    ("beijing-branch,sales-rep,negotiation,1,2,65,high,x", (2, 6, "I613"), "64 `sales-rep`"),
    ("beijing-branch,sales-rep,negotiation,1,2,5,urgent,x", (2, 7, "I614"), "high, medium, low"),
    ("beijing-branch,sales-rep,negotiation,1,2,5,high,", (2, 8, "I609"), "empty"),
    ("hr-training,sales-rep,negotiation,1,2,5,high,x", (2, 2, "I618"), "staffing"),
    ("beijing-branch,sales-rep,team-leadership,1,2,5,high,x", (2, 3, "I618"), "profile"),
    ("beijing-branch,sales-rep,negotiation,1,3,5,high,x", (2, 5, "I618"), "requires"),
])
def test_a_bad_row_is_reported_at_its_row_and_column(root: Path, row: str,
                                                     position: tuple[int, int, str],
                                                     words: str) -> None:
    outcome = run(root, HEADER + row + "\n")
    problem = only_error(outcome)
    assert (problem.line, problem.column, problem.code) == position
    assert words in problem.message + problem.hint
    assert problem.path == "needs.csv" and not outcome.changes
    assert not (root / "needs").exists()


@pytest.mark.parametrize(("extra", "value", "code"), [
    ("delivery", "bus", "I614"), ("needed_by", "3/31/2027", "I615"),
    ("needed_by", "2027-02-30", "I615"), ("justification", "x" * 2001, "I616"),
])
def test_bad_optional_values_are_reported_at_their_column(root: Path, extra: str, value: str,
                                                          code: str) -> None:
    outcome = run(root, HEADER.strip() + f",{extra}\n" + ROW.strip() + f",{value}\n")
    assert errors(outcome) == [(2, 9, code)]


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(root: Path) -> None:
    outcome = run(root, HEADER + ROW + ROW + "tianjin,sales-rep,negotiation,1,2,5,high,x\n"
                  'beijing-branch,sales-rep,negotiation,1,2,5,high,"=HYPERLINK(""http://x"",""y"")"\n')
    assert errors(outcome) == [(3, 3, "I617"), (4, 1, "I610"), (5, 8, "I607")]
    assert not outcome.changes and not (root / "needs").exists()


def test_every_listed_misspelling_gets_its_suggestion(root: Path) -> None:
    # Suggestions are looked for until the problems an import lists (the first LISTED) are
    # sure to be found. Each row misspells two ids its own way, the first row three, and the
    # competency comes first though it is checked last: the LISTED-th problem is then row
    # 101's competency, checked after the department that made the LISTED-th misspelling.
    header = "competency,role,department,current,target,headcount,priority,evidence\n"
    rows = [f"negotiaton{n},sales-rep,beijing-brnch{n},1,2,5,high,x\n" for n in range(LISTED)]
    rows[0] = rows[0].replace("sales-rep", "sales-rp")
    outcome = run(root, header + "".join(rows))
    assert len(outcome.problems) == 2 * LISTED + 1
    listed = outcome.problems[:LISTED]
    assert (listed[-1].line, listed[-1].column) == (LISTED // 2 + 1, 1)
    assert all(p.code == "I610" and p.hint.startswith("Did you mean `") for p in listed)


def test_missing_and_unknown_columns_are_named_at_row_one(root: Path) -> None:
    outcome = run(root, "department,role,competency,current,target,headcount,prority,evidence\n"
                  + ROW)
    unknown, missing = outcome.problems
    assert errors(outcome) == [(1, 7, "I605"), (1, 9, "I605")]
    assert "`prority` is not a column" in unknown.message
    assert unknown.hint.startswith("Did you mean `priority`?")
    assert missing.message == "The column `priority` is missing."


def test_an_unknown_cycle_is_refused_with_a_suggestion(root: Path) -> None:
    with pytest.raises(CmapError, match=r"no training cycle `2027-h2`.*Did you mean `2027-h1`"):
        import_needs(root, root / "x.csv", "x.csv", "2027-h2", TODAY)


def test_a_closed_cycle_takes_no_more_needs(tmp_path: Path) -> None:
    root = make_repo(tmp_path, status="closed")
    (root / "needs.csv").write_text(HEADER + ROW, encoding="utf-8")
    with pytest.raises(CmapError, match="stopped taking needs on 2026-12-11"):
        import_needs(root, root / "needs.csv", "needs.csv", CYCLE, date(2026, 12, 12))


def test_a_merged_file_keeps_its_permissions(root: Path) -> None:
    path = needs_file(root)
    path.parent.mkdir(parents=True)
    path.write_text(EXISTING, encoding="utf-8")
    path.chmod(0o640)
    imported(root, HEADER + ROW.replace("negotiation", "communication").replace("1,2", "2,3"))
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_an_import_reports_the_repository_the_rows_and_the_result_it_checks(root: Path) -> None:
    (root.parent / "needs.csv").write_text(HEADER + ROW + ROW.replace("beijing", "shanghai"),
                                           encoding="utf-8")
    recorder = Recorder()
    outcome = import_needs(root, root.parent / "needs.csv", "needs.csv", CYCLE, TODAY, recorder)
    assert outcome.ok, outcome.problems
    assert recorder.names == ["load", "validate", "rows", "result load", "result validate"]
    rows, result_load = recorder.phases[2], recorder.phases[3]
    assert rows.total == rows.done == 2
    assert result_load.done == recorder.phases[0].done + 2, "the two new needs files"
