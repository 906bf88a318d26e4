"""`cmap codeowners`, `cmap approvals`, `cmap diff` and `cmap import issue-form`: what the
review of a pull request needs, and needs submitted with the issue form."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from generator.build_day import build_day
from generator.commands import repository
from generator.commands.progress import progress_for
from generator.paths import CODEOWNERS
from generator.problems import CmapError


def codeowners(args: argparse.Namespace) -> int:
    from generator.review import codeowners as owners
    from generator.rules.repository import load_repository

    root = repository.root(args)
    result = load_repository(root, progress=progress_for(sys.stderr))
    owners.require_sources(result.problems)
    text = owners.render(result.model)
    if args.check:
        state = owners.compare(root, text)
        if state.current:
            print(f"{CODEOWNERS} is up to date.")
            return 0
        what = "is missing" if state.missing else "is stale: it does not match the data"
        print(f"cmap: {CODEOWNERS} {what}. Run `cmap codeowners` and commit the result.",
              file=sys.stderr)
        sys.stdout.write(state.diff)
        return 1
    changed = owners.write(root, text)
    print(f"{'Wrote' if changed else 'Unchanged:'} {CODEOWNERS} "
          f"({len(owners.rules(result.model))} rules).")
    return 0


def approvals(args: argparse.Namespace) -> int:
    from generator.review.approval_scope import judge
    from generator.review.markdown import render
    from generator.review.reviews import read_reviews

    root = repository.root(args)
    if not args.plan and not args.base:
        raise CmapError("say which plan to check: --plan CYCLE, or --base REV for every plan "
                        "changed since that revision.")
    verdict = judge(root, read_reviews(args.reviews), base=args.base, head=args.head,
                    plan=args.plan, pull_request=args.pull_request)
    template = "approvals.md.j2" if args.format == "markdown" else "approvals.txt.j2"
    sys.stdout.write(render(template, verdict=verdict))
    return 0 if verdict.ok else 1


def diff(args: argparse.Namespace) -> int:
    from generator.review.diff.summary import diff as semantic_diff
    from generator.review.markdown import render

    summary = semantic_diff(repository.root(args), args.base, args.head)
    sys.stdout.write(render("diff.md.j2", summary=summary))
    return 0


def import_issue_form(args: argparse.Namespace) -> int:
    from generator.review.issue_form import import_issue

    outcome = import_issue(repository.root(args), args.file, build_day(),
                           write_files=not args.dry_run)
    if args.report:
        _write_text(args.report, outcome.report)
    if args.outputs and outcome.ok:
        with _open_append(args.outputs) as handle:
            handle.write("".join(f"{key}={value}\n" for key, value in outcome.outputs.items()))
    stream = sys.stdout if outcome.ok else sys.stderr
    print(outcome.message, file=stream)
    return 0 if outcome.ok else 1


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise CmapError(f"cannot write {path}: {err.strerror}.") from err


def _open_append(path: Path) -> TextIO:
    try:
        return path.open("a", encoding="utf-8")
    except OSError as err:
        raise CmapError(f"cannot write {path}: {err.strerror}.") from err
