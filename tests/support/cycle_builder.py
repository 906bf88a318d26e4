"""Add a training cycle to a `repo_builder.Repo`: `plans/<cycle>.yml` and needs files.

The cycle is valid with no warnings on top of the minimal repository. Like `repo_builder`,
every file is literal YAML text, so a test can break one line with `Repo.replace` and find
the line of any key with `Repo.line_of`.

    repo = Repo.minimal(tmp_path)
    add_cycle(repo, status="approved")        # plan (with approvals) + Guangzhou's needs
    repo.replace(NEEDS, "headcount: 8", "headcount: 30")
    problem = only(repo.load(), "N403")

The cycle `2027-h1` runs from 2027-01-01 to 2027-06-30; needs are due on 2026-12-15 and
the plan is reviewed on 2027-01-08. Guangzhou branch (12 sales reps, 2 sales managers)
needs two things; two programs answer them:

    need                                                 headcount  priority  program
    guangzhou-branch/sales-rep/consultative-selling      8          high      selling-by-advice (12 seats)
    guangzhou-branch/sales-manager/team-leadership       2          medium    leading-a-team (capacity 2)

`add_shenzhen` adds a second branch (8 sales reps) whose 4 reps need consultative selling
too, answered by the same program: 8 + 4 = 12 seats exactly.

Git helpers at the end make real repositories for the rules that compare with a base
revision (`cmap validate --base REV`).
"""

from __future__ import annotations

from pathlib import Path

from generator.problems import Problem
from generator.rules.repository import LoadResult
from support.repo_builder import Repo

CYCLE = "2027-h1"
PLAN = f"/plans/{CYCLE}.yml"
GUANGZHOU = "guangzhou-branch"
SHENZHEN = "shenzhen-branch"
SELLING = f"{GUANGZHOU}/sales-rep/consultative-selling"
LEADING = f"{GUANGZHOU}/sales-manager/team-leadership"
SHENZHEN_SELLING = f"{SHENZHEN}/sales-rep/consultative-selling"

STATUSES = ("collecting", "consolidating", "in-review", "approved", "in-progress", "closed")


def needs_path(department: str = GUANGZHOU, cycle: str = CYCLE) -> str:
    """The needs file of a department, as `Repo` methods take it."""
    return f"/needs/{cycle}/{department}.yml"


NEEDS = needs_path()
SHENZHEN_NEEDS = needs_path(SHENZHEN)

PLAN_SCHEMA = "# yaml-language-server: $schema=../generator/schemas/plan.schema.json\n"
NEEDS_SCHEMA = "# yaml-language-server: $schema=../../generator/schemas/needs.schema.json\n"

PLAN_HEAD = """\
id: {cycle}
title: 2027 first half
period:
  start: "2027-01-01"
  end: "2027-06-30"
needs_due: "2026-12-15"
review_on: "2027-01-08"
status: {status}
owner: zhang-min
currency: CNY
budget:
  total: 100000
  departments:
    guangzhou-branch: 80000
"""

#: The two programs, in this order; each answers one of Guangzhou's needs.
SELLING_PROGRAM = """\
  - id: selling-by-advice
    title: Selling by advice
    competencies:
      - competency: consultative-selling
        target: 3
    answers:
      - guangzhou-branch/sales-rep/consultative-selling
    audience:
      roles: [sales-rep]
      departments: [guangzhou-branch]
    delivery:
      mode: internal-course
      lecturer: Zhang Min
    sessions:
      - date: "2027-03-09"
        location: Guangzhou
        capacity: 12
        status: planned
    cost: 30000
    owner: zhang-min
    status: planned
"""

LEADING_PROGRAM = """\
  - id: leading-a-team
    title: Leading a team
    competencies:
      - competency: team-leadership
        target: 3
    answers:
      - guangzhou-branch/sales-manager/team-leadership
    delivery:
      mode: coaching
      lecturer: Wang Lei
    capacity: 2
    cost: 10000
    owner: zhang-min
    status: planned
"""

APPROVALS = """\
approvals:
  - group: training
    handle: zhang-min
    date: "2027-01-10"
    pull_request: 12
  - group: hr
    handle: liu-yang
    date: "2027-01-11"
    pull_request: 12
"""

GUANGZHOU_NEEDS = """\
submitted_by: li-wei
submitted_on: "2026-12-10"
entries:
  - role: sales-rep
    competency: consultative-selling
    current: 2
    target: 3
    headcount: 8
    priority: high
    evidence: Reps recommend the most expensive model instead of asking what the customer needs.
    delivery: internal-course
    needed_by: "2027-04-30"
  - role: sales-manager
    competency: team-leadership
    current: 2
    target: 3
    headcount: 2
    priority: medium
    evidence: Team meetings have no clear goals.
    delivery: coaching
"""

