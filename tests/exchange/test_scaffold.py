"""`cmap new cycle` and `cmap new need`: a new file, valid as written, never an overwrite.

The commands run in process (`cli.main`), which is what the console script calls; exit
codes and messages are the user's view. No traceback and no "internal error" may appear.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml
from support.cycle_builder import CYCLE, NEEDS, PLAN, add_cycle, write_plan
from support.repo_builder import Repo

from generator import cli
from generator.build_day import build_day
from generator.exchange import scaffold
from generator.problems import CmapError

NO_PROGRAMS = "  []\n"


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CMAP_DEBUG", raising=False)


def cmap(repo: Repo, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--root", str(repo.root), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err, err
    return code, out, err


# --- cmap new cycle -------------------------------------------------------------------


@pytest.mark.parametrize(("ident", "title", "start", "end"), [
    ("2027-h1", "2027 first half", "2027-01-01", "2027-06-30"),
    ("2027-h2", "2027 second half", "2027-07-01", "2027-12-31"),
    ("2027-q3", "2027 third quarter", "2027-07-01", "2027-09-30"),
    ("2028-q1", "2028 first quarter", "2028-01-01", "2028-03-31"),
    ("2027", "2027", "2027-01-01", "2027-12-31"),
])
def test_new_cycle_writes_a_valid_plan_with_the_period_of_its_id(
        repo: Repo, capsys: pytest.CaptureFixture[str], ident: str, title: str, start: str,
        end: str) -> None:
    code, out, _ = cmap(repo, capsys, "new", "cycle", ident)
    assert code == 0
    assert out.startswith(f"Wrote plans/{ident}.yml.")
    text = repo.text(f"/plans/{ident}.yml")
    assert text.startswith("# yaml-language-server: $schema=../schemas/plan.schema.json\n")
    result = repo.load()
    assert result.problems == []
    cycle = result.model.cycles[ident]
    assert (cycle.id, cycle.title, cycle.start, cycle.end) == (ident, title, start, end)
    assert cycle.status == "collecting" and cycle.programs == ()
    assert cycle.needs_due < cycle.review_on < cycle.start
    assert cycle.owner == "zhang-min"           # the training group's first member


def test_new_cycle_takes_a_title_and_dates_for_an_id_without_a_known_suffix(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cmap(repo, capsys, "new", "cycle", "2027-spring")
    assert code == 1 and "--start and --end" in err
    assert not repo.path("/plans/2027-spring.yml").exists()
    code, _, _ = cmap(repo, capsys, "new", "cycle", "2027-spring", "--title", "Spring 2027",
                      "--start", "2027-03-01", "--end", "2027-05-31")
    assert code == 0
    cycle = repo.load().model.cycles["2027-spring"]
    assert (cycle.title, cycle.start, cycle.end) == ("Spring 2027", "2027-03-01", "2027-05-31")
    assert repo.load().problems == []


@pytest.mark.parametrize(("ident", "guess"), [
    ("27-h1", ""), ("2027-H1", " Did you mean `2027-h1`?"), ("2027_h1", ""), ("../2027", ""),
    ("2027-h1.yml", "")])
def test_new_cycle_refuses_an_id_that_is_not_a_cycle_id(
        repo: Repo, capsys: pytest.CaptureFixture[str], ident: str, guess: str) -> None:
    code, out, err = cmap(repo, capsys, "new", "cycle", ident)
    assert code == 1 and out == ""
    assert err == (f"cmap: `{ident}` is not a cycle id: use the year and an optional suffix, "
                   f"e.g. 2027 or 2027-h1.{guess}\n")
    assert not repo.path("/plans").exists()


def test_new_cycle_with_a_mistyped_period_suggests_the_closest_one(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cmap(repo, capsys, "new", "cycle", "2027-half1")
    assert code == 1
    assert err.endswith("pass --start and --end. Did you mean `2027-h1`?\n")
    assert not repo.path("/plans").exists()


def test_new_cycle_never_overwrites_a_plan(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    write_plan(repo, "approved")
    before = repo.path(PLAN).read_bytes()
    code, out, err = cmap(repo, capsys, "new", "cycle", CYCLE)
    assert code == 1 and out == ""
    assert err.startswith(f"cmap: {PLAN[1:]} already exists")  # named in the repository
    assert "never overwrites" in err
    assert repo.path(PLAN).read_bytes() == before


@pytest.mark.parametrize("title", [
    "First half\nstatus: closed",
    'Sales "2027": {budget: 1}',
    "# not a comment",
    "- a list? & *alias ! %tag",
    "yes",
])
def test_new_cycle_keeps_any_title_a_plain_value(
        repo: Repo, capsys: pytest.CaptureFixture[str], title: str) -> None:
    code, _, _ = cmap(repo, capsys, "new", "cycle", "2027-h1", "--title", title)
    assert code == 0
    result = repo.load()
    assert result.problems == []
    assert result.model.cycles["2027-h1"].title == title
    assert result.model.cycles["2027-h1"].status == "collecting"


@pytest.mark.parametrize("args", [("2027", "--start", "2027-02-30", "--end", "2027-12-31"),
                                  ("0000",)], ids=["no-such-day", "year-0"])
def test_new_cycle_with_an_impossible_date_is_a_clear_error(
        repo: Repo, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code = cli.main(["--root", str(repo.root), "new", "cycle", *args])
    err = capsys.readouterr().err
    assert code == 1 and "internal error" not in err, err


def test_new_cycle_with_a_reversed_period_does_not_write_an_invalid_plan(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--root", str(repo.root), "new", "cycle", "2027", "--start", "2027-06-30",
                     "--end", "2027-01-01"])
    capsys.readouterr()
    if code == 0:
        assert repo.load().problems == []
    else:
        assert code == 1 and not repo.path("/plans/2027.yml").exists()


@pytest.mark.parametrize("handle", ["true", "1234"])
def test_new_cycle_quotes_the_owner_handle(repo: Repo, capsys: pytest.CaptureFixture[str],
                                           handle: str) -> None:
    repo.replace("governance.yml", "members: [zhang-min]", f'members: ["{handle}"]')
    assert repo.load().problems == []
    assert cmap(repo, capsys, "new", "cycle", "2027-h1")[0] == 0
    assert repo.load().problems == []


# --- cmap new need --------------------------------------------------------------------


@pytest.fixture
def cycle(repo: Repo) -> Repo:
    """The minimal repository with the plan of 2027-h1 (collecting, no programs) and no needs."""
    write_plan(repo, programs=NO_PROGRAMS)
    return repo


def test_new_need_writes_a_valid_file_for_the_department(cycle: Repo,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cmap(cycle, capsys, "new", "need", "--cycle", CYCLE, "--department", "guangzhou-branch")
    assert code == 0
    assert out.startswith(f"Wrote {NEEDS[1:]}:")
    text = cycle.text(NEEDS)
    assert text.startswith("# yaml-language-server: $schema=../../schemas/needs.schema.json\n")
    assert yaml.safe_load(text) == {"submitted_by": "li-wei", "submitted_on": build_day().isoformat(),
                                    "entries": []}
    result = cycle.load()
    assert result.problems == []
    assert result.model.cycles[CYCLE].submissions["guangzhou-branch"].needs == ()


def test_new_need_lists_every_staffed_role_and_its_profile_as_commented_candidates(cycle: Repo) -> None:
    model = cycle.load().model
    path = scaffold.new_need(cycle.root, model, CYCLE, "guangzhou-branch", date(2026, 12, 1))
    text = path.read_text(encoding="utf-8")
    candidates = re.findall(r"^#  - role: (\S+)\n#    competency: (\S+)", text, re.MULTILINE)
    assert candidates == [("sales-rep", "communication"), ("sales-rep", "consultative-selling"),
                          ("sales-manager", "communication"), ("sales-manager", "consultative-selling"),
                          ("sales-manager", "team-leadership"), ("branch-head", "team-leadership")]
    assert "# ── Sales representative (12 people)" in text
    assert "# ── Branch head (1 person)" in text
    assert "Needs are due on 2026-12-15" in text
    assert "Consultative selling: level 3 required, critical" in text


def test_new_need_candidates_uncommented_make_a_valid_file(cycle: Repo) -> None:
    path = scaffold.new_need(cycle.root, cycle.load().model, CYCLE, "guangzhou-branch", date(2026, 12, 1))
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [line[1:] if line.startswith(("#  - ", "#    ")) else line for line in lines]
    path.write_text("\n".join(body).replace("entries: []", "entries:") + "\n", encoding="utf-8")
    result = cycle.load()
    assert result.problems == []
    assert len(result.model.cycles[CYCLE].submissions["guangzhou-branch"].needs) == 6


def _candidates(text: str) -> list[tuple[str, str]]:
    return re.findall(r"^#  - role: (\S+)\n#    competency: (\S+)", text, re.MULTILINE)


def test_new_need_with_roles_lists_only_those_roles_in_the_departments_order(
        cycle: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = cmap(cycle, capsys, "new", "need", "--cycle", CYCLE, "--department",
                      "guangzhou-branch", "--role", "branch-head", "--role", "sales-rep")
    assert code == 0
    text = cycle.text(NEEDS)
    assert _candidates(text) == [("sales-rep", "communication"), ("sales-rep", "consultative-selling"),
                                 ("branch-head", "team-leadership")]
    assert "the roles you chose" in text
    assert cycle.load().problems == []


def test_new_need_critical_only_lists_the_critical_competencies_and_says_when_a_role_has_none(
        cycle: Repo) -> None:
    path = scaffold.new_need(cycle.root, cycle.load().model, CYCLE, "guangzhou-branch",
                             date(2026, 12, 1), critical_only=True)
    text = path.read_text(encoding="utf-8")
    assert _candidates(text) == [("sales-rep", "consultative-selling"),
                                 ("sales-manager", "team-leadership")]
    assert "(the critical ones only)" in text
    assert "# ── Branch head (1 person)\n#    (no critical competency in this role's profile)\n" in text


@pytest.mark.parametrize(("role", "message"), [
    ("sales-repp", "cmap: there is no role `sales-repp` in competency-map/roles/. Did you mean "
                   "`sales-rep`? The roles staffed there: sales-rep, sales-manager, branch-head.\n"),
    ("sales-rep", "cmap: `Jiahe Appliances` has no `sales-rep` in its staffing. The roles staffed "
                  "there: none.\n"),
])
def test_new_need_with_a_role_not_staffed_there_says_which_are_and_writes_nothing(
        cycle: Repo, capsys: pytest.CaptureFixture[str], role: str, message: str) -> None:
    department = "jiahe" if role == "sales-rep" else "guangzhou-branch"
    code, out, err = cmap(cycle, capsys, "new", "need", "--cycle", CYCLE, "--department", department,
                          "--role", role)
    assert (code, out, err) == (1, "", message)
    assert not cycle.path(NEEDS).parent.exists() or not any(cycle.path(NEEDS).parent.iterdir())


def test_new_need_for_a_department_without_staff_is_valid_and_empty(cycle: Repo) -> None:
    path = scaffold.new_need(cycle.root, cycle.load().model, CYCLE, "jiahe", date(2026, 12, 1))
    assert "- role:" not in path.read_text(encoding="utf-8")
    assert cycle.load().problems == []


def test_new_need_never_overwrites_a_needs_file(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    add_cycle(repo)
    before = repo.path(NEEDS).read_bytes()
    code, out, err = cmap(repo, capsys, "new", "need", "--cycle", CYCLE, "--department", "guangzhou-branch")
    assert code == 1 and out == ""
    assert err.startswith(f"cmap: {NEEDS[1:]} already exists") and "never overwrites" in err
    assert repo.path(NEEDS).read_bytes() == before


@pytest.mark.parametrize(("cycle_id", "department", "message"), [
    ("2031-h1", "guangzhou-branch",
     "cmap: there is no training cycle `2031-h1` (plans/2031-h1.yml). Did you mean `2027-h1`? "
     "Known cycles: 2027-h1.\n"),
    ("2027-hl", "guangzhou-branch",
     "cmap: there is no training cycle `2027-hl` (plans/2027-hl.yml). Did you mean `2027-h1`? "
     "Known cycles: 2027-h1.\n"),
    (CYCLE, "guangzhou", "cmap: there is no department `guangzhou` in competency-map/departments/. "
     "Did you mean `guangzhou-branch`?\n"),
    (CYCLE, "../../competency-map/roles/sales-rep",
     "cmap: there is no department `../../competency-map/roles/sales-rep` in "
     "competency-map/departments/.\n"),
])
def test_new_need_for_an_unknown_cycle_or_department_says_so_and_writes_nothing(
        cycle: Repo, capsys: pytest.CaptureFixture[str], cycle_id: str, department: str,
        message: str) -> None:
    before = sorted(p.relative_to(cycle.root) for p in cycle.root.rglob("*"))
    code, out, err = cmap(cycle, capsys, "new", "need", "--cycle", cycle_id, "--department", department)
    assert (code, out, err) == (1, "", message)
    assert sorted(p.relative_to(cycle.root) for p in cycle.root.rglob("*")) == before


def test_new_need_without_any_cycle_says_there_is_none(repo: Repo,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cmap(repo, capsys, "new", "need", "--cycle", CYCLE, "--department", "guangzhou-branch")
    assert code == 1 and err.endswith("Known cycles: none.\n")


@pytest.mark.parametrize("name", [
    "Guangzhou\nentries: [oops]\nsubmitted_by: intruder",
    "Guangzhou branch\r\n- role: sales-rep",
    'Guangzhou: {a: [1, "2"]} # & *x !tag |',
    "Guangzhou\u2028branch\u0085next",
])
def test_a_department_name_with_line_breaks_or_yaml_syntax_cannot_break_the_file(
        cycle: Repo, name: str) -> None:
    cycle.replace("departments/guangzhou-branch.yml", "name: Guangzhou branch",
                  "name: " + yaml.safe_dump(name, default_style='"').strip())
    cycle.replace("roles/sales-rep.yml", "title: Sales representative",
                  "title: " + yaml.safe_dump(name, default_style='"').strip())
    assert cycle.load().problems == []
    path = scaffold.new_need(cycle.root, cycle.load().model, CYCLE, "guangzhou-branch", date(2026, 12, 1))
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"submitted_by": "li-wei", "submitted_on": "2026-12-01", "entries": []}
    assert cycle.load().problems == []
    assert all(line.startswith("#") for line in text.splitlines() if "Guangzhou" in line)


def test_a_cycle_title_with_line_breaks_cannot_break_the_needs_file(cycle: Repo) -> None:
    cycle.replace(PLAN, "title: 2027 first half", 'title: "H1\\nentries: [x]\\n# 2027"')
    path = scaffold.new_need(cycle.root, cycle.load().model, CYCLE, "guangzhou-branch", date(2026, 12, 1))
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["entries"] == []
    assert cycle.load().problems == []


@pytest.mark.parametrize("handle", ["1234", "true", "null"])
def test_new_need_quotes_the_head_handle(cycle: Repo, handle: str) -> None:
    cycle.replace("departments/guangzhou-branch.yml", "handle: li-wei", f'handle: "{handle}"')
    assert cycle.load().problems == []
    path = scaffold.new_need(cycle.root, cycle.load().model, CYCLE, "guangzhou-branch", date(2026, 12, 1))
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["submitted_by"] == handle
    assert cycle.load().problems == []


def test_new_need_for_a_cycle_that_stopped_taking_needs_refuses(cycle: Repo) -> None:
    write_plan(cycle, "closed", programs=NO_PROGRAMS)
    model = cycle.load().model
    try:
        scaffold.new_need(cycle.root, model, CYCLE, "guangzhou-branch", date(2027, 9, 1))
    except CmapError as err:
        assert "closed" in str(err)
        assert not cycle.path(NEEDS).exists()
    else:
        assert cycle.load().problems == []
