"""`cmap init`: a company's own repository, new, or made from a copy of cmap's repository
rid of the example; and its copies of the JSON Schemas brought up to date."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from generator.problems import CmapError

if TYPE_CHECKING:
    from generator.starter.content import Starter


def init(args: argparse.Namespace) -> int:
    folder: Path = args.dir.absolute()
    if args.update_schemas:
        return _update_schemas(folder, args.dry_run)
    if args.name is None:
        raise CmapError("say the company's name: cmap init DIR --name \"Acme Ltd.\".")
    from generator.starter.content import starter

    start = starter(args.name, args.language)
    if args.replace_example:
        return _replace_example(folder, start, args.dry_run)
    from generator.starter.new_repository import write_repository

    written = write_repository(folder, start, dry_run=args.dry_run)
    if args.dry_run:
        print(f"Would write {len(written)} files into {folder}:")
        print("".join(f"  {rel}\n" for rel in written), end="")
        return 0
    print(f"Wrote a new repository for {start.name} into {folder}: {len(written)} files "
          f"({_by_folder(written)}).")
    _next_steps(folder, new=True, placeholder_requirement=start.source is None)
    return 0


def _replace_example(folder: Path, start: Starter, dry_run: bool) -> int:
    from generator.rules.repository import load_repository
    from generator.starter.example import apply, plan_replacement

    plan = plan_replacement(folder, start)
    verb = ("Would remove", "Would replace", "Would write") if dry_run else ("Removed", "Replaced",
                                                                            "Wrote")
    for what, paths, why in ((verb[0], plan.removed, "the example's"),
                             (verb[1], plan.replaced, "the example's, with the starter's"),
                             (verb[2], plan.written, "new, the starter's")):
        if paths:
            print(f"{what} {len(paths)} files ({why}):")
            print("".join(f"  {rel}\n" for rel in paths), end="")
    if dry_run:
        _print_kept(plan.kept, plan.notes)
        return 0
    apply(folder, plan)
    _print_kept(plan.kept, plan.notes)
    errors = [p for p in load_repository(folder).problems if p.is_error]
    if errors:
        print(f"cmap validate now finds {len(errors)} errors, in files kept above: run it, and "
              "fix or delete them.")
    else:
        print(f"The site is now {start.name}'s; cmap validate finds no errors.")
    _next_steps(folder, new=False, placeholder_requirement=False)
    return 0


def _print_kept(kept: dict[str, str], notes: list[str]) -> None:
    if kept:
        print(f"Kept {len(kept)} files as they are (yours to review):")
        print("".join(f"  {rel}: {why}\n" for rel, why in kept.items()), end="")
    for note in notes:
        print(f"Note: {note}")


def _update_schemas(folder: Path, dry_run: bool) -> int:
    from generator.files.safe_write import write_files
    from generator.files.schema_copies import outdated_copies, schema_copies
    from generator.paths import SCHEMA_COPIES, schema_folder

    if schema_folder(folder) != SCHEMA_COPIES:
        raise CmapError(f"{folder} keeps its JSON Schemas in {schema_folder(folder)}/, with cmap's "
                        "own code: there are no copies to update.")
    outdated = outdated_copies(folder) if (folder / SCHEMA_COPIES).is_dir() else sorted(
        schema_copies())
    if not outdated:
        print(f"{SCHEMA_COPIES}/ is up to date.")
        return 0
    if not dry_run:
        copies = schema_copies()
        write_files(folder, {rel: copies[rel] for rel in outdated})
    print(f"{'Would write' if dry_run else 'Wrote'} {len(outdated)} JSON Schemas:")
    print("".join(f"  {rel}\n" for rel in outdated), end="")
    return 0


def _by_folder(paths: list[str]) -> str:
    counts = Counter(rel.split("/")[0] + ("/" if "/" in rel else "") for rel in paths)
    folders = [f"{name} {count}" for name, count in sorted(counts.items()) if name.endswith("/")]
    files = [name for name in sorted(counts) if not name.endswith("/")]
    return ", ".join(folders + files)


def _next_steps(folder: Path, *, new: bool, placeholder_requirement: bool) -> None:
    steps = [
        "Replace every handle ending in --change-me (competency-map/governance.yml and the "
        "company's head in competency-map/departments/), then run `cmap codeowners`.",
    ]
    if placeholder_requirement:
        steps.append("Point requirements.txt at where your organisation keeps cmap (its comments "
                     "say how): the workflows install cmap from it.")
    steps.append(f"cd {folder} && cmap validate && cmap serve")
    steps.append("Commit, push, and follow the first steps of README.md." if new else
                 "Review the changes with `git status`, then commit them.")
    print("Next:")
    print("".join(f"  {n}. {step}\n" for n, step in enumerate(steps, 1)), end="")