SHENZHEN_DEPARTMENT = """\
# yaml-language-server: $schema=../../generator/schemas/department.schema.json
id: shenzhen-branch
name: Shenzhen branch
type: branch
parent: south-region
location: Shenzhen
head:
  name: Sun Li
  handle: sun-li
staffing:
  sales-rep: 8
"""

SHENZHEN_NEEDS_TEXT = """\
submitted_by: sun-li
submitted_on: "2026-12-14"
entries:
  - role: sales-rep
    competency: consultative-selling
    current: 1
    target: 3
    headcount: 4
    priority: high
    evidence: New reps cannot yet find the customer's need.
"""

#: An entry to append to Guangzhou's `entries:` (a need no program answers).
COMMUNICATION_ENTRY = """\
  - role: sales-rep
    competency: communication
    current: 1
    target: 2
    headcount: 3
    priority: low
    evidence: Three reps interrupt customers.
"""


def plan_text(status: str = "collecting", *, cycle: str = CYCLE, programs: str | None = None,
              approvals: bool | None = None, tail: str = "") -> str:
    """The plan file; approvals are recorded when the status is approved or later."""
    if approvals is None:
        approvals = STATUSES.index(status) >= STATUSES.index("approved")
    body = PLAN_HEAD.format(cycle=cycle, status=status)
    body += "programs:\n" + (SELLING_PROGRAM + LEADING_PROGRAM if programs is None else programs)
    if approvals:
        body += APPROVALS
    return PLAN_SCHEMA + body + tail


def write_plan(repo: Repo, status: str = "collecting", *, cycle: str = CYCLE,
               programs: str | None = None, approvals: bool | None = None, tail: str = "") -> Path:
    return repo.write(f"/plans/{cycle}.yml", plan_text(status, cycle=cycle, programs=programs,
                                                       approvals=approvals, tail=tail))


def write_needs(repo: Repo, department: str = GUANGZHOU, body: str = GUANGZHOU_NEEDS,
                cycle: str = CYCLE) -> Path:
    return repo.write(needs_path(department, cycle), NEEDS_SCHEMA + body)


def add_cycle(repo: Repo, status: str = "collecting", *, programs: str | None = None,
              approvals: bool | None = None, tail: str = "") -> Repo:
    """The plan and Guangzhou's needs: valid, with no warnings."""
    write_plan(repo, status, programs=programs, approvals=approvals, tail=tail)
    write_needs(repo)
    return repo


def add_shenzhen(repo: Repo, *, needs: bool = True) -> Repo:
    """A second branch with 8 sales reps; with `needs`, its file, answered by selling-by-advice."""
    repo.write("departments/shenzhen-branch.yml", SHENZHEN_DEPARTMENT)
    if needs:
        write_needs(repo, SHENZHEN, SHENZHEN_NEEDS_TEXT)
        repo.replace(PLAN, "      - guangzhou-branch/sales-rep/consultative-selling\n",
                     "      - guangzhou-branch/sales-rep/consultative-selling\n"
                     "      - shenzhen-branch/sales-rep/consultative-selling\n")
    return repo


def set_status(repo: Repo, status: str, cycle: str = CYCLE) -> None:
    """Change the cycle's status line (and nothing else)."""
    text = repo.text(f"/plans/{cycle}.yml")
    current = next(line for line in text.splitlines() if line.startswith("status: "))
    repo.replace(f"/plans/{cycle}.yml", current + "\n", f"status: {status}\n")


# --- assertions -----------------------------------------------------------------------

def assert_at(repo: Repo, problem: Problem, rel: str, needle: str, *, occurrence: int = 1,
              column: int | None = None) -> None:
    """The problem names `rel` at the line holding the `occurrence`-th `needle`."""
    assert problem.path == repo.rel(rel), problem
    assert problem.line == repo.line_of(rel, needle, occurrence), problem
    if column is not None:
        assert problem.column == column, problem


def with_code(result: LoadResult, code: str) -> list[Problem]:
    return [p for p in result.problems if p.code == code]


def errors(result: LoadResult) -> list[str]:
    """`code path:line` of every error, for short assertions with a readable failure."""
    return [f"{p.code} {p.path}:{p.line}" for p in result.problems if p.is_error]
