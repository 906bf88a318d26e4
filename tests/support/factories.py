"""Competency maps built in code for the site tests: small, hostile, and synthetic large."""

from __future__ import annotations

import random
from dataclasses import replace

from generator.model.competency_map import (
    Competency,
    CompetencyMap,
    Department,
    Governance,
    Group,
    Head,
    Level,
    Requirement,
    Role,
    Scale,
    Source,
    Term,
)
from generator.model.cycles import (
    Amendment,
    Approval,
    Cycle,
    Evaluation,
    FollowUp,
    Need,
    Priority,
    Program,
    Session,
    Submission,
)

LEVELS = (
    Level(1, "Awareness", "Knows what it is and why it matters."),
    Level(2, "Developing", "Handles routine situations with help."),
    Level(3, "Proficient", "Works independently in the normal range of situations."),
    Level(4, "Advanced", "Handles complex situations and coaches others."),
    Level(5, "Expert", "Sets the company standard."),
)


def _scale() -> Scale:
    return Scale(
        id="proficiency",
        name="Proficiency",
        levels=LEVELS,
        source=Source("competency-map/scales/proficiency.yml"),
        description="The one scale for every competency.",
    )


def _competency(cid: str, name: str, category: str, description: str,
                indicators: dict[int, tuple[str, ...]] | None = None) -> Competency:
    return Competency(
        id=cid,
        name=name,
        category=category,
        scale="proficiency",
        description=description,
        indicators=indicators or {lv: (f"Shows {name.lower()} at level {lv}.",) for lv in
                                  range(1, 6)},
        source=Source(f"competency-map/competencies/{cid}.yml"),
    )


def _role(rid: str, title: str, family: str, grade: str, summary: str,
          requirements: tuple[Requirement, ...], *, reports_to: str = "",
          next_roles: tuple[str, ...] = (),
          responsibilities: dict[str, tuple[str, ...]] | None = None) -> Role:
    return Role(
        id=rid,
        title=title,
        family=family,
        summary=summary,
        responsibilities=responsibilities or {"task": (f"Delivers the results of a {title}.",)},
        requirements=requirements,
        source=Source(f"competency-map/roles/{rid}.yml"),
        grade=grade,
        reports_to=reports_to,
        next_roles=next_roles,
    )


def _department(did: str, name: str, dtype: str, parent: str, head: tuple[str, str],
                staffing: dict[str, int], location: str = "") -> Department:
    return Department(
        id=did,
        name=name,
        type=dtype,
        head=Head(*head),
        source=Source(f"competency-map/departments/{did}.yml"),
        parent=parent,
        description=f"{name} of the example company.",
        location=location,
        staffing=staffing,
    )


