"""What a change means, not which lines it touches: `cmap diff BASE [HEAD]`.

Both sides are loaded with the same loader (a git revision through `revisions.checkout`,
the working tree as it is), then compared object by object, by id and key, never by line:
comments, formatting and the order of entries mean nothing, so they show no change.
`generator.analysis.diff` compares them (`map_changes.py` and `organisation_changes.py`
the competency map, `needs_changes.py` and `plan_changes.py` the cycles, in the vocabulary
of `changes.py`); each change names the site pages it affects. `markdown.py` writes the
Markdown.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.analysis.diff.changes import Summary
from generator.analysis.diff.compare import compare, leave_out
from generator.files.revisions import checkout
from generator.rules.repository import LoadResult, load_repository

WORKING_TREE = ""


def diff(root: Path, base_rev: str, head_rev: str = WORKING_TREE) -> Summary:
    """Load both sides and compare them; a side with errors is compared as far as it loads."""
    with checkout(root, base_rev) as folder:
        base = load_repository(folder)
    if head_rev == WORKING_TREE:
        head, head_name = load_repository(root), "the working tree"
    else:
        with checkout(root, head_rev) as folder:
            head = load_repository(folder)
        head_name = _named(root, head_rev)
    leave_out(base.model, head.model, {p.path for p in [*base.errors, *head.errors]})
    summary = compare(base.model, head.model, _named(root, base_rev), head_name)
    summary.notes += _broken(base, "base") + _broken(head, "head")
    return summary


def _named(root: Path, revision: str) -> str:
    done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", f"{revision}^{{commit}}"],
                          capture_output=True, text=True, check=False)
    short = done.stdout.strip()
    return f"{revision} ({short})" if short and not short.startswith(revision) else revision


def _broken(result: LoadResult, side: str) -> list[str]:
    files = sorted({p.path for p in result.errors})
    if not files:
        return []
    listed = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
    return [f"The {side} has errors in {listed}; what did not load is left out of this summary "
            "(see the validation check)."]
