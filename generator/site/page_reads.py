"""Which data files each generated page reads, so that a change regenerates only the pages
it can alter (`cmap serve`, and `cmap build` with its cache).

The answer is worked out from the model and its indexes, without rendering anything. It
may name more files than a page really shows, never fewer: a page whose reads are `ANY`
(the home page, the indexes, a cycle's overview, plan and effect, the downloads) is made
again on every change. A change is looked up against the reads of the model before and
after it, so a file that starts or stops mattering to a page is caught either way.
`tests/site/test_page_reads.py` changes every file of a repository, one at a time, and
checks that every page that changed said it reads that file.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.analysis.site_index import SiteIndex
from generator.model.competency_map import CompetencyMap
from generator.model.cycles import Cycle, Need, Program
from generator.site.cycle_views import CycleIndex

#: A page that any change may alter.
ANY: frozenset[str] | None = None
Reads = frozenset[str] | None


class PageReads:
    """The files behind each kind of page, for one model."""

    @classmethod
    def of(cls, model: CompetencyMap) -> PageReads:
        return cls(model, SiteIndex.of(model), CycleIndex.of(model.cycles))

    def __init__(self, model: CompetencyMap, index: SiteIndex, cycles: CycleIndex) -> None:
        self.model = model
        self.index = index
        self.cycles = cycles
        self.common = frozenset(
            [*(s.path for s in model.vocabulary_sources.values()),
             *(scale.source.path for scale in model.scales.values())])
        #: Which cycle is current (shown on role and competency pages) depends on every plan.
        self.plans = frozenset(c.source.path for c in model.cycles.values())
        self.roles = frozenset(role.source.path for role in model.roles.values())
        self.competencies = frozenset(c.source.path for c in model.competencies.values())
        self.departments = frozenset(d.source.path for d in model.departments.values())
        self._need_reads: dict[tuple[str, str, str, str], frozenset[str]] = {}

    # -- the map -----------------------------------------------------------------------

    def competency(self, comp_id: str) -> frozenset[str]:
        comp = self.model.competencies[comp_id]
        roles = (entry.role.source.path for entry in self.index.requirements_of(comp_id))
        return (frozenset([comp.source.path, *roles]) | self.common | self.plans
                | self._needs(self.cycles.needs_by_competency.get(comp_id, [])))

    def role(self, role_id: str) -> frozenset[str]:
        """Every role (the lists of a role page follow the career ranks of all roles), the
        competencies of its profile and of its next roles', where it is staffed, its needs."""
        role = self.model.roles[role_id]
        steps = [role, *(self.model.roles[n] for n in role.next_roles if n in self.model.roles)]
        staffed = (dept.source.path for dept, _ in self.index.staffed_in.get(role_id, []))
        return (self.roles | self.common | self.plans
                | self._competencies(r.competency for step in steps for r in step.requirements)
                | frozenset(staffed) | self._needs(self.cycles.needs_by_role.get(role_id, [])))

    def worksheet(self, role_id: str) -> frozenset[str]:
        role = self.model.roles[role_id]
        return (frozenset([role.source.path]) | self.common
                | self._competencies(r.competency for r in role.requirements))

    def department(self, dept_id: str) -> frozenset[str]:
        """The whole tree (ancestors, units below, the maps of the top units), every role (the
        staffing follows the career ranks), its needs in every cycle."""
        submissions = (sub.source.path for (_, dept), sub in self.model.submissions.items()
                       if dept == dept_id)
        return self.departments | self.roles | self.common | self.plans | frozenset(submissions)

    def company_map(self) -> frozenset[str]:
        return self.roles | self.competencies | self.departments | self.common

    # -- the cycles --------------------------------------------------------------------

    def cycle(self, cycle: Cycle) -> frozenset[str]:
        """A cycle's overview, plan and effect, and its tables: its plan, the needs sent,
        the names of the map (every department's status, every role's family), and the
        approver groups (the plan's approvals, pending or recorded)."""
        submissions = (sub.source.path for sub in cycle.submissions.values())
        governance = self.model.governance.source
        return (frozenset([cycle.source.path, *submissions]) | self.company_map()
                | self.plans | frozenset([governance.path] if governance else []))

    def effect(self, cycle: Cycle) -> frozenset[str]:
        """A cycle's effect page: the cycle, and the trend of its competencies' gaps through
        every cycle (every needs file)."""
        return self.cycle(cycle) | frozenset(s.source.path for s in self.model.submissions.values())

    def needs_page(self, cycle: Cycle, dept_id: str) -> frozenset[str]:
        submission = cycle.submissions[dept_id]
        return (frozenset([submission.source.path, cycle.source.path]) | self.common
                | self._department(dept_id) | self._needs(submission.needs))

    def program(self, cycle: Cycle, program: Program) -> frozenset[str]:
        answered = {key.split("/", 1)[0] for key in program.answers}
        submissions = [cycle.submissions[d] for d in answered if d in cycle.submissions]
        needs = [need for sub in submissions for need in sub.needs]
        return (frozenset([cycle.source.path, *(sub.source.path for sub in submissions)])
                | self.common | self._needs(needs)
                | self._competencies(c for c, _ in program.targets)
                | self._roles(program.audience_roles)
                | frozenset(p for d in program.audience_departments for p in self._department(d)))

    # -- helpers -----------------------------------------------------------------------

    def _needs(self, needs: Iterable[Need]) -> frozenset[str]:
        """The files a list of needs shows: where each was sent, its role, competency and
        department (names), and the plan whose programs answer it."""
        found: set[str] = set()
        for key in {(n.cycle, n.department, n.role, n.competency) for n in needs}:
            reads = self._need_reads.get(key)
            if reads is None:
                reads = self._need_reads[key] = self._need(*key)
            found |= reads
        return frozenset(found)

    def _need(self, cycle_id: str, department: str, role: str, competency: str
              ) -> frozenset[str]:
        sub = self.model.submissions.get((cycle_id, department))
        cycle = self.model.cycles.get(cycle_id)
        return (frozenset(p for p in (sub.source.path if sub else "",
                                      cycle.source.path if cycle else "") if p)
                | self._roles([role]) | self._competencies([competency])
                | self._department(department))

    def _roles(self, ids: Iterable[str]) -> frozenset[str]:
        return frozenset(self.model.roles[i].source.path for i in ids if i in self.model.roles)

    def _competencies(self, ids: Iterable[str]) -> frozenset[str]:
        return frozenset(self.model.competencies[i].source.path for i in ids
                         if i in self.model.competencies)

    def _department(self, dept_id: str) -> frozenset[str]:
        dept = self.model.departments.get(dept_id)
        return frozenset([dept.source.path]) if dept else frozenset()