def small_model() -> CompetencyMap:
    """A tiny, hand-checked company: 2 families, 5 roles, 6 competencies, 5 departments."""
    R = Requirement
    competencies = [
        _competency("communication", "Communication", "core",
                    "Listening, explaining and writing clearly.\n\nUsed in every job.",
                    {1: ("Listens without interrupting.",),
                     3: ("Explains product differences in plain words.",
                         "Writes short, clear visit reports.")}),
        _competency("teamwork", "Teamwork", "core", "Working with colleagues toward shared goals."),
        _competency("consultative-selling", "Consultative selling", "client",
                    "Finding what a customer needs and offering the right appliance."),
        _competency("complaint-handling", "Complaint handling", "client",
                    "Turning an unhappy customer into a loyal one:\n"
                    "1. *listen* without arguing;\n2. find a fair solution within policy;\n"
                    "3. follow up, as the [service standard](https://intranet.example.com/ss)"
                    " says."),
        _competency("coaching", "Coaching others", "leadership",
                    "Helping team members improve through feedback on the job."),
        _competency("business-planning", "Business planning", "leadership",
                    "Setting targets and plans for a territory or a branch."),
    ]
    roles = [
        _role("sales-rep", "Sales representative", "sales", "S1",
              "Sells our appliances to retailers in a territory.",
              (R("communication", 3, True, expectations=(
                  "Explains product differences to retailer buyers in plain words.",
                  "Writes a short visit report after every retailer visit.")),
               R("consultative-selling", 3, True), R("teamwork", 2)),
              reports_to="sales-manager", next_roles=("sales-manager",),
              responsibilities={
                  "task": ("Meets the monthly sales target.", "Visits every retailer twice a month."),
                  "external-clients": ("Keeps retailer buyers informed of promotions.",),
              }),
        _role("sales-manager", "Sales manager", "sales", "M1",
              "Leads a team of sales representatives.",
              (R("communication", 4, True), R("consultative-selling", 4, expectations=(
                  "Joins representatives on their hardest retailer visits and debriefs them "
                  "afterwards.",)),
               R("coaching", 3, True), R("business-planning", 2)),
              reports_to="branch-head", next_roles=("branch-head",),
              responsibilities={
                  "team": ("Coaches each representative **monthly**, with the `visit` form.",),
                  "task": ("Owns the team's sales target.",),
              }),
        _role("branch-head", "Branch head", "sales", "M3",
              "Runs a sales branch: sales, service and people.",
              (R("communication", 4, True, expectations=(
                  "Presents the branch plan to the region and to everyone in the branch.",)),
               R("coaching", 4), R("business-planning", 4, True), R("complaint-handling", 2)),
              responsibilities={"task": ("Delivers the branch plan.",)}),
        _role("service-agent", "Service agent", "customer-service", "S1",
              "Answers customer calls and solves their problems.",
              (R("communication", 3, expectations=(
                  "Explains a repair booking and the warranty terms to a caller in plain words.",)),
               R("complaint-handling", 3, True), R("teamwork", 2)),
              reports_to="service-supervisor", next_roles=("service-supervisor", "sales-rep")),
        _role("service-supervisor", "Service supervisor", "customer-service", "M1",
              "Leads the service agents of a branch.",
              (R("communication", 3), R("complaint-handling", 4, True), R("coaching", 3)),
              reports_to="branch-head"),
    ]
    departments = [
        _department("jiahe", "Jiahe Appliances", "company", "", ("Chen Jun", "chen-jun"), {}),
        _department("south-region", "South region", "region", "jiahe",
                    ("Liu Fang", "liu-fang"), {"sales-manager": 1}),
        _department("guangzhou-branch", "Guangzhou branch", "branch", "south-region",
                    ("Wang Lei", "wang-lei"),
                    {"branch-head": 1, "sales-manager": 2, "sales-rep": 14, "service-agent": 6,
                     "service-supervisor": 1}, location="Guangzhou"),
        _department("shenzhen-branch", "Shenzhen branch", "branch", "south-region",
                    ("Zhao Min", "zhao-min"),
                    {"branch-head": 1, "sales-manager": 1, "sales-rep": 9, "service-agent": 4},
                    location="Shenzhen"),
        _department("hr", "Human resources", "function", "jiahe", ("Sun Li", "sun-li"), {}),
    ]
    model = CompetencyMap(
        scales={"proficiency": _scale()},
        competencies={c.id: c for c in sorted(competencies, key=lambda c: c.id)},
        departments={d.id: d for d in sorted(departments, key=lambda d: d.id)},
        roles={r.id: r for r in sorted(roles, key=lambda r: r.id)},
        areas={
            "task": Term("task", "Own tasks", "The results a person delivers personally."),
            "team": Term("team", "Leading the team", "Setting goals and coaching."),
            "external-clients": Term("external-clients", "External client relations"),
        },
        categories={
            "core": Term("core", "Core competencies", "What every employee needs."),
            "client": Term("client", "Customer relations", "Winning and keeping customers."),
            "leadership": Term("leadership", "Leadership", "Leading people and the business."),
        },
        families={
            "sales": Term("sales", "Sales", "Selling through retailers."),
            "customer-service": Term("customer-service", "Customer service",
                                     "Helping customers after the purchase."),
        },
        vocabulary_sources={
            "areas": Source("competency-map/areas.yml"),
            "categories": Source("competency-map/categories.yml"),
            "families": Source("competency-map/families.yml"),
        },
    )
    add_cycles(model)
    return model


