"""Repositories for the needs imports: the example company's map and one declared cycle,
and CSV rows to import into it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from generator.exchange.needs_import import Outcome, import_needs
from support import ROOT

CYCLE = "2027-h1"
TODAY = date(2026, 11, 20)
HEADER = "department,role,competency,current,target,headcount,priority,evidence\n"
ROW = 'beijing-branch,sales-rep,negotiation,1,2,5,high,"Gives rebates away, 5 of 9."\n'
PLAN = """\
# yaml-language-server: $schema=../generator/schemas/plan.schema.json
id: {cycle}
title: 2027 first half
period:
  start: "2027-01-01"
  end: "2027-06-30"
needs_due: "2026-12-11"
status: {status}
"""

def make_repo(tmp_path: Path, status: str = "collecting", cycle: str = CYCLE) -> Path:
    """The example company's map and one cycle: no other needs files."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "competency-map", root / "competency-map")
    (root / "plans").mkdir()
    (root / "plans" / f"{cycle}.yml").write_text(PLAN.format(cycle=cycle, status=status))
    return root


def run(root: Path, content: str | bytes, name: str = "needs.csv") -> Outcome:
    path = root.parent / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return import_needs(root, path, name, CYCLE, TODAY)
