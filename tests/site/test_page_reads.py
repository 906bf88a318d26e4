"""Every page says which files it reads (generator/site/page_reads.py), and that is true.

For every data file of the example company, one at a time, the test changes what that
file says (every text it holds, and the numbers people see: headcounts), makes every page
again, and checks that each page that came out different declared the file among its
reads, in the model before or after the change. A page that forgot a file would be left
stale by `cmap serve` and by the build cache.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from datetime import datetime, timezone
from typing import Any

import pytest
from support import ROOT

from generator.exchange.case.exporter import Publisher
from generator.model.competency_map import CompetencyMap, Term
from generator.rules.repository import load_repository
from generator.site.generate import plan_pages
from generator.site.labels import Labels
from generator.site.page_reads import PageReads
from generator.site.published_files import plan_downloads
from generator.site.renderer import Renderer
from generator.site.settings import SiteSettings

MARK = " ✱"


def _marked(value: Any) -> Any:
    """`value` with every text in it changed and every count raised by one."""
    if isinstance(value, str):
        return value + MARK if value and not value.startswith(("http", "20")) else value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, tuple):
        return tuple(_marked(v) for v in value)
    if isinstance(value, dict):
        return {k: (v + 1 if isinstance(v, int) and not isinstance(v, bool) else _marked(v))
                for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _marked(getattr(value, f.name)) for f in fields(value)
                   if f.name not in _KEEP}
        return replace(value, **changes)
    return value


# Ids and references must stay what they are, or the change would be a different map.
_KEEP = {"id", "source", "scale", "category", "family", "parent", "reports_to", "next_roles",
         "competency", "role", "department", "cycle", "level", "current", "target", "status",
         "targets", "answers", "audience_roles", "audience_departments", "group", "handle",
         "start", "end", "needs_due", "review_on", "date", "submitted_on", "needed_by",
         "priority", "mode", "delivery", "owner", "level_reached", "members", "model_owners",
         "plan_approvers", "currency", "pull_request", "indicators", "cost_by_department",
         "budget_by_department", "unanswered", "requirements", "sessions", "capacity", "cost",
         "budget_total", "evaluation", "follow_up", "approvals", "amendments", "submissions"}


def _with_file_changed(model: CompetencyMap, path: str) -> CompetencyMap:
    changed = copy.copy(model)
    for name in ("competencies", "roles", "departments", "scales"):
        entities = dict(getattr(model, name))
        for key, entity in entities.items():
            if entity.source.path == path:
                entities[key] = _marked(entity)
                if name == "competencies":
                    entities[key] = replace(entities[key], indicators={
                        n: tuple(i + MARK for i in items) for n, items in entity.indicators.items()})
                if name == "roles":
                    entities[key] = replace(entities[key], requirements=tuple(
                        replace(r, note=r.note + MARK) for r in entity.requirements))
        setattr(changed, name, entities)
    cycles = dict(model.cycles)
    submissions = dict(model.submissions)
    for (cycle_id, dept), sub in model.submissions.items():
        if sub.source.path == path:
            submissions[cycle_id, dept] = _marked(replace(sub, needs=tuple(
                replace(n, headcount=n.headcount + 1, evidence=n.evidence + MARK) for n in sub.needs)))
    for cycle_id, cycle in model.cycles.items():
        subs = {d: submissions.get((cycle_id, d), s) for d, s in cycle.submissions.items()}
        cycles[cycle_id] = replace(cycle, submissions=subs)
        if cycle.source.path == path:
            cycles[cycle_id] = _marked(replace(cycles[cycle_id], programs=tuple(
                replace(p, title=p.title + MARK, description=p.description + MARK)
                for p in cycle.programs)))
    changed.cycles, changed.submissions = cycles, submissions
    for name, source in model.vocabulary_sources.items():
        if source.path == path:
            terms: dict[str, Term] = getattr(model, name)
            setattr(changed, name, {k: replace(t, name=t.name + MARK) for k, t in terms.items()})
    return changed


def _pages(model: CompetencyMap) -> dict[str, tuple[frozenset[str] | None, Callable[[], Any]]]:
    renderer = Renderer(model, SiteSettings(site_name="Jiahe"))
    return {p.path: (p.reads, p.make) for p in plan_pages(renderer)}


@pytest.fixture(scope="module")
def example() -> tuple[CompetencyMap, dict[str, str], dict[str, frozenset[str] | None]]:
    model = load_repository(ROOT).model
    plan = _pages(model)
    return model, {path: make().content for path, (_, make) in plan.items()}, \
        {path: reads for path, (reads, _) in plan.items()}


def _files(model: CompetencyMap) -> list[str]:
    found = {e.source.path for coll in (model.competencies, model.roles, model.departments,
                                        model.scales, model.cycles) for e in coll.values()}
    found |= {s.source.path for s in model.submissions.values()}
    found |= {s.path for s in model.vocabulary_sources.values()}
    return sorted(found)


def test_the_example_is_a_fair_test() -> None:
    model = load_repository(ROOT).model
    files = _files(model)
    assert len(files) > 80 and any(f.startswith("needs/") for f in files)
    assert any(f.startswith("plans/") for f in files)


@pytest.mark.parametrize("path", _files(load_repository(ROOT).model))
def test_a_page_that_changes_with_a_file_reads_that_file(
        example: tuple[CompetencyMap, dict[str, str], dict[str, frozenset[str] | None]],
        path: str) -> None:
    model, before, reads_before = example
    plan = _pages(_with_file_changed(model, path))
    changed = [page for page, (_, make) in plan.items()
               if page not in before or make().content != before[page]]
    assert changed, f"changing {path} changed no page: the test changed nothing"
    forgot = [page for page in changed
              if reads_before.get(page) is not None and plan[page][0] is not None
              and path not in (reads_before.get(page) or frozenset()) | (plan[page][0] or frozenset())]
    assert forgot == [], f"these pages show {path} but do not say they read it"


# -- the downloads ---------------------------------------------------------------------

_WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def _downloads(model: CompetencyMap) -> dict[str, tuple[frozenset[str] | None, bytes]]:
    """Every download, made, with what it reads."""
    planned, _ = plan_downloads(model, Publisher(title="Jiahe"), Labels("en"),
                                PageReads.of(model), changed=_WHEN)
    return {item.path: (item.reads, item.make()) for item in planned}


@pytest.fixture(scope="module")
def example_downloads() -> tuple[CompetencyMap, dict[str, tuple[frozenset[str] | None, bytes]]]:
    model = load_repository(ROOT).model
    return model, _downloads(model)


def test_the_downloads_are_a_fair_test(
        example_downloads: tuple[CompetencyMap, dict[str, tuple[frozenset[str] | None, bytes]]]
        ) -> None:
    _, before = example_downloads
    kinds = {path.rsplit(".", 1)[-1] for path in before}
    assert {"json", "csv"} <= kinds and len(before) > 20
    assert sum(1 for reads, _ in before.values() if reads is None) == 1  # the JSON export


@pytest.mark.parametrize("path", _files(load_repository(ROOT).model))
def test_a_download_that_changes_with_a_file_reads_that_file(
        example_downloads: tuple[CompetencyMap, dict[str, tuple[frozenset[str] | None, bytes]]],
        path: str) -> None:
    model, before = example_downloads
    after = _downloads(_with_file_changed(model, path))
    changed = [name for name, (_, data) in after.items()
               if name not in before or data != before[name][1]]
    assert changed, f"changing {path} changed no download: the test changed nothing"
    forgot = [name for name in changed
              if before.get(name, (frozenset(), b""))[0] is not None
              and after[name][0] is not None
              and path not in (before.get(name, (frozenset(), b""))[0] or frozenset())
              | (after[name][0] or frozenset())]
    assert forgot == [], f"these downloads hold {path} but do not say they read it"