def _need(cycle: str, dept: str, role: str, comp: str, levels: tuple[int, int], people: int,
          priority: str, follow_up: FollowUp | None = None, **extra: str) -> Need:
    return Need(cycle, dept, role, comp, levels[0], levels[1], people, priority,
                f"Evidence for {role} in {comp}.", follow_up=follow_up, **extra)


def add_cycles(model: CompetencyMap) -> None:
    """Two cycles, hand-checked: 2026-h1 closed (a delivered, evaluated plan with
    follow-ups), 2027-h1 collecting (Guangzhou answered, Shenzhen not yet: needs are due
    2026-12-15, the tests build on 2026-11-23), a draft whose coaching lab puts Guangzhou
    3,000 over its budget share of 5,000, with two priorities (coaching, trained by the lab,
    and complaint handling, with no needs yet) and both approver groups pending.

        2026-h1 need                                   gap  people  weighted  program
        guangzhou-branch/sales-rep/consultative-selling 2→3  8       8         selling-clinic
        guangzhou-branch/service-agent/complaint-handling 2→3 4     4         (unanswered, reason)
        shenzhen-branch/sales-rep/consultative-selling  1→3  4       8         selling-clinic
    """
    old = "2026-h1"
    gz = Submission(old, "guangzhou-branch", "wang-lei", "2026-02-08", (
        _need(old, "guangzhou-branch", "sales-rep", "consultative-selling", (2, 3), 8, "high",
              FollowUp(3, "2026-08-20", 6, "Six of eight reached it."), delivery="coaching"),
        _need(old, "guangzhou-branch", "service-agent", "complaint-handling", (2, 3), 4,
              "medium"),
    ), Source(f"needs/{old}/guangzhou-branch.yml"), "Peak season first.")
    sz = Submission(old, "shenzhen-branch", "zhao-min", "2026-02-12", (
        _need(old, "shenzhen-branch", "sales-rep", "consultative-selling", (1, 3), 4, "high",
              FollowUp(3, "2026-08-25")),
    ), Source(f"needs/{old}/shenzhen-branch.yml"))
    clinic = Program(
        "selling-clinic", "Selling clinic", (("consultative-selling", 3),),
        ("guangzhou-branch/sales-rep/consultative-selling",
         "shenzhen-branch/sales-rep/consultative-selling"),
        "internal-course", "delivered", description="Two days with the best sellers.",
        lecturer="Liu Fang", audience_roles=("sales-rep",),
        audience_departments=("guangzhou-branch", "shenzhen-branch"),
        sessions=(Session("2026-03-10", "Guangzhou", 12, "held", 11),
                  Session("2026-03-17", "Shenzhen", 6, "cancelled")),
        cost=30000, cost_by_department={"guangzhou-branch": 20000, "shenzhen-branch": 10000},
        owner="sun-li", evaluation=Evaluation(4.4, 55, 80, "Asks before recommending.",
                                              "Conversion up 3 points."))
    closed = Cycle(
        old, "2026 first half", "2026-03-01", "2026-08-31", "2026-02-10", "closed",
        Source(f"plans/{old}.yml"), review_on="2026-02-24", owner="sun-li",
        description="Sell by advice.", currency="CNY", budget_total=40000,
        budget_by_department={"guangzhou-branch": 25000, "shenzhen-branch": 15000},
        programs=(clinic,),
        unanswered=(("guangzhou-branch/service-agent/complaint-handling",
                     "Covered by the supplier's hotline course."),),
        approvals=(Approval("training", "sun-li", "2026-02-26", 12),
                   Approval("management", "chen-jun", "2026-02-27", 12)),
        amendments=(Amendment("2026-03-05", 15, "Shenzhen session cancelled."),),
        submissions={"guangzhou-branch": gz, "shenzhen-branch": sz},
    )
    new = "2027-h1"
    gz_new = Submission(new, "guangzhou-branch", "wang-lei", "2026-11-20", (
        _need(new, "guangzhou-branch", "sales-manager", "coaching", (2, 3), 2, "high",
              justification="New managers."),
    ), Source(f"needs/{new}/guangzhou-branch.yml"))
    draft = Program("coaching-lab", "Coaching lab", (("coaching", 3),),
                    ("guangzhou-branch/sales-manager/coaching",), "coaching", "planned",
                    cost=8000)
    collecting = Cycle(
        new, "2027 first half", "2027-01-01", "2027-06-30", "2026-12-15", "collecting",
        Source(f"plans/{new}.yml"), currency="CNY", programs=(draft,),
        budget_total=20000, budget_by_department={"guangzhou-branch": 5000},
        priorities=(Priority("coaching", 2, "Every branch gets a second team."),
                    Priority("complaint-handling", 1.5, "Complaints moved to *online chat*.")),
        submissions={"guangzhou-branch": gz_new},
    )
    model.governance = Governance(
        (Group("training", "Training", ("sun-li",)),
         Group("management", "Management", ("chen-jun", "zhou-yi"))),
        plan_approvers=("training", "management"))
    model.cycles = {old: closed, new: collecting}
    model.submissions = {(c.id, d): sub for c in model.cycles.values()
                         for d, sub in c.submissions.items()}


HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "*em*",
)


def hostile_text(tag: str) -> str:
    """A text holding every hostile sample, marked with `tag` to find it again."""
    return f"{tag} " + " ".join(HOSTILE)


def hostile_model() -> CompetencyMap:
    """The small model with markup in every free-text field."""
    from dataclasses import replace

    model = small_model()
    h = hostile_text
    model.competencies = {
        cid: replace(c, name=h(c.name), description=h("desc") + "\n\n" + h("para2"),
                     indicators={lv: (h("ind"),) for lv in c.indicators})
        for cid, c in model.competencies.items()
    }
    model.roles = {
        rid: replace(r, title=h(r.title), summary=h("summary"), grade=h("g"),
                     responsibilities={a: (h("resp"),) for a in r.responsibilities},
                     requirements=tuple(replace(q, note=h("note"), expectations=(h("expect"),))
                                        for q in r.requirements))
        for rid, r in model.roles.items()
    }
    model.departments = {
        did: replace(d, name=h(d.name), description=h("dept"), location=h("loc"),
                     head=Head(h("head"), d.head.handle))
        for did, d in model.departments.items()
    }
    model.scales = {
        sid: replace(s, name=h("scale"), levels=tuple(
            replace(lv, name=h("lv"), description=h("lvd")) for lv in s.levels))
        for sid, s in model.scales.items()
    }
    model.areas = {k: Term(t.id, h(t.name), h("ad")) for k, t in model.areas.items()}
    model.categories = {k: Term(t.id, h(t.name), h("cd")) for k, t in model.categories.items()}
    model.families = {k: Term(t.id, h(t.name), h("fd")) for k, t in model.families.items()}
    model.cycles = {cid: _hostile_cycle(c) for cid, c in model.cycles.items()}
    return model


