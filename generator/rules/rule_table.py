"""Every model rule, in the order they run: the one place that lists the rules modules.

Each rules module lists its own rules in `RULES` at its bottom; a new module is added here,
since nothing registers itself when it is imported.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.rules import change_rules, map_rules, needs_rules, plan_rules, structure_rules
from generator.rules.context import Context, Finding, Rule

RULES: tuple[Rule, ...] = (
    *map_rules.RULES,
    *structure_rules.RULES,
    *needs_rules.RULES,
    *plan_rules.RULES,
    # These find nothing unless the context holds a base revision (`cmap validate --base`).
    *change_rules.RULES,
)


def run_rules(context: Context, advance: Callable[[], None] = lambda: None) -> list[Finding]:
    """What every rule finds; `advance` is called after each rule (a progress phase's)."""
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule.check(context))
        advance()
    return findings
