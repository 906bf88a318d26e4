"""The validated competency map as plain, immutable objects.

Nothing here reads files or knows about YAML: `assemble.py` builds these objects from
documents that passed the schema check, and every later stage (rules, analysis, pages)
reads only these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.cycles import Cycle, Submission

# Re-exported: the site imports `Source` from here.
from generator.model.source import Source as Source


@dataclass(frozen=True)
class Term:
    """An entry of a small vocabulary: a responsibility area, a category, a job family."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    description: str = ""


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    levels: tuple[Level, ...]
    source: Source
    description: str = ""

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(lv.level for lv in self.levels)

    def level(self, number: int) -> Level | None:
        return next((lv for lv in self.levels if lv.level == number), None)


@dataclass(frozen=True)
class Origin:
    """Where an imported competency comes from: an item of a published framework, as
    `cmap import case` recorded it (the `origin:` of the competency's file)."""

    framework: str  #: the framework's URI
    identifier: str  #: the item's identifier in the framework
    framework_title: str = ""
    creator: str = ""
    publisher: str = ""
    source_url: str = ""  #: the framework's official source (`officialSourceURL`)
    license: str = ""
    item: str = ""  #: the item's URI
    code: str = ""  #: the item's code (`humanCodingScheme`)
    notes: str = ""
    changed: str = ""  #: when the item last changed, as the framework says
    path: tuple[str, ...] = ()  #: the headings above the item, from the top
    education_levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    category: str
    scale: str
    description: str
    indicators: dict[int, tuple[str, ...]]
    source: Source
    owner: str = ""
    origin: Origin | None = None


@dataclass(frozen=True)
class Head:
    name: str
    handle: str


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    type: str
    head: Head
    source: Source
    parent: str = ""
    description: str = ""
    location: str = ""
    staffing: dict[str, int] = field(default_factory=dict)

    @property
    def headcount(self) -> int:
        return sum(self.staffing.values())


@dataclass(frozen=True)
class Requirement:
    """One line of a role's competency profile."""

    competency: str
    level: int
    critical: bool = False
    note: str = ""
    #: What this role does at this level, in its own words: statements a manager rates
    #: against instead of the scale's generic indicators when they are present.
    expectations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    family: str
    summary: str
    responsibilities: dict[str, tuple[str, ...]]
    requirements: tuple[Requirement, ...]
    source: Source
    grade: str = ""
    reports_to: str = ""
    next_roles: tuple[str, ...] = ()

    def required_level(self, competency: str) -> int | None:
        return next((r.level for r in self.requirements if r.competency == competency), None)


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    members: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Governance:
    groups: tuple[Group, ...] = ()
    model_owners: tuple[str, ...] = ()
    plan_approvers: tuple[str, ...] = ()
    source: Source | None = None


@dataclass
class CompetencyMap:
    """The whole repository's data, keyed by id, in file-name order.

    The map itself comes from `competency-map/`; cycles and needs from `plans/` and `needs/`.
    """

    scales: dict[str, Scale] = field(default_factory=dict)
    competencies: dict[str, Competency] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    areas: dict[str, Term] = field(default_factory=dict)
    categories: dict[str, Term] = field(default_factory=dict)
    families: dict[str, Term] = field(default_factory=dict)
    governance: Governance = field(default_factory=Governance)
    vocabulary_sources: dict[str, Source] = field(default_factory=dict)
    #: Training cycles by id (from `plans/`), each with its departments' submissions.
    cycles: dict[str, Cycle] = field(default_factory=dict)
    #: Every needs file by (cycle, department), including those whose cycle is missing.
    submissions: dict[tuple[str, str], Submission] = field(default_factory=dict)
