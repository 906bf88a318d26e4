#!/usr/bin/env python3
"""Write a synthetic, realistic company repository for the benchmark.

    python bench/make_company.py OUT --employees 5000 [--seed 7]

The output is a folder laid out like a real company's clone of this repository:
`competency-map/` (scale, competencies, areas, categories, families, departments, roles,
governance), `needs/`, `plans/`, `mkdocs.yml` (a copy of the repository's, or a minimal
mkdocs-material configuration with `navigation.prune`) and, when the repository has them,
`docs/` and the theme overrides folder that `mkdocs.yml` names. It passes
`cmap validate --root OUT` with no error and no warning.

Sizes scale linearly with --employees: 5,000 employees give about 400 competencies,
300 roles and 60 departments; 10,000 give twice as many. The vocabularies (one 5-level
scale, 5 responsibility areas, 5 categories, 15 job families) stay fixed: a company twice
as large has more specialised roles per family, not more kinds of work.

Everything is drawn from `random.Random(seed)` streams, iterating in a fixed order, so
the same arguments always write byte-identical files.

With `--cycles N` (default 8) it also writes N half-year training cycles: needs
(`needs/<cycle>/<department>.yml`) and plans (`plans/<cycle>.yml`), see
`write_needs_and_plans`. `--cycles 0` writes the competency map only. The needs and plans
come from their own random stream, so the map is identical either way.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

BASE_EMPLOYEES = 5000
BASE_COMPETENCIES = 400
BASE_ROLES = 300
BASE_DEPARTMENTS = 60

REPO = Path(__file__).resolve().parent.parent
MAP = "competency-map"

# --------------------------------------------------------------------------------------
# YAML output: block style, long prose folded like the hand-written example files.


class Folded(str):
    """A string written as a folded block scalar (`>-`), as people write long prose."""


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    pass


_Dumper.add_representer(
    Folded, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style=">")
)


def write_yaml(path: Path, schema: str, data: dict[str, Any], depth: int = 2) -> int:
    """Write one data file with its schema line; return its size in bytes.

    `depth` is how many folders below the repository root the file lies.
    """
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=90,
                     default_flow_style=False, indent=2)
    body = (f"# yaml-language-server: $schema={'../' * depth}generator/schemas/"
            f"{schema}.schema.json\n{text}")
    path.parent.mkdir(parents=True, exist_ok=True)
    data_bytes = body.encode("utf-8")
    path.write_bytes(data_bytes)
    return len(data_bytes)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------
# Vocabularies (fixed).

AREAS = [
    ("task", "Own tasks", "The results a person delivers personally: their targets, their "
     "territory, their store, their cases, their projects."),
    ("team", "Leading the team", "For people who lead others: setting team goals, coaching on "
     "the job, finding ability gaps in performance conversations and passing training needs on "
     "to the training department."),
    ("internal-clients", "Internal client relations", "Serving and working with colleagues in "
     "other departments who depend on this job, such as the branch for headquarters or the "
     "factory for logistics."),
    ("external-clients", "External client relations", "Building and keeping relationships with "
     "people outside the company: consumers, retailers, distributors, key accounts, suppliers "
     "and authorities."),
    ("improvement", "Standards and improvement", "Keeping to company standards, laws and safety "
     "rules, and improving the way the work is done."),
]

CATEGORIES = [
    ("core", "Core competencies", "What every employee needs, from the shopping guide in a "
     "store to the engineer in the R&D centre: how we communicate, work together and learn."),
    ("client", "Customer and partner relations", "Winning and keeping the trust of consumers, "
     "retailers, distributors and key accounts."),
    ("professional", "Sales, marketing and service craft", "The professional skills of our "
     "sales, promotion, marketing and after-sales teams."),
    ("leadership", "Leadership and management", "What people who lead others need: coaching, "
     "performance conversations, planning the business and leading change."),
    ("functional", "Functional and technical", "The specialist skills of headquarters and "
     "factory functions: R&D, quality, manufacturing, logistics, finance, IT and HR."),
]

PRODUCTS = [
    "air conditioners", "refrigerators", "washing machines", "dishwashers", "range hoods",
    "gas hobs", "built-in ovens", "water heaters", "water purifiers", "air purifiers",
    "heat pumps", "commercial air conditioning", "chest freezers", "tumble dryers",
    "microwave ovens", "rice cookers", "vacuum cleaners", "smart-home devices",
    "dehumidifiers", "wine coolers", "induction cookers", "steam ovens", "electric fans",
    "central ventilation systems",
]

CHANNELS = [
    "national retail chains", "regional department stores", "hypermarkets",
    "e-commerce platforms", "live-stream sellers", "franchise stores", "rural dealers",
    "distributors", "real-estate developers", "interior designers", "kitchen studios",
    "government procurement", "hotel and catering buyers", "installation partners",
    "telecom operators' stores", "furniture retailers",
]

TECHNOLOGIES = [
    "inverter compressors", "refrigeration circuits", "motor control", "embedded software",
    "IoT connectivity", "sheet-metal forming", "injection moulding", "PCB assembly",
    "foam insulation", "powder coating", "noise and vibration", "thermal simulation",
    "energy-label testing", "electrical safety testing", "user-interface design",
    "industrial design", "reliability testing", "mould design", "welding and brazing",
    "automated assembly lines", "warehouse automation", "transport management systems",
    "demand forecasting models", "ERP master data",
]

# (category, name template, subjects, home families of roles that need it)
COMPETENCY_FAMILIES: list[tuple[str, str, list[str], list[str]]] = [
    ("professional", "{s} product knowledge", PRODUCTS, ["sales", "promotion", "service", "marketing"]),
    ("professional", "{s} demonstration", PRODUCTS, ["promotion", "sales"]),
    ("professional", "{s} installation", PRODUCTS, ["service"]),
    ("professional", "{s} diagnostics and repair", PRODUCTS, ["service"]),
    ("professional", "{s} category management", PRODUCTS, ["marketing", "sales", "ecommerce"]),
    ("professional", "{s} promotion planning", PRODUCTS, ["marketing", "promotion", "ecommerce"]),
    ("functional", "{s} design engineering", PRODUCTS, ["rnd"]),
    ("functional", "{s} production process", PRODUCTS, ["manufacturing", "quality"]),
    ("functional", "{s} quality control", PRODUCTS, ["quality", "manufacturing"]),
    ("functional", "{s} supply planning", PRODUCTS, ["logistics", "procurement"]),
    ("client", "Partnership with {s}", CHANNELS, ["sales", "ecommerce", "general"]),
    ("client", "Negotiation with {s}", CHANNELS, ["sales", "procurement", "general"]),
    ("client", "Account planning for {s}", CHANNELS, ["sales", "marketing"]),
    ("client", "Service standards for {s}", CHANNELS, ["service", "contact"]),
    ("functional", "{s}", TECHNOLOGIES, ["rnd", "manufacturing", "quality", "logistics", "it"]),
    ("functional", "Cost engineering in {s}", TECHNOLOGIES, ["rnd", "procurement", "finance"]),
]

GENERIC_COMPETENCIES: list[tuple[str, str, list[str]]] = [
    ("core", "Communication", ["*"]), ("core", "Teamwork", ["*"]),
    ("core", "Integrity and compliance", ["*"]), ("core", "Learning agility", ["*"]),
    ("core", "Problem solving", ["*"]), ("core", "Customer orientation", ["*"]),
    ("core", "Results orientation", ["*"]), ("core", "Planning and organising", ["*"]),
    ("core", "Written communication", ["*"]), ("core", "Digital literacy", ["*"]),
    ("core", "Safety awareness", ["*"]), ("core", "Attention to detail", ["*"]),
    ("core", "Resilience under pressure", ["*"]), ("core", "Initiative", ["*"]),
    ("leadership", "Team leadership", ["lead"]), ("leadership", "Coaching others", ["lead"]),
    ("leadership", "Performance conversations", ["lead"]),
    ("leadership", "Leading change", ["lead"]), ("leadership", "Strategic thinking", ["lead"]),
    ("leadership", "Business planning", ["lead"]), ("leadership", "Delegation", ["lead"]),
    ("leadership", "Budget management", ["lead"]), ("leadership", "Talent development", ["lead"]),
    ("leadership", "Conflict resolution", ["lead"]),
    ("leadership", "Stakeholder management", ["lead"]),
    ("leadership", "Hiring and onboarding", ["lead"]),
    ("leadership", "Running effective meetings", ["lead"]),
    ("leadership", "Decision making under uncertainty", ["lead"]),
    ("leadership", "Succession planning", ["lead"]),
    ("functional", "Financial analysis", ["finance", "general"]),
    ("functional", "Cost accounting", ["finance", "manufacturing"]),
    ("functional", "Tax compliance", ["finance"]), ("functional", "Treasury", ["finance"]),
    ("functional", "Recruitment", ["hr"]), ("functional", "Compensation and benefits", ["hr"]),
    ("functional", "Labour law", ["hr"]), ("functional", "Training needs analysis", ["hr"]),
    ("functional", "Training delivery", ["hr"]), ("functional", "Learning design", ["hr"]),
    ("functional", "Training evaluation", ["hr"]),
    ("functional", "IT service management", ["it"]),
    ("functional", "Data analysis", ["it", "marketing", "finance"]),
    ("functional", "Information security", ["it"]), ("functional", "Software delivery", ["it"]),
    ("functional", "Lean manufacturing", ["manufacturing", "quality"]),
    ("functional", "Environment, health and safety", ["manufacturing", "logistics"]),
    ("functional", "Supplier quality", ["quality", "procurement"]),
    ("functional", "Strategic sourcing", ["procurement"]),
    ("functional", "Contract management", ["procurement", "general"]),
    ("functional", "Warehouse operations", ["logistics"]),
    ("functional", "Transport planning", ["logistics"]),
    ("functional", "Inventory control", ["logistics"]),
    ("professional", "Consultative selling", ["sales", "promotion"]),
    ("professional", "Sales forecasting", ["sales"]),
    ("professional", "Retail merchandising", ["promotion", "sales"]),
    ("professional", "Brand promotion", ["marketing"]),
    ("professional", "Digital marketing", ["marketing", "ecommerce"]),
    ("professional", "Market analysis", ["marketing", "general"]),
    ("professional", "Live-stream selling", ["ecommerce"]),
    ("professional", "Online store operations", ["ecommerce"]),
    ("professional", "Complaint handling", ["service", "contact"]),
    ("professional", "Telephone customer service", ["contact"]),
    ("professional", "Warranty administration", ["service", "contact"]),
]

# id, name, description, ladder of ranks (lowest first), managerial from rank index, tracks
FAMILIES: list[tuple[str, str, str, list[str], int, list[str]]] = [
    ("sales", "Sales", "Sales representatives, key account managers and sales managers who sell "
     "through retailers, distributors and key accounts in each branch's territory.",
     ["sales representative", "senior sales representative", "sales supervisor", "sales manager",
      "sales director"], 2, [c for c in CHANNELS] + [p for p in PRODUCTS]),
    ("promotion", "In-store promotion", "Shopping guides, store supervisors and promotion "
     "managers who present and sell our appliances to consumers on the shop floor.",
     ["shopping guide", "senior shopping guide", "store supervisor", "promotion manager"], 2,
     list(PRODUCTS)),
    ("service", "Customer service", "Technicians and their leaders in the branches: delivery, "
     "installation, warranty and repair.",
     ["service technician", "senior service technician", "service team leader",
      "service manager", "service director"], 2, list(PRODUCTS)),
    ("contact", "Customer contact centre", "Agents and leaders of the national contact centre "
     "who answer consumers by phone, chat and social media.",
     ["contact agent", "senior contact agent", "contact team leader", "contact centre manager"],
     2, list(PRODUCTS) + list(CHANNELS)),
    ("marketing", "Marketing", "Marketing specialists and managers who understand the market, "
     "position our products and run brand, promotion and digital campaigns.",
     ["marketing assistant", "marketing specialist", "senior marketing specialist",
      "marketing manager", "marketing director"], 3, list(PRODUCTS)),
    ("ecommerce", "E-commerce", "Online store operators, live-stream hosts and e-commerce "
     "managers who sell through our own and partners' online channels.",
     ["e-commerce operator", "e-commerce specialist", "e-commerce manager"], 2,
     list(PRODUCTS) + list(CHANNELS)),
    ("rnd", "Research and development", "Engineers and managers who design and improve our "
     "appliances.",
     ["engineer", "senior engineer", "principal engineer", "engineering manager",
      "chief engineer"], 3, list(TECHNOLOGIES) + list(PRODUCTS)),
    ("manufacturing", "Manufacturing", "Operators, supervisors and plant managers who build "
     "our appliances safely, on time and to specification.",
     ["production operator", "line leader", "production supervisor", "production manager",
      "plant manager"], 2, list(PRODUCTS) + list(TECHNOLOGIES)),
    ("quality", "Quality", "Inspectors, quality engineers and managers who keep our products "
     "safe and reliable from supplier to customer.",
     ["quality inspector", "quality engineer", "senior quality engineer", "quality manager"], 3,
     list(PRODUCTS) + list(TECHNOLOGIES)),
    ("logistics", "Logistics", "Coordinators and managers who plan stock and move appliances "
     "from the factories through regional warehouses to stores and homes.",
     ["logistics coordinator", "logistics planner", "warehouse supervisor", "logistics manager"],
     2, list(PRODUCTS) + list(TECHNOLOGIES)),
    ("procurement", "Procurement", "Buyers and managers who select suppliers and buy parts, "
     "materials and services.",
     ["buyer", "senior buyer", "category buyer", "procurement manager"], 3,
     list(TECHNOLOGIES) + list(PRODUCTS)),
    ("finance", "Finance", "Accountants and controllers who keep the books and support "
     "decisions with numbers.",
     ["accountant", "senior accountant", "finance controller", "finance manager"], 3,
     list(PRODUCTS) + list(CHANNELS)),
    ("hr", "HR and training", "HR business partners, the training manager and training "
     "specialists who keep the competency map and run the training cycle.",
     ["HR assistant", "HR specialist", "HR business partner", "HR manager"], 3,
     list(CHANNELS) + list(PRODUCTS)),
    ("it", "Information technology", "Support specialists, analysts and architects who run the "
     "company's systems and data.",
     ["IT support specialist", "systems analyst", "senior systems analyst", "IT architect",
      "IT manager"], 4, list(TECHNOLOGIES) + list(CHANNELS)),
    ("general", "General management", "Senior leaders who run a region or a function and are "
     "accountable for its results and its people.",
     ["deputy general manager", "regional general manager"], 0, list(CHANNELS) + list(PRODUCTS)),
]
FUNCTION_TRACKS = {
    "hr": ["sales organisation", "manufacturing plants", "R&D centre", "headquarters functions",
           "campus recruitment", "learning and development", "compensation and grading",
           "employee relations", "HR systems", "talent reviews", "internal lecturers",
           "onboarding"],
    "finance": ["accounts payable", "accounts receivable", "general ledger", "plant controlling",
                "sales finance", "tax", "treasury", "budgeting", "dealer credit",
                "product costing", "internal audit", "financial reporting"],
    "it": ["ERP systems", "e-commerce platforms", "plant systems", "data platform",
           "service desk", "network and infrastructure", "information security",
           "sales apps", "service-management systems", "warehouse systems", "collaboration tools",
           "master data"],
}
FRONT_LINE = ("sales", "promotion", "service", "marketing", "ecommerce")
FUNCTION_FAMILIES = ("contact", "rnd", "manufacturing", "quality", "logistics", "procurement",
                     "finance", "hr", "it", "marketing")

REGIONS = ["North China", "Northeast", "East China", "South China", "Central China",
           "Southwest", "Northwest", "Yangtze Delta", "Pearl River Delta", "Bohai Rim",
           "Western Inland", "Southeast Coast", "Upper Yangtze", "Yellow River", "Far West",
           "Greater Bay"]
CITIES = [
    "Guangzhou", "Shenzhen", "Foshan", "Dongguan", "Zhuhai", "Shantou", "Xiamen", "Fuzhou",
    "Quanzhou", "Nanning", "Haikou", "Kunming", "Guiyang", "Chengdu", "Chongqing",
    "Mianyang", "Xi'an", "Lanzhou", "Yinchuan", "Xining", "Urumqi", "Hohhot", "Taiyuan",
    "Shijiazhuang", "Beijing", "Tianjin", "Tangshan", "Baoding", "Jinan", "Qingdao",
    "Yantai", "Weifang", "Zhengzhou", "Luoyang", "Wuhan", "Yichang", "Changsha", "Zhuzhou",
    "Nanchang", "Ganzhou", "Hefei", "Wuhu", "Nanjing", "Suzhou", "Wuxi", "Changzhou",
    "Nantong", "Xuzhou", "Shanghai", "Hangzhou", "Ningbo", "Wenzhou", "Shaoxing", "Jinhua",
    "Taizhou", "Shenyang", "Dalian", "Anshan", "Changchun", "Jilin", "Harbin", "Daqing",
    "Qiqihar", "Baotou", "Datong", "Handan", "Linyi", "Zibo", "Nanyang", "Xiangyang",
    "Hengyang", "Liuzhou", "Guilin", "Zunyi", "Yibin", "Nanchong", "Baoji", "Yulin",
    "Zhanjiang", "Jiangmen", "Huizhou", "Zhongshan", "Putian", "Zhangzhou", "Jiujiang",
    "Bengbu", "Yangzhou", "Yancheng", "Huai'an", "Lianyungang", "Jiaxing", "Huzhou",
]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu",
            "Xu", "Sun", "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song",
            "Zheng", "Xie", "Han", "Tang", "Feng", "Yu", "Dong", "Xiao", "Cheng", "Cao"]
GIVEN = ["Wei", "Fang", "Min", "Jing", "Lei", "Jun", "Yan", "Hui", "Qiang", "Xiu", "Ping",
         "Gang", "Hong", "Yong", "Jie", "Tao", "Ming", "Chao", "Xia", "Li", "Na", "Bin",
         "Hao", "Yu", "Lan", "Rui", "Kai", "Ning", "Xin", "Peng", "Dan", "Feng"]

# --------------------------------------------------------------------------------------
# Prose: sentences of the length people write in such files (80-160 characters).

SITUATIONS = [
    "during the peak season before the National Day holiday",
    "when a customer complaint escalates on social media",
    "at the launch of a new model range",
    "when a key account audits our in-store execution",
    "when stock runs short before a promotion weekend",
    "in a warranty dispute with a retail partner",
    "when a competitor cuts prices in the territory",
    "when a new colleague joins the team mid-season",
    "when energy-label rules change",
    "during the year-end budget review",
    "when a supplier delivers late",
    "when the monthly figures fall behind plan",
]
WHO = ["customers", "retail partners", "colleagues in the branch", "the service centre",
       "the plant", "key accounts", "distributors", "the regional office", "headquarters",
       "installation partners", "suppliers", "new colleagues"]

LEVEL_TEMPLATES: dict[int, list[str]] = {
    1: [
        "Follows the company checklist for {t} and asks a senior colleague when a case falls outside it.",
        "Describes the basic terms and steps of {t} correctly to {w} when asked.",
        "Recognises the common situations in {t} and knows where the company standard is written down.",
        "Carries out simple tasks in {t} under close guidance and records them in the system on time.",
        "Names the main risks in {t} and reports anything unusual to the supervisor the same day.",
    ],
    2: [
        "Handles routine cases of {t} correctly and needs help only with unusual or urgent ones.",
        "Explains {t} to {w} in plain words and checks that they have understood.",
        "Applies the standard method for {t} {s}, with occasional advice from a senior colleague.",
        "Prepares the usual documents and figures for {t} without errors and on time.",
        "Spots when a case of {t} does not fit the routine and escalates it with the facts.",
    ],
    3: [
        "Works independently on the full range of everyday {t} and gets the expected result.",
        "Analyses problems in {t} {s} and chooses a sound solution without waiting for instructions.",
        "Agrees clear commitments on {t} with {w} and keeps them.",
        "Uses data from the sales and service systems to check the results of {t} every month.",
        "Adapts the standard approach to {t} to the situation of {w} and explains why.",
    ],
    4: [
        "Handles complex and high-stakes cases of {t}, such as {s}, and anticipates the problems.",
        "Improves the way the branch or department handles {t} and measures the effect.",
        "Coaches colleagues in {t} on the job and is the person {w} go to for advice.",
        "Reviews the work of others in {t} and gives specific, useful feedback.",
        "Builds lasting working relationships with {w} around {t}, also when interests differ.",
    ],
    5: [
        "Sets or changes the company standard for {t} and designs the training others use.",
        "Is recognised across the company as the reference for {t} and represents us towards {w}.",
        "Foresees how {t} will change over the next years and prepares the company for it.",
        "Leads company-wide projects that change how we handle {t}, from pilot to roll-out.",
    ],
}
DESCRIPTION_TEMPLATES = [
    "{n} means {d}. It matters because {r}",
    "{n}: {d}. We describe it company-wide because {r}",
    "The ability to work with {t} in our company's way: {d}. {R}",
]
DOING = [
    "knowing what good looks like and doing it reliably under time pressure",
    "understanding the customer's real need and turning it into the right action",
    "keeping to our standards while adapting to the situation in the store, the plant or the office",
    "working with facts and figures rather than impressions",
    "sharing what works with colleagues so that the whole team improves",
]
REASONS = [
    "consumers compare prices online before they come to the store, and what wins them is advice they trust.",
    "the same mistake repeated in thirty branches costs more than any training course.",
    "our partners judge the whole company by the people they deal with every week.",
    "the training manager can only plan well when supervisors describe gaps in the same words.",
    "new product ranges arrive every season and last year's knowledge is not enough.",
    "quality problems found by the customer cost ten times more than those found at home.",
]
RESPONSIBILITIES: dict[str, list[str]] = {
    "task": [
        "Deliver the monthly targets for {t} agreed with the supervisor.",
        "Plan the week's work on {t} and keep the records in the system up to date.",
        "Prepare the figures and reports on {t} that the department needs for its reviews.",
        "Resolve the everyday problems of {t} within the agreed time.",
        "Carry out the assigned projects on {t} on time and within budget.",
    ],
    "team": [
        "Break the team's targets for {t} down into individual targets and review progress weekly.",
        "Coach each team member on the job and hold regular performance conversations.",
        "Assess team members against the role profile and send the team's training needs with evidence.",
        "Follow up after training whether the gaps in {t} have closed.",
        "Plan staffing and shifts so that the work on {t} is covered in the peak season.",
    ],
    "internal-clients": [
        "Give {w} the information they need about {t} on time and in the agreed format.",
        "Agree service levels on {t} with {w} and review them every quarter.",
        "Pass feedback from the market on {t} to headquarters with concrete examples.",
    ],
    "external-clients": [
        "Build and keep working relationships with {w} on {t}.",
        "Handle questions and escalations from {w} about {t} politely and within a day.",
        "Negotiate terms on {t} with {w} within the limits set by the company.",
    ],
    "improvement": [
        "Keep to the company's standards, pricing rules and safety rules in all work on {t}.",
        "Propose improvements in how the team handles {t} and test them on a small scale first.",
        "Share effective practices on {t} with colleagues in other branches.",
    ],
}
PLACES = ["in the branch territory", "across the region", "for the whole company",
          "at headquarters", "at the plant"]
NOTES = [
    "Checked in the first performance conversation after the probation period.",
    "Needed from day one: the role works alone with customers.",
    "The level rises to the next one in the peak season, when the role covers for the supervisor.",
    "Most gaps found here are closed by coaching on the job rather than a course.",
    "Required because the role signs off work that others rely on.",
]


def sentence(rng: random.Random, template: str, topic: str, name: str = "") -> str:
    return template.format(t=topic, s=rng.choice(SITUATIONS), w=rng.choice(WHO), n=name,
                           d=rng.choice(DOING), r=rng.choice(REASONS), R=cap(rng.choice(REASONS)))


# --------------------------------------------------------------------------------------
# The company, as plain data.


@dataclass
class Competency:
    id: str
    name: str
    category: str
    homes: list[str]
    topic: str


@dataclass
class Role:
    id: str
    title: str
    family: str
    rank: int
    ladder_len: int
    managerial: bool
    track: str
    grade: str
    reports_to: str = ""
    next_roles: list[str] = field(default_factory=list)
    required: dict[str, int] = field(default_factory=dict)  # competency id -> level


@dataclass
class Department:
    id: str
    name: str
    type: str
    parent: str
    location: str
    family: str = ""
    staffing: dict[str, int] = field(default_factory=dict)
    head: str = ""  # the head's handle


@dataclass
class Company:
    employees: int
    competencies: list[Competency]
    roles: list[Role]
    departments: list[Department]
    groups: dict[str, list[str]] = field(default_factory=dict)  # approver group -> handles
    sizes: dict[str, list[int]] = field(default_factory=dict)


def scaled(base: int, employees: int) -> int:
    return max(1, round(base * employees / BASE_EMPLOYEES))


def make_competencies(rng: random.Random, count: int) -> list[Competency]:
    generic = [Competency(slug(n), n, cat, homes, n.lower()) for cat, n, homes in GENERIC_COMPETENCIES]
    pool: list[Competency] = []
    for cat, template, subjects, homes in COMPETENCY_FAMILIES:
        for subject in subjects:
            name = cap(template.format(s=subject))
            pool.append(Competency(slug(name), name, cat, homes, name[:1].lower() + name[1:]))
    rng.shuffle(pool)
    chosen = generic[: min(len(generic), count)] + pool[: max(0, count - len(generic))]
    suffix = 2
    while len(chosen) < count:  # beyond the pool: regional variants of existing ones
        for comp in pool[: count - len(chosen)]:
            name = f"{comp.name} (level {suffix} specialisation)"
            chosen.append(Competency(slug(name), name, comp.category, comp.homes, comp.topic))
        suffix += 1
    seen: set[str] = set()
    for comp in chosen:
        assert comp.id not in seen, comp.id
        seen.add(comp.id)
    return sorted(chosen, key=lambda c: c.id)


def make_roles(rng: random.Random, count: int) -> list[Role]:
    roles: list[Role] = [Role("general-manager", "General manager", "general", 9, 9, True,
                              "the company", "E1")]
    heads: dict[str, str] = {}
    for fid, fname, _desc, _ladder, _mgr, _tracks in FAMILIES:
        if fid == "general":
            continue
        rid = f"head-of-{fid}"
        heads[fid] = rid
        roles.append(Role(rid, f"Head of {fname.lower() if fid != 'it' else 'IT'}", fid, 8, 8,
                          True, fname.lower(), "E2", reports_to="general-manager",
                          next_roles=["general-manager"]))
    cursors = {fid: 0 for fid, *_ in FAMILIES}
    ladders: list[list[Role]] = []
    families = [f for f in FAMILIES]
    budget = count - len(roles)
    while budget > 0:
        progressed = False
        for fid, _fname, _desc, ladder, mgr_from, tracks in families:
            if budget <= 0:
                break
            index = cursors[fid]
            cursors[fid] += 1
            tracks = FUNCTION_TRACKS.get(fid, tracks)
            track = tracks[index % len(tracks)]
            if index >= len(tracks):
                track = f"{track} ({REGIONS[(index // len(tracks) - 1) % len(REGIONS)]})"
            length = min(len(ladder), budget)
            steps: list[Role] = []
            for rank in range(length):
                title = f"{cap(ladder[rank])}, {track}"
                managerial = rank >= mgr_from
                grade = f"{'M' if managerial else 'P'}{rank + 1 - (mgr_from if managerial else 0)}"
                steps.append(Role(slug(title), title, fid, rank, len(ladder), managerial,
                                  track, grade))
            ladders.append(steps)
            roles.extend(steps)
            budget -= length
            progressed = True
        if not progressed:
            break
    ids = [r.id for r in roles]
    assert len(ids) == len(set(ids)), "duplicate role ids"
    by_family: dict[str, list[list[Role]]] = {}
    for steps in ladders:
        by_family.setdefault(steps[0].family, []).append(steps)
    for fid, family_ladders in by_family.items():
        top = heads.get(fid, "general-manager")
        for steps in family_ladders:
            for rank, role in enumerate(steps):
                upper = steps[rank + 1] if rank + 1 < len(steps) else None
                role.reports_to = upper.id if upper else top
                nxt = [upper.id] if upper else [top]
                if upper and len(family_ladders) > 1 and rng.random() < 0.4:
                    other = rng.choice(family_ladders)
                    if other is not steps and rank + 1 < len(other):
                        nxt.append(other[rank + 1].id)
                role.next_roles = nxt
    return roles


def make_departments(rng: random.Random, count: int, employees: int,
                     roles: list[Role]) -> list[Department]:
    regions_n = max(2, round(count / 12))
    functions = list(FUNCTION_FAMILIES)
    branches_n = max(regions_n, round(count * 0.53))
    teams_n = max(0, count - 1 - regions_n - len(functions) - branches_n)
    cities = list(CITIES)
    rng.shuffle(cities)
    depts = [Department("company", "Jiahe Home Appliances", "company", "", "Foshan", "general")]
    regions = []
    for i in range(regions_n):
        name = REGIONS[i % len(REGIONS)] + ("" if i < len(REGIONS) else f" {i // len(REGIONS) + 1}")
        regions.append(Department(slug(name + " region"), f"{name} region", "region", "company",
                                  cities[i % len(cities)], "general"))
    depts += regions
    for i in range(branches_n):
        city = cities[i % len(cities)] + ("" if i < len(cities) else f" {i // len(cities) + 1}")
        depts.append(Department(slug(city + " branch"), f"{city} branch", "branch",
                                regions[i % regions_n].id, city, "front"))
    family_names = {fid: name for fid, name, *_ in FAMILIES}
    function_depts = []
    for fid in functions:
        d = Department(f"{fid}-function", f"{family_names[fid]} (headquarters)", "function",
                       "company", "Foshan", fid)
        function_depts.append(d)
    depts += function_depts
    for i in range(teams_n):
        parent = function_depts[i % len(function_depts)]
        city = cities[(i * 7 + 3) % len(cities)]
        name = f"{family_names[parent.family]}, {city} site" + (
            "" if i < len(cities) else f" {i // len(cities) + 1}")
        depts.append(Department(slug(name), name, "team", parent.id, city, parent.family))
    staff(rng, depts, employees, roles)
    return depts


def staff(rng: random.Random, depts: list[Department], employees: int, roles: list[Role]) -> None:
    """Headcount per role per department, summing exactly to `employees`."""
    weights = []
    for d in depts:
        weights.append({"company": 0.5, "region": 2.0, "branch": 100.0, "function": 20.0,
                        "team": 45.0}[d.type] * rng.uniform(0.6, 1.4))
    targets = largest_remainder(employees, weights)
    by_family: dict[str, list[Role]] = {}
    for r in roles:
        by_family.setdefault(r.family, []).append(r)
    for d, target in zip(depts, targets, strict=True):
        if d.type == "company":
            pool = [r for r in roles if r.rank >= 8]
        elif d.type == "region":
            pool = [r for r in roles if r.family == "general" or
                    (r.family in FRONT_LINE and r.rank == r.ladder_len - 1 and r.rank < 8)]
            pool = rng.sample(pool, min(len(pool), 6))
        elif d.type == "branch":
            pool = [r for r in roles if r.family in FRONT_LINE and r.rank < 8
                    and r.rank < r.ladder_len - 1]
            pool = rng.sample(pool, min(len(pool), rng.randint(22, 40)))
        else:
            fam = [r for r in by_family.get(d.family, []) if r.rank < 8]
            if d.type == "function":
                fam = [r for r in fam if r.rank >= 1]
            else:
                fam = [r for r in fam if r.rank < r.ladder_len - 1]
            pool = rng.sample(fam, min(len(fam), rng.randint(10, 24)))
        if not pool:  # small companies: a unit without roles of its own kind
            pool = [r for r in roles if r.rank < 8][:3] or roles[:1]
        pool.sort(key=lambda r: r.id)
        pool = pool[: max(1, target)]
        if target == 0:
            d.staffing = {}
            continue
        role_weights = [(max(1, r.ladder_len - r.rank)) ** 2 * rng.uniform(0.5, 1.5) for r in pool]
        counts = [1] * len(pool)
        extra = largest_remainder(target - len(pool), role_weights)
        d.staffing = {r.id: c + e for r, c, e in zip(pool, counts, extra, strict=True)}
    total = sum(sum(d.staffing.values()) for d in depts)
    assert total == employees, (total, employees)


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    if total <= 0:
        return [0] * len(weights)
    s = sum(weights)
    exact = [total * w / s for w in weights]
    floors = [int(x) for x in exact]
    rest = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:rest]:
        floors[i] += 1
    return floors


# --------------------------------------------------------------------------------------
# Writing the files.


class Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def person(self) -> tuple[str, str]:
        while True:
            surname, given = self.rng.choice(SURNAMES), self.rng.choice(GIVEN)
            second = self.rng.choice(GIVEN).lower() if self.rng.random() < 0.6 else ""
            name = f"{surname} {given}{second}"
            handle = f"{given}{second}-{surname}".lower()
            n = 2
            base = handle
            while handle in self.used:
                handle, n = f"{base}{n}", n + 1
            self.used.add(handle)
            return name, handle


def competency_doc(rng: random.Random, comp: Competency, names: Names) -> dict[str, Any]:
    description = sentence(rng, rng.choice(DESCRIPTION_TEMPLATES), comp.topic, comp.name)
    if rng.random() < 0.5:
        description += " " + cap(sentence(rng, "In practice this shows {s}, towards {w}.", comp.topic))
    levels = []
    for level in range(1, 6):
        templates = rng.sample(LEVEL_TEMPLATES[level], rng.randint(2, min(4, len(LEVEL_TEMPLATES[level]))))
        levels.append({"level": level,
                       "indicators": [sentence(rng, t, comp.topic) for t in templates]})
    doc: dict[str, Any] = {"id": comp.id, "name": comp.name, "category": comp.category,
                           "scale": "proficiency", "description": Folded(description),
                           "levels": levels}
    if rng.random() < 0.5:
        doc["owner"] = names.person()[1]
    return doc


def role_doc(rng: random.Random, role: Role, comps: list[Competency],
             homes: dict[str, list[Competency]]) -> dict[str, Any]:
    topic = role.track if role.rank < 8 else "the function's work"
    summary = (f"{cap(role.title.split(',')[0])} responsible for {topic} "
               f"{rng.choice(PLACES)}. "
               + cap(sentence(rng, "Works closely with {w} and is measured on results, quality and how "
                              "well the work is kept to company standards.", topic)))
    areas = ["task"]
    if role.managerial:
        areas.append("team")
    areas += rng.sample(["internal-clients", "external-clients"], rng.randint(1, 2))
    areas.append("improvement")
    responsibilities = {}
    for area in [a for a, *_ in AREAS if a in areas]:
        templates = rng.sample(RESPONSIBILITIES[area], rng.randint(2, min(4, len(RESPONSIBILITIES[area]))))
        responsibilities[area] = [sentence(rng, t, topic) for t in templates]
    wanted = rng.randint(8, 15)
    generic, leading = homes.get("*", []), homes.get("lead", [])
    core = rng.sample(generic, min(4, len(generic)))
    lead = rng.sample(leading, min(len(leading), rng.randint(2, 4))) if role.managerial else []
    own = list(homes.get(role.family, []))
    related = [c for c in own if role.track.split(" (")[0] in c.topic]
    rng.shuffle(own)
    picks: list[Competency] = []
    for c in core + lead + related + own + rng.sample(comps, min(20, len(comps))):
        if c not in picks:
            picks.append(c)
        if len(picks) >= wanted:
            break
    reqs = []
    base = 1 + round(4 * min(role.rank, role.ladder_len - 1) / max(1, role.ladder_len - 1))
    critical = set(rng.sample(range(len(picks)), rng.randint(1, 3)))
    for i, c in enumerate(picks):
        level = max(1, min(5, base + rng.choice([-1, 0, 0, 1])))
        req: dict[str, Any] = {"competency": c.id, "level": level}
        if i in critical:
            req["critical"] = True
        if rng.random() < 0.15:
            req["note"] = rng.choice(NOTES)
        reqs.append(req)
        role.required[c.id] = level
    doc: dict[str, Any] = {"id": role.id, "title": cap(role.title), "family": role.family,
                           "grade": role.grade, "summary": Folded(summary)}
    if role.reports_to:
        doc["reports_to"] = role.reports_to
    if role.next_roles:
        doc["next_roles"] = role.next_roles
    doc["responsibilities"] = responsibilities
    doc["competencies"] = reqs
    return doc


def department_doc(rng: random.Random, dept: Department, names: Names) -> dict[str, Any]:
    name, handle = names.person()
    what = {
        "company": "The whole company: headquarters functions, the plants and the sales organisation.",
        "region": f"Leads the branches of the {dept.name} and is accountable for their sales, "
                  "service quality and people.",
        "branch": f"Sells, promotes and services our appliances in and around {dept.location} "
                  "through retailers, dealers, key accounts and our own stores.",
        "function": f"The headquarters function for {dept.name.split(' (')[0].lower()}: sets the "
                    "standards, runs the central processes and supports the branches and plants.",
        "team": f"Part of {dept.parent.replace('-', ' ')} working from {dept.location}.",
    }[dept.type]
    doc: dict[str, Any] = {"id": dept.id, "name": dept.name, "type": dept.type}
    if dept.parent:
        doc["parent"] = dept.parent
    doc["description"] = Folded(what)
    doc["head"] = {"name": name, "handle": handle}
    dept.head = handle
    doc["location"] = dept.location
    if dept.staffing:
        doc["staffing"] = dict(dept.staffing)
    return doc


def write_company(out: Path, employees: int, seed: int, cycles: int,
                  site_config_from: Path = REPO) -> Company:
    rng = random.Random(seed)
    names = Names(random.Random(seed + 1))
    comps = make_competencies(rng, scaled(BASE_COMPETENCIES, employees))
    roles = make_roles(rng, scaled(BASE_ROLES, employees))
    depts = make_departments(rng, scaled(BASE_DEPARTMENTS, employees), employees, roles)
    company = Company(employees, comps, roles, depts)
    root = out / MAP
    for folder in (MAP, "needs", "plans"):
        if (out / folder).exists():
            shutil.rmtree(out / folder)
    sizes: dict[str, list[int]] = {}

    def put(kind: str, path: Path, schema: str, data: dict[str, Any]) -> None:
        depth = len(path.relative_to(out).parts) - 1
        sizes.setdefault(kind, []).append(write_yaml(path, schema, data, depth))

    put("scale", root / "scales" / "proficiency.yml", "scale", {
        "id": "proficiency", "name": "Proficiency",
        "description": Folded("The one scale every competency is described and required on. A role "
                              "profile says which level the job needs; the direct supervisor "
                              "assesses which level a person shows today, from what they do at "
                              "work. Each level includes everything below it."),
        "levels": [{"level": n, "name": lv, "description": Folded(text)} for n, (lv, text) in enumerate([
            ("Awareness", "Knows what the competency is and why it matters; carries out simple "
                          "steps with guidance."),
            ("Developing", "Handles routine situations with occasional help from a senior colleague."),
            ("Proficient", "Works independently and reliably in the normal range of situations of the job."),
            ("Advanced", "Handles complex situations, improves the way the work is done and coaches others."),
            ("Expert", "Is the company's reference; sets the standard and designs the methods others use."),
        ], start=1)]})
    put("vocabulary", root / "areas.yml", "areas", {"areas": [
        {"id": i, "name": n, "description": Folded(d)} for i, n, d in AREAS]})
    put("vocabulary", root / "categories.yml", "categories", {"categories": [
        {"id": i, "name": n, "description": Folded(d)} for i, n, d in CATEGORIES]})
    put("vocabulary", root / "families.yml", "families", {"families": [
        {"id": i, "name": n, "description": Folded(d)} for i, n, d, *_ in FAMILIES]})
    gov_names = Names(random.Random(seed + 2))
    groups = [
        ("training", "Training department", "Runs the training cycle and keeps the competency map.", 4),
        ("hr", "Human resources", "Owns the role profiles and the grading of roles.", 5),
        ("top-management", "Top management", "Approves the training plan and its budget.", 3),
    ] + [(f"{r.id}-heads", f"{r.name} heads", f"Branch heads of the {r.name}.", 4)
         for r in depts if r.type == "region"]
    company.groups = {g: [gov_names.person()[1] for _ in range(k)] for g, _n, _d, k in groups}
    put("vocabulary", root / "governance.yml", "governance", {
        "groups": [{"id": g, "name": n, "description": d, "members": company.groups[g]}
                   for g, n, d, k in groups],
        "model_owners": ["training", "hr"],
        "plan_approvers": ["training", "hr", "top-management"],
    })
    homes: dict[str, list[Competency]] = {}
    for c in comps:
        for h in c.homes:
            homes.setdefault(h, []).append(c)
    for c in comps:
        put("competency", root / "competencies" / f"{c.id}.yml", "competency",
            competency_doc(rng, c, names))
    for r in roles:
        put("role", root / "roles" / f"{r.id}.yml", "role", role_doc(rng, r, comps, homes))
    for d in depts:
        put("department", root / "departments" / f"{d.id}.yml", "department",
            department_doc(rng, d, names))
    # A separate stream, so the map is the same with or without cycles.
    write_needs_and_plans(company, random.Random(seed + 3), cycles, put, out)
    copy_site_config(out, site_config_from)
    company.sizes = sizes
    return company


EVIDENCE = [
    "Performance conversations in {m} showed that {h} of the {n} people in this role handle "
    "routine work in {t} but struggle {s}.",
    "Sales and service figures for {q} point to gaps in {t}; {h} people are still below "
    "level {target} that the role requires.",
    "People who joined this year have not yet reached the level the role requires in {t}; "
    "their supervisors confirmed it in the {m} reviews.",
    "Complaints from {w} in {q} trace back to {t}: {h} people need to reach level {target}.",
    "Joint visits by the supervisor in {m} found that {h} people skip steps in {t} {s}.",
]
JUSTIFICATIONS = [
    "The branch takes over this work from headquarters next season, so the team needs it "
    "above the level in the profile.",
    "Not in the role's profile yet, but the new product range makes it part of the job; a "
    "change to the profile is proposed.",
]
FOLLOW_UP_NOTES = [
    "Supervisors see the new steps used in most customer visits.",
    "Fewer escalations to the service centre since the training.",
    "Two people still need coaching on the job; the rest work at the target level.",
]
VENDORS = ["Lingnan Sales Academy", "Huaxia Management Consulting", "Pearl River Training Co.",
           "Zhongke Quality Institute", "Bluesky Learning", "Eastbridge Leadership"]
MODE_TITLES = {"internal-course": "internal course", "vendor": "external workshop",
               "coaching": "coaching on the job", "e-learning": "e-learning path"}
REASONS_UNANSWERED = [
    "Too few people for a course this cycle; the supervisor coaches on the job.",
    "Covered by the existing e-learning library; no separate program.",
    "Postponed to the next cycle to keep within the budget.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def cycle_ids(count: int, last: tuple[int, int] = (2027, 1)) -> list[tuple[str, int, int]]:
    """The last `count` half-year cycles up to `last`, oldest first: (id, year, half)."""
    year, half = last
    out = []
    for _ in range(count):
        out.append((f"{year}-h{half}", year, half))
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return out[::-1]


def day(d: Any) -> str:
    return str(d.isoformat())


def write_needs_and_plans(company: Company, rng: random.Random, cycles: int, put: Any,
                          out: Path) -> None:
    """Needs (`needs/<cycle>/<department>.yml`) and plans (`plans/<cycle>.yml`) for `cycles`
    half-year training cycles ending with 2027-h1.

    The newest cycle is `collecting` (about three in four departments have submitted), the
    one before `in-progress`, all older ones `closed` with follow-ups and evaluations.
    Every need names a role staffed in its department (headcount within the staffing), a
    competency of that role's profile (rarely one outside it, with a justification) and a
    target above the current level; every plan answers each need by a program or lists it
    as unanswered with a reason, with enough seats, costs within the budget and the
    approvals of every `plan_approvers` group. Issue 2's reference company (8 cycles × 60
    departments) is about 1,180 files and 7.7 MB.
    """
    import datetime as dt

    roles = {r.id: r for r in company.roles}
    comps = {c.id: c for c in company.competencies}
    training = company.groups["training"]
    ids = cycle_ids(cycles)
    pull_request = 100
    for index, (cycle_id, year, half) in enumerate(ids):
        status = ("collecting" if index == len(ids) - 1 else
                  "in-progress" if index == len(ids) - 2 else "closed")
        start = dt.date(year, 1 if half == 1 else 7, 1)
        end = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        needs_due = start - dt.timedelta(days=45)
        review_on = start - dt.timedelta(days=20)
        needs: list[dict[str, Any]] = []  # entries with their department, for the plan
        for dept in company.departments:
            if status == "collecting" and rng.random() < 0.25:
                continue  # not submitted yet
            entries = []
            pairs: set[tuple[str, str]] = set()
            staffed = [r for r in dept.staffing if dept.staffing[r] > 0]
            for _ in range(min(40, round(len(staffed) * rng.uniform(0.8, 1.4)))):
                role = roles[rng.choice(staffed)]
                gaps = [c for c, lv in role.required.items() if lv >= 2]
                outside = rng.random() < 0.04
                if not gaps and not outside:
                    continue  # the role's profile asks only level 1: nothing to train up to
                comp_id = rng.choice(list(comps)) if outside else rng.choice(gaps)
                if (role.id, comp_id) in pairs:
                    continue
                pairs.add((role.id, comp_id))
                required = role.required.get(comp_id)
                if required == 1:
                    continue
                entry: dict[str, Any] = {"role": role.id, "competency": comp_id}
                if required is None:
                    current, target = 1, rng.randint(2, 3)
                elif required < 5 and rng.random() < 0.04:
                    current, target = required - 1, required + 1
                else:
                    current, target = rng.randint(max(1, required - 2), required - 1), required
                head = rng.randint(1, dept.staffing[role.id])
                entry.update(current=current, target=target, headcount=head,
                             priority=rng.choices(["high", "medium", "low"], [1, 2, 1])[0])
                entry["evidence"] = rng.choice(EVIDENCE).format(
                    m=MONTHS[(start.month + 8) % 12], h=head, n=dept.staffing[role.id],
                    t=comps[comp_id].name.lower(), s=rng.choice(SITUATIONS), w=rng.choice(WHO),
                    q=f"Q{rng.randint(1, 4)} {year - 1}", target=target)
                if rng.random() < 0.8:
                    entry["delivery"] = rng.choice(list(MODE_TITLES))
                if rng.random() < 0.5:
                    entry["needed_by"] = day(start + dt.timedelta(days=rng.randint(60, 170)))
                if required is None or target > required:
                    entry["justification"] = rng.choice(JUSTIFICATIONS)
                if status == "closed" and rng.random() < 0.8:
                    follow: dict[str, Any] = {
                        "level_reached": rng.randint(current, target),
                        "headcount_reached": rng.randint(0, head),
                        "date": day(end + dt.timedelta(days=rng.randint(20, 60)))}
                    if rng.random() < 0.4:
                        follow["notes"] = rng.choice(FOLLOW_UP_NOTES)
                    entry["follow_up"] = follow
                entries.append(entry)
                needs.append({**entry, "department": dept.id})
            doc: dict[str, Any] = {
                "submitted_by": dept.head,
                "submitted_on": day(needs_due - dt.timedelta(days=rng.randint(0, 25)))}
            if rng.random() < 0.3:
                doc["notes"] = Folded(
                    f"Needs found in the performance conversations of {MONTHS[(start.month + 8) % 12]}. "
                    "Peak-season staff are not included; their needs follow with the next cycle.")
            doc["entries"] = entries
            put("needs", out / "needs" / cycle_id / f"{dept.id}.yml", "needs", doc)
        put("plan", out / "plans" / f"{cycle_id}.yml", "plan",
            plan_doc(rng, company, cycle_id, year, half, status, start, end, needs_due,
                     review_on, needs, training, pull_request))
        pull_request += 40 + len(company.departments)


def plan_doc(rng: random.Random, company: Company, cycle_id: str, year: int, half: int,
             status: str, start: Any, end: Any, needs_due: Any, review_on: Any,
             needs: list[dict[str, Any]], training: list[str], pull_request: int) -> dict[str, Any]:
    import datetime as dt

    comps = {c.id: c for c in company.competencies}
    depts = {d.id: d for d in company.departments}
    doc: dict[str, Any] = {
        "id": cycle_id, "title": f"{year} {'first' if half == 1 else 'second'} half",
        "description": Folded(
            f"Training cycle for the {'first' if half == 1 else 'second'} half of {year}. "
            "Department heads state their needs from the performance conversations; the "
            "training team consolidates them into programs for review by HR and top management."),
        "period": {"start": day(start), "end": day(end)},
        "needs_due": day(needs_due), "review_on": day(review_on), "status": status,
        "owner": training[0], "currency": "CNY"}
    if status == "collecting":
        return doc
    by_comp: dict[str, list[dict[str, Any]]] = {}
    for need in needs:
        by_comp.setdefault(need["competency"], []).append(need)
    programs: list[dict[str, Any]] = []
    unanswered: list[dict[str, str]] = []
    today = dt.date(2026, 11, 15)
    for comp_id in sorted(by_comp):
        group = by_comp[comp_id]
        keys = sorted(f"{n['department']}/{n['role']}/{n['competency']}" for n in group)
        wanted = sum(n["headcount"] for n in group)
        if wanted < 8 and not any(n["priority"] == "high" for n in group):
            unanswered += [{"need": k, "reason": rng.choice(REASONS_UNANSWERED)} for k in keys]
            continue
        modes = [n["delivery"] for n in group if "delivery" in n] or ["internal-course"]
        mode = max(sorted(set(modes)), key=modes.count)
        comp = comps[comp_id]
        program: dict[str, Any] = {
            "id": comp_id, "title": f"{comp.name}: {MODE_TITLES[mode]}",
            "description": Folded(
                f"Brings {wanted} people from {len({n['department'] for n in group})} "
                f"departments to the level their roles require in {comp.name.lower()}, with "
                "practice on real cases from their own work."),
            "competencies": [{"competency": comp_id, "target": max(n["target"] for n in group)}],
            "answers": keys,
            "audience": {"roles": sorted({n["role"] for n in group}),
                         "departments": sorted({n["department"] for n in group})},
        }
        delivery: dict[str, Any] = {"mode": mode}
        if mode == "vendor":
            delivery["vendor"] = rng.choice(VENDORS)
        elif mode in ("internal-course", "coaching"):
            delivery["lecturer"] = rng.choice(training)
        program["delivery"] = delivery
        if mode in ("internal-course", "vendor"):
            seats = 24
            count = -(-wanted // seats)
            span = (end - start).days
            sessions = []
            for k in range(count):
                when = start + dt.timedelta(days=round((k + 0.5) * span / count))
                session: dict[str, Any] = {
                    "date": day(when),
                    "location": depts[rng.choice(program["audience"]["departments"])].location
                    if rng.random() < 0.7 else "online",
                    "capacity": seats}
                if status == "closed" or when < today:
                    session["status"] = "held"
                    session["attended"] = rng.randint(seats * 2 // 3, seats)
                else:
                    session["status"] = "planned"
                sessions.append(session)
            program["sessions"] = sessions
            cost = count * (12000 if mode == "vendor" else 1500)
        else:
            program["capacity"] = wanted + rng.randint(0, 10)
            cost = wanted * (60 if mode == "e-learning" else 0)
        program["cost"] = cost
        if cost and rng.random() < 0.5:
            shares: dict[str, int] = {}
            for n in group:
                shares[n["department"]] = shares.get(n["department"], 0) + n["headcount"]
            split = largest_remainder(cost, list(shares.values()))
            program["cost_by_department"] = {
                d: v for d, v in zip(shares, split, strict=True) if v}
        program["owner"] = rng.choice(training)
        if status == "closed":
            program["status"] = "delivered"
            pre = rng.randint(35, 65)
            program["evaluation"] = {
                "reaction": round(rng.uniform(3.6, 4.8), 1),
                "learning": {"pre": pre, "post": min(100, pre + rng.randint(15, 35))},
                "behaviour": f"Supervisors checked {MONTHS[end.month % 12]}: most participants "
                             f"apply what they learnt in {comp.name.lower()} in their daily work.",
                "results": rng.choice([
                    "Complaints about this topic fell by a fifth in the following quarter.",
                    "Conversion in the participating stores rose by three points.",
                    "Repeat visits by technicians fell from 9% to 6%.",
                    "Audit findings on this topic halved at the next audit."])}
        else:
            program["status"] = rng.choice(["scheduled", "running", "delivered"])
        programs.append(program)
    total_cost = sum(p["cost"] for p in programs)
    total = int(math_ceil(total_cost * 1.1 / 10000) * 10000)
    dept_weights: dict[str, int] = {}
    for need in needs:
        dept_weights[need["department"]] = dept_weights.get(need["department"], 0) + need["headcount"]
    names = sorted(dept_weights)
    budget_shares = largest_remainder(int(total * 0.9), [dept_weights[d] for d in names])
    doc["budget"] = {"total": total,
                     "departments": {d: v for d, v in zip(names, budget_shares, strict=True) if v}}
    doc["programs"] = programs
    if unanswered:
        doc["unanswered"] = unanswered
    approvals = []
    gov = company.groups
    for k, group_id in enumerate(["training", "hr", "top-management"]):
        approvals.append({"group": group_id, "handle": gov[group_id][k % len(gov[group_id])],
                          "date": day(review_on + dt.timedelta(days=3 + k)),
                          "pull_request": pull_request})
    doc["approvals"] = approvals
    if status == "in-progress":
        doc["amendments"] = [{"date": day(start + dt.timedelta(days=40)),
                              "pull_request": pull_request + 25,
                              "reason": "Moved two sessions to after the summer promotion."}]
    return doc


def math_ceil(x: float) -> int:
    return -int(-x // 1)

def copy_site_config(out: Path, repo: Path = REPO) -> None:
    """The repository's mkdocs.yml (plus docs/ and theme overrides), else a minimal one.

    `repo` is the checkout being measured, so the company is configured as its example is.
    """
    src = repo / "mkdocs.yml"
    if src.is_file():
        shutil.copy2(src, out / "mkdocs.yml")
        extra = ["docs"]
        custom = re.search(r"^\s+custom_dir:\s*['\"]?([^'\"\n#]+)", src.read_text("utf-8"), re.M)
        if custom:
            extra.append(custom.group(1).strip())
        for name in extra:
            path = repo / name
            if path.is_dir() and path.resolve() != out.resolve():
                shutil.rmtree(out / name, ignore_errors=True)
                shutil.copytree(path, out / name)
        return
    (out / "mkdocs.yml").write_text(
        "site_name: Jiahe competency map (benchmark)\n"
        "theme:\n"
        "  name: material\n"
        "  font: false\n"
        "  features:\n"
        "    - navigation.sections\n"
        "    - navigation.prune\n"
        "plugins:\n"
        "  - search\n", encoding="utf-8")


def summarise(company: Company) -> str:
    lines = [f"{company.employees} employees: {len(company.competencies)} competencies, "
             f"{len(company.roles)} roles, {len(company.departments)} departments"]
    total_files = total_bytes = 0
    for kind, sizes in company.sizes.items():
        total_files += len(sizes)
        total_bytes += sum(sizes)
        lines.append(f"  {kind:<11} {len(sizes):>5} files {sum(sizes) / 1e6:7.2f} MB "
                     f"(avg {sum(sizes) / len(sizes) / 1e3:5.1f} KB, max {max(sizes) / 1e3:5.1f} KB)")
    map_files = sum(len(v) for k, v in company.sizes.items() if k not in ("needs", "plan"))
    map_bytes = sum(sum(v) for k, v in company.sizes.items() if k not in ("needs", "plan"))
    lines.append(f"  {'map only':<11} {map_files:>5} files {map_bytes / 1e6:7.2f} MB")
    lines.append(f"  {'total':<11} {total_files:>5} files {total_bytes / 1e6:7.2f} MB")
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the company repository into")
    parser.add_argument("--employees", type=int, default=BASE_EMPLOYEES)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cycles", type=int, default=8,
                        help="half-year training cycles of needs and plans (default 8; 0: map only)")
    parser.add_argument("--site-config-from", type=Path, default=REPO,
                        help="the checkout whose mkdocs.yml and docs/ the company gets "
                             "(default: the one holding bench/)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.employees < 100:
        parser.error("--employees must be at least 100")
    args.out.mkdir(parents=True, exist_ok=True)
    company = write_company(args.out, args.employees, args.seed, args.cycles,
                            args.site_config_from)
    print(summarise(company))
    return 0


if __name__ == "__main__":
    sys.exit(main())
