"""`cmap new cycle|need` and `cmap worksheet`: files people start from and fill in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.build_day import build_day
from generator.commands import repository
from generator.commands.output import write_output
from generator.commands.progress import progress_for
from generator.problems import CmapError


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
    path = write_need(root, model, args.cycle, args.department, build_day(),
                      roles=args.role, critical_only=args.critical_only)
    print(f"Wrote {path.relative_to(root)}: add your entries, run `cmap validate`, then open a "
          "pull request.")
    return 0


def worksheet(args: argparse.Namespace) -> int:
    from generator.rules.repository import load_repository

    model = load_repository(repository.root(args), progress=progress_for(sys.stderr)).model
    to_screen = str(args.out) == "-"
    suffix = args.out.suffix.casefold() if args.out and not to_screen else ""
    kind: str = args.format or ("xlsx" if suffix == ".xlsx" else "csv")
    if kind == "xlsx":
        from generator.exchange.assessment_workbook import worksheet_xlsx

        if to_screen:
            raise CmapError("a workbook cannot be shown on the screen: give --out FILE.xlsx, or "
                            "use --format csv.")
        data = worksheet_xlsx(model, args.role)
    else:
        from generator.exchange.assessment import worksheet_csv

        data = worksheet_csv(model, args.role).encode("utf-8")
    if to_screen:
        sys.stdout.buffer.write(data)
        return 0
    out: Path = args.out or Path(f"{args.role}-worksheet.{kind}")
    write_output(out, data, args.force, " and may hold ratings")
    print(f"Wrote {out}. Line managers rate each person in a person column (rename the headers "
          "to initials if they like; headers and single ratings never reach the repository, so "
          "keep the filled sheet out of it too). "
          f"Then: cmap import assessment {out} --cycle CYCLE --department DEPARTMENT")
    return 0
