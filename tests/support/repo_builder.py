"""Write a small, valid competency-map repository into a temporary folder.

Tests start from this repository and override or break one file at a time, so each test
says only what it changes. The files are written as literal YAML text (not dumped from
data) so that a test can find the line of any key with `Repo.line_of` and so the files
look like what people write by hand.

    repo = Repo.minimal(tmp_path)
    repo.write("roles/sales-rep.yml", "id: [unclosed\n")     # replace a file's text
    repo.update("roles/sales-rep.yml", family="servcie")      # change top-level fields
    repo.remove("governance.yml")                             # delete a file
    result = repo.load()                                      # generator.load_repository

Paths are relative to `competency-map/` unless they start with `competency-map/` or
another top-level folder name given explicitly with a leading `/` (e.g. `/notes.txt`).
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.rules.repository import LoadResult, load_repository

MAP = "competency-map"

#: The day the tests' cmap works for (`CMAP_TODAY`, set in conftest.py): after every date of
#: the builders and the example, so that N411 (needs dated after the day) finds something
#: only where a test asks for it.
CHECK_DAY = date(2027, 12, 31)


def _schema_line(rel: str) -> str:
    """The `# yaml-language-server` line every data file starts with."""
    kind = {
        "scales": "scale", "competencies": "competency", "roles": "role",
        "departments": "department",
    }.get(rel.split("/")[0], rel.removesuffix(".yml"))
    up = "../" * rel.count("/") + "../"
    return f"# yaml-language-server: $schema={up}generator/schemas/{kind}.schema.json\n"


def _text(body: str) -> str:
    return textwrap.dedent(body).lstrip("\n")


#: The minimal valid repository: path under competency-map/ → YAML text (without the
#: schema line, which `Repo.minimal` adds). Four-level scale, three competencies in two
#: categories, three roles in a reporting line, and a company → region → branch tree.
MINIMAL: dict[str, str] = {
    "scales/proficiency.yml": _text("""
        id: proficiency
        name: Proficiency
        description: How well a person does what the competency describes.
        levels:
          - level: 1
            name: Basic
            description: Knows the basics and works with guidance.
          - level: 2
            name: Developing
            description: Handles routine cases with occasional help.
          - level: 3
            name: Proficient
            description: Works independently in the normal range of situations.
          - level: 4
            name: Expert
            description: Handles complex cases and coaches others.
        """),
    "areas.yml": _text("""
        areas:
          - id: task
            name: Own tasks
            description: The results a person delivers personally.
          - id: team
            name: Leading the team
        """),
    "categories.yml": _text("""
        categories:
          - id: core
            name: Core competencies
          - id: professional
            name: Professional skills
            description: The craft of selling and serving.
        """),
    "families.yml": _text("""
        families:
          - id: sales
            name: Sales
          - id: service
            name: Customer service
        """),
    "governance.yml": _text("""
        groups:
          - id: training
            name: Training
            members: [zhang-min]
          - id: hr
            name: Human resources
            description: Owns grades and the role catalogue.
            members:
              - liu-yang
              - chen-jing
        model_owners: [training]
        plan_approvers: [training, hr]
        """),
    "competencies/communication.yml": _text("""
        id: communication
        name: Communication
        category: core
        scale: proficiency
        description: Making yourself understood and understanding others.
        levels:
          - level: 1
            indicators:
              - Listens without interrupting.
          - level: 2
            indicators:
              - Summarises what the customer said before answering.
          - level: 3
            indicators:
              - Adapts the message to the listener.
          - level: 4
            indicators:
              - Handles difficult conversations calmly.
        """),
    "competencies/consultative-selling.yml": _text("""
        id: consultative-selling
        name: Consultative selling
        category: professional
        scale: proficiency
        description: Finding the customer's real need and the appliance that meets it.
        owner: zhang-min
        levels:
          - level: 1
            indicators:
              - Knows the main product lines and their prices.
          - level: 2
            indicators:
              - Asks open questions to find the customer's need.
          - level: 3
            indicators:
              - Recommends the model that fits the need, not the most expensive one.
          - level: 4
            indicators:
              - Coaches colleagues on the shop floor.
        """),
    "competencies/team-leadership.yml": _text("""
        id: team-leadership
        name: Team leadership
        category: core
        scale: proficiency
        description: Setting goals for a team and helping each member reach them.
        levels:
          - level: 1
            indicators:
              - Shares information with the team.
          - level: 2
            indicators:
              - Holds regular team meetings with clear goals.
          - level: 3
            indicators:
              - Finds ability gaps in performance conversations.
          - level: 4
            indicators:
              - Develops successors.
        """),
    "roles/sales-rep.yml": _text("""
        id: sales-rep
        title: Sales representative
        family: sales
        grade: S1
        summary: Sells our appliances to retailers in a territory.
        reports_to: sales-manager
        next_roles:
          - sales-manager
        responsibilities:
          task:
            - Meets the monthly sales target of the territory.
        competencies:
          - competency: communication
            level: 2
          - competency: consultative-selling
            level: 3
            critical: true
        """),
    "roles/sales-manager.yml": _text("""
        id: sales-manager
        title: Sales manager
        family: sales
        grade: 7
        summary: Leads a team of sales representatives.
        reports_to: branch-head
        next_roles: [branch-head]
        responsibilities:
          task:
            - Meets the branch's sales target.
          team:
            - Coaches the sales representatives.
        competencies:
          - competency: communication
            level: 3
          - competency: consultative-selling
            level: 4
          - competency: team-leadership
            level: 3
            critical: true
            note: The team's results depend on it.
        """),
    "roles/branch-head.yml": _text("""
        id: branch-head
        title: Branch head
        family: sales
        summary: Runs a branch and its people.
        responsibilities:
          team:
            - Leads the branch's managers.
        competencies:
          - competency: team-leadership
            level: 4
        """),
    "departments/jiahe.yml": _text("""
        id: jiahe
        name: Jiahe Appliances
        type: company
        head:
          name: Wang Lei
          handle: wang-lei
        """),
    "departments/south-region.yml": _text("""
        id: south-region
        name: South region
        type: region
        parent: jiahe
        head:
          name: Zhao Ping
          handle: zhao-ping
        """),
    "departments/guangzhou-branch.yml": _text("""
        id: guangzhou-branch
        name: Guangzhou branch
        type: branch
        parent: south-region
        location: Guangzhou
        head:
          name: Li Wei
          handle: li-wei
        staffing:
          sales-rep: 12
          sales-manager: 2
          branch-head: 1
        """),
}


def _rel(path: str) -> str:
    """Repository-relative path for a path given relative to competency-map/."""
    if path.startswith("/"):
        return path[1:]
    if path.startswith(f"{MAP}/"):
        return path
    return f"{MAP}/{path}"


class Repo:
    """A repository in a temporary folder, and ways to change one file of it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def minimal(cls, root: Path) -> Repo:
        repo = cls(root)
        for rel, body in MINIMAL.items():
            repo.write(rel, _schema_line(rel) + body)
        return repo

    def path(self, rel: str) -> Path:
        return self.root / _rel(rel)

    def rel(self, rel: str) -> str:
        """The path as problems name it (relative to the repository root)."""
        return _rel(rel)

    def write(self, rel: str, content: str | bytes | dict[str, Any]) -> Path:
        """Replace a file: text as is, bytes as is, a mapping dumped as YAML."""
        target = self.path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif isinstance(content, str):
            target.write_text(content, encoding="utf-8", newline="")
        else:
            target.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True),
                              encoding="utf-8")
        return target

    def text(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def data(self, rel: str) -> dict[str, Any]:
        loaded: dict[str, Any] = yaml.safe_load(self.text(rel))
        return loaded

    def update(self, rel: str, **fields: Any) -> Path:
        """Set top-level fields of a file (None deletes the field), keeping the schema line."""
        data = self.data(rel)
        for key, value in fields.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        head = self.text(rel).splitlines(keepends=True)[0]
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        return self.write(rel, head + body)

    def replace(self, rel: str, old: str, new: str) -> Path:
        """Replace one exact piece of a file's text; fails loudly if it is not there once."""
        text = self.text(rel)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        return self.write(rel, text.replace(old, new))

    def remove(self, rel: str) -> None:
        self.path(rel).unlink()

    def line_of(self, rel: str, needle: str, occurrence: int = 1) -> int:
        """1-based number of the line holding the `occurrence`-th `needle` in a file."""
        count = 0
        for number, line in enumerate(self.text(rel).splitlines(), start=1):
            if needle in line:
                count += 1
                if count == occurrence:
                    return number
        raise AssertionError(f"{needle!r} (occurrence {occurrence}) not in {rel}")

    def column_of(self, rel: str, needle: str, occurrence: int = 1) -> int:
        """1-based column where `needle` starts on the line `line_of` finds."""
        line = self.text(rel).splitlines()[self.line_of(rel, needle, occurrence) - 1]
        return line.index(needle) + 1

    def load(self, today: date | None = None) -> LoadResult:
        return load_repository(self.root, today=today)


def codes(result: LoadResult) -> list[str]:
    return [p.code for p in result.problems]


def only(result: LoadResult, code: str) -> Any:
    """The single problem with `code`; fails with the whole list otherwise."""
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, f"expected one {code}, got: {result.problems}"
    return found[0]
