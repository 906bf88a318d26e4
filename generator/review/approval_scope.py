"""What a pull request asks its approvers for, read from git revisions only.

The approval gate runs in the base repository's context and must never run or read the
pull request's code or configuration, so everything it judges comes from three revisions
extracted with `git archive` (`revisions.checkout`), plain data files only:

* the **base** (e.g. `origin/main`): trusted; its `governance.yml` says who approves;
* the **fork point** (`git merge-base BASE HEAD`): what the change is measured from, so a
  pull request that is behind its base is not blamed for the base's newer commits;
* the **head** (`--head SHA`), the commit under review; without `--head`, the working tree
  (for a local check, where no review can be tied to a commit).

A review speaks for the head when it was given on the head commit, or on an earlier one
whose files of that gate (`plans/<cycle>.yml`, `needs/<cycle>/`, `governance.yml`) are
identical to the head's: unlike the hosting site's blanket "dismiss stale approvals", a
commit that only touches a guide keeps the approvals.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from generator.files.revisions import checkout, entries, merge_base, resolve
from generator.paths import GOVERNANCE, PLANS_DIR, SUFFIXES, needs_folder, plan_file, plan_files
from generator.problems import CmapError, clip, did_you_mean
from generator.review.approvals import (
    Freshness,
    Gate,
    broken,
    check,
    check_governance,
    check_removed,
)
from generator.review.reviews import Review
from generator.rules.repository import LoadResult, load_repository


@dataclass
class Verdict:
    """Every gate a pull request meets, and what the reader should know about them."""

    base: str  #: how the base was named, e.g. origin/main
    gates: list[Gate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(gate.ok for gate in self.gates)


def judge(root: Path, reviews: list[Review], *, base: str | None = None, head: str | None = None,
          plan: str | None = None, pull_request: int | None = None) -> Verdict:
    """The gates of the change from `base` to `head` (or of `plan` alone, without `base`)."""
    verdict = Verdict(base or "")
    with ExitStack() as stack:
        head_commit = resolve(root, head) if head else ""
        head_root = stack.enter_context(checkout(root, head_commit)) if head_commit else root
        head_side = load_repository(head_root)
        if base is None:
            verdict.notes.append("Without --base, the repository's own governance.yml says who "
                                 "approves: use this for a local check only.")
            verdict.gates.append(_plan_gate(head_side, plan or "", reviews, pull_request, None,
                                            None, _freshness(root, head_commit, plan or "")))
            return _noted(verdict, head_commit)
        tip = resolve(root, base)
        fork = merge_base(root, tip, head_commit) if head_commit else tip
        trusted_root = stack.enter_context(checkout(root, tip))
        trusted = load_repository(trusted_root)
        before_root = trusted_root if fork == tip else stack.enter_context(checkout(root, fork))
        before = trusted if fork == tip else load_repository(before_root)
        if fork != tip:
            verdict.notes.append(f"The change is measured from where it branched off {base} "
                                 f"({fork[:10]}); who approves comes from {base} itself.")
        governance = trusted.model.governance
        changed, removed = _plans(before_root, head_root)
        if plan:
            changed, removed = ([plan], []) if plan not in removed else ([], [plan])
        for cycle_id in changed:
            verdict.gates.append(_plan_gate(head_side, cycle_id, reviews, pull_request, before,
                                            trusted, _freshness(root, head_commit, cycle_id)))
        for cycle_id in removed:
            old = before.model.cycles.get(cycle_id)
            if old is None:
                verdict.gates.append(broken(cycle_id, plan_file(cycle_id), pull_request))
                continue
            verdict.gates.append(check_removed(old, reviews, pull_request, governance=governance,
                                               fresh=_freshness(root, head_commit, cycle_id)))
        if _read(before_root / GOVERNANCE) != _read(head_root / GOVERNANCE):
            verdict.gates.append(check_governance(
                reviews, pull_request, governance=governance,
                fresh=_freshness(root, head_commit, "", (GOVERNANCE,))))
    return _noted(verdict, head_commit)


def _plan_gate(head: LoadResult, cycle_id: str, reviews: list[Review], pull_request: int | None,
               before: LoadResult | None, trusted: LoadResult | None,
               fresh: Freshness | None) -> Gate:
    # Rule errors (a need left unanswered, say) are the validation check's business; the
    # gate needs only that the plan could be read.
    if cycle_id not in head.model.cycles:
        if not any(p.path in plan_files(cycle_id) for p in head.errors):
            raise CmapError(f"there is no plan `{clip(cycle_id)}` ({plan_file(clip(cycle_id))})."
                            f"{did_you_mean(cycle_id, head.model.cycles)} Known cycles: "
                            + (", ".join(head.model.cycles) or "none") + ".")
        return broken(cycle_id, plan_file(cycle_id), pull_request)
    return check(head.model, cycle_id, reviews, pull_request,
                 before.model if before is not None else None,
                 governance=trusted.model.governance if trusted is not None else None, fresh=fresh)


def _plans(before: Path, head: Path) -> tuple[list[str], list[str]]:
    """The cycles whose plan file is new or differs at the head, and those it no longer has."""
    old, new = _plan_files(before), _plan_files(head)
    changed = [cid for cid, path in new.items() if cid not in old or _read(old[cid]) != _read(path)]
    return changed, [cid for cid in old if cid not in new]


def _plan_files(root: Path) -> dict[str, Path]:
    folder = root / PLANS_DIR
    if not folder.is_dir() or folder.is_symlink():
        return {}
    return {path.stem: path for path in sorted(folder.iterdir())
            if path.suffix in SUFFIXES and path.is_file() and not path.is_symlink()}


def _read(path: Path) -> bytes | None:
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_bytes()


def _freshness(root: Path, head: str, cycle_id: str,
               paths: tuple[str, ...] | None = None) -> Freshness | None:
    """Whether a review was given on the head, or on a commit with the same files here."""
    if not head:
        return None
    watched = paths or (*plan_files(cycle_id), needs_folder(cycle_id), GOVERNANCE)
    at_head = entries(root, head, watched) or {}
    known: dict[str, dict[str, str] | None] = {}

    def fresh(review: Review) -> str:
        if review.commit_id == head:
            return ""
        if not review.commit_id:
            return "the review names no commit, so it cannot be tied to this version"
        if review.commit_id not in known:
            known[review.commit_id] = entries(root, review.commit_id, watched)
        seen = known[review.commit_id]
        short = review.commit_id[:10]
        if seen is None:
            return (f"it was given on commit {short}, which this repository does not hold (it "
                    "was probably force-pushed away); ask for a new review")
        changed = [p for p in watched if seen.get(p) != at_head.get(p)]
        if changed:
            return (f"it was given on commit {short}, and " + ", ".join(f"`{p}`" for p in changed)
                    + " changed since; ask for a new review")
        return ""

    return fresh


def _noted(verdict: Verdict, head: str) -> Verdict:
    if not head:
        verdict.notes.append("Reviews were not compared with a head commit (pass --head SHA): an "
                             "approval given on an earlier version counts here.")
    return verdict
