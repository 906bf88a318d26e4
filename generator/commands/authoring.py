"""`cmap new cycle|need` and `cmap worksheet`: files people start from and fill in."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from generator.commands import repository
from generator.commands.output import write_output
from generator.commands.progress import progress_for


def new_cycle(args: argparse.Namespace) -> int:
    from generator.exchange.scaffold import new_cycle as write_cycle
    from generator.rules.repository import load_repository

    root = repository.root(args)
    model = load_repository(root, progress=progress_for(sys.stderr)).model
    path = write_cycle(root, model, args.id, title=args.title,
                       start=args.start, end=args.end)
    print(f"Wrote {path.relative_to(root)}. Check the dates, then open a pull request.")
    return 0


def new_need(args: argparse.Namespace) -> int:
    from generator.exchange.scaffold import new_need as write_need
    from generator.rules.repository import load_repository

    root = repository.root(args)
    model = load_repository(root, progress=progress_for(sys.stderr)).model
    path = write_need(root, model, args.cycle, args.department, date.today(),
                      roles=args.role, critical_only=args.critical_only)
    print(f"Wrote {path.relative_to(root)}: add your entries, run `cmap validate`, then open a "
          "pull request.")
    return 0


def worksheet(args: argparse.Namespace) -> int:
    from generator.exchange.assessment import worksheet_csv
    from generator.rules.repository import load_repository

    model = load_repository(repository.root(args), progress=progress_for(sys.stderr)).model
    text = worksheet_csv(model, args.role)
    if str(args.out) == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
        return 0
    out: Path = args.out or Path(f"{args.role}-worksheet.csv")
    write_output(out, text.encode("utf-8"), args.force, " and may hold ratings")
    print(f"Wrote {out}. Line managers rate each person in a person column (rename the headers "
          "to initials if they like; headers and single ratings never reach the repository, so "
          "keep the filled sheet out of it too). "
          f"Then: cmap import assessment {out} --cycle CYCLE --department DEPARTMENT")
    return 0