def _hostile_cycle(cycle: Cycle) -> Cycle:
    h = hostile_text

    def need(n: Need) -> Need:
        follow = replace(n.follow_up, notes=h("fun")) if n.follow_up else None
        return replace(n, evidence=h("ev"), justification=h("just"), follow_up=follow)

    submissions = {
        d: replace(sub, notes=h("subnotes"), submitted_by=h("by"),
                   needs=tuple(need(n) for n in sub.needs))
        for d, sub in cycle.submissions.items()}
    programs = tuple(
        replace(p, title=h("ptitle"), description=h("pdesc"), lecturer=h("lect"),
                vendor=h("vend"), owner=h("own"),
                sessions=tuple(replace(s, location=h("sloc")) for s in p.sessions),
                evaluation=replace(p.evaluation, behaviour=h("beh"), results=h("res"))
                if p.evaluation else None)
        for p in cycle.programs)
    return replace(
        cycle, title=h("ctitle"), description=h("cdesc"), owner=h("cown"),
        currency=h("cur"), programs=programs, submissions=submissions,
        unanswered=tuple((k, h("why")) for k, _ in cycle.unanswered),
        approvals=tuple(replace(a, handle=h("appr")) for a in cycle.approvals),
        amendments=tuple(replace(a, reason=h("amend")) for a in cycle.amendments),
        priorities=tuple(replace(p, reason=h("prio")) for p in cycle.priorities))


def synthetic_model(*, roles: int = 300, competencies: int = 400, departments: int = 60,
                    families: int = 10, categories: int = 6, per_role: int = 24,
                    seed: int = 7) -> CompetencyMap:
    """A company of the benchmark's size, with realistic text lengths."""
    rng = random.Random(seed)
    words = ("customer", "retailer", "appliance", "target", "branch", "service", "quality",
             "plan", "team", "coach", "market", "price", "partner", "store", "product",
             "channel", "order", "delivery", "install", "repair", "report", "review",
             "forecast", "budget", "safety", "process", "standard", "improve", "lead")

    def sentence(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

    cats = {f"cat-{i}": Term(f"cat-{i}", f"Category {i} {sentence(2)}", sentence(20))
            for i in range(categories)}
    fams = {f"family-{i}": Term(f"family-{i}", f"Family {i}", sentence(18))
            for i in range(families)}
    comps = {}
    for i in range(competencies):
        cid = f"competency-{i:04d}"
        comps[cid] = Competency(
            id=cid, name=f"Competency {i} {rng.choice(words)} {rng.choice(words)}",
            category=f"cat-{i % categories}", scale="proficiency",
            description=" ".join(sentence(14) for _ in range(3)),
            indicators={lv: tuple(sentence(12) for _ in range(3)) for lv in range(1, 6)},
            source=Source(f"competency-map/competencies/{cid}.yml"))
    comp_ids = list(comps)
    role_map = {}
    per_family = max(1, roles // families)
    for i in range(roles):
        rid = f"role-{i:04d}"
        fam = i % families
        rank = (i // families) % per_family
        nxt = f"role-{i + families:04d}" if i + families < roles else ""
        chosen = rng.sample(comp_ids, per_role)
        role_map[rid] = Role(
            id=rid, title=f"Role {i} {rng.choice(words)}", family=f"family-{fam}",
            summary=sentence(20),
            responsibilities={a: tuple(sentence(10) for _ in range(3))
                              for a in ("task", "team", "external-clients")},
            requirements=tuple(Requirement(c, rng.randint(1, 5), rng.random() < .3)
                               for c in chosen),
            source=Source(f"competency-map/roles/{rid}.yml"),
            grade=f"G{rank}", reports_to=nxt, next_roles=(nxt,) if nxt else ())
    role_ids = list(role_map)
    depts = {}
    for i in range(departments):
        did = f"dept-{i:03d}"
        parent = "" if i == 0 else f"dept-{(i - 1) // 6:03d}"
        staffing = {r: rng.randint(1, 40) for r in rng.sample(role_ids, 12)} if i else {}
        depts[did] = Department(
            id=did, name=f"Department {i}", type="company" if i == 0 else "branch",
            head=Head(f"Head {i}", f"head-{i}"), source=Source(
                f"competency-map/departments/{did}.yml"),
            parent=parent, description=sentence(20), staffing=staffing)
    return CompetencyMap(
        scales={"proficiency": _scale()}, competencies=comps, departments=depts,
        roles=role_map,
        areas={"task": Term("task", "Own tasks"), "team": Term("team", "Leading the team"),
               "external-clients": Term("external-clients", "External client relations")},
        categories=cats, families=fams)
