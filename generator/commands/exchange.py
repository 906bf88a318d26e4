"""`cmap import assessment|needs|case|model` and `cmap export case|csv|json|xlsx`: the map
and its needs to and from spreadsheets and other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.build_day import build_day
from generator.commands import repository
from generator.commands.output import write_output
from generator.commands.progress import progress_for
from generator.problems import CmapError, Problem
from generator.rules.report import REPORTERS, report_listed


def import_rows(args: argparse.Namespace) -> int:
    """Needs from a CSV file: rows of needs, or a filled assessment worksheet."""
    from generator.exchange.needs_import import import_needs, write

    root = repository.root(args)
    progress = progress_for(sys.stderr)
    if args.source == "assessment":
        from generator.exchange.assessment import import_assessment

        outcome = import_assessment(root, args.file, str(args.file), args.cycle, args.department,
                                    build_day(), progress)
    else:
        outcome = import_needs(root, args.file, str(args.file), args.cycle, build_day(), progress)
    if not _reported(outcome.problems):
        return 1
    if not args.dry_run:
        with progress.phase("write", total=len(outcome.changes)) as writing:
            write(root, outcome.changes)
            writing.advance(len(outcome.changes))
    verb = "Would add" if args.dry_run else "Added"
    for change in outcome.changes:
        new = " (new file)" if change.created else ""
        print(f"{verb} {change.added} entr{'y' if change.added == 1 else 'ies'} to {change.rel}{new}.")
    if not outcome.changes:
        print("Nothing to add: no new role and competency with a gap.")
    elif not args.dry_run:
        print("Review the entries (evidence, delivery, needed_by), run `cmap validate`, then "
              "open a pull request.")
    return 0


def _reported(problems: list[Problem]) -> bool:
    """Print an import's problems; whether it may write (False: it had errors, and says
    that nothing was written)."""
    report_listed(problems, sys.stderr)
    errors = sum(p.is_error for p in problems)
    if errors:
        print(f"cmap: {errors} error{'s' * (errors != 1)}; nothing was written.", file=sys.stderr)
    return not errors


def export(args: argparse.Namespace) -> int:
    from generator.exchange.bundle import make_publisher
    from generator.rules.repository import load_repository

    root = repository.root(args)
    progress = progress_for(sys.stderr)
    result = load_repository(root, progress=progress)
    if not result.ok:
        REPORTERS["text"](result.problems, len(result.files), sys.stderr)
        print("cmap: nothing was exported: fix the errors first.", file=sys.stderr)
        return 1
    config = repository.site_config(root)
    publisher = config.publisher(result.model) if config else make_publisher(result.model)
    if args.format == "csv":
        from generator.exchange.csv_export import all_tables

        with progress.phase("export"):
            tables = all_tables(result.model)
        return _write_tables(tables, args.out, args.force)
    if args.format == "xlsx":
        from generator.exchange.sheets.workbook import workbook_bytes

        if str(args.out) == "-":
            raise CmapError("a workbook cannot go to the screen: name the file with --out, "
                            "e.g. --out competency-map.xlsx.")
        with progress.phase("export"):
            data = workbook_bytes(result.model, publisher.title)
        write_output(args.out, data, args.force)
        print(f"Wrote {args.out}.")
        return 0
    with progress.phase("export"):
        if args.format == "case":
            import json

            from generator.exchange.case.exporter import case_package

            package = case_package(result.model, publisher)
            text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        else:
            from generator.exchange.case.exporter import timestamp
            from generator.exchange.json_export import model_text

            text = model_text(result.model, title=publisher.title, exported=timestamp())
    if str(args.out) == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
        return 0
    write_output(args.out, text.encode("utf-8"), args.force)
    print(f"Wrote {args.out}.")
    return 0


def _write_tables(tables: dict[str, str], out: Path, force: bool) -> int:
    """Every CSV table into the folder `out`; none unless all may be written."""
    existing = [name for name in tables if (out / name).exists()]
    if existing and not force:
        raise CmapError(f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)} in "
                        f"{out}; pass --force to replace {'it' if len(existing) == 1 else 'them'}, "
                        "or choose another --out.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CmapError(f"cannot write into {out}: {err.strerror}.") from err
    for name, text in tables.items():
        write_output(out / name, text.encode("utf-8"), force)
    print(f"Wrote {len(tables)} CSV files into {out}.")
    return 0


def import_model(args: argparse.Namespace) -> int:
    """The map from a workbook or a folder of CSV tables: new files, and changes that keep
    everything else in the existing ones."""
    from generator.exchange.sheets.importer import plan_import, write

    root = repository.root(args)
    progress = progress_for(sys.stderr)
    outcome = plan_import(root, args.file, str(args.file), progress)
    if not _reported(outcome.problems):
        return 1
    if not args.dry_run:
        with progress.phase("write", total=len(outcome.changes)) as writing:
            write(root, outcome)
            writing.advance(len(outcome.changes))
    for change in outcome.changes:
        if change.created:
            print(f"{'Would create' if args.dry_run else 'Created'} {change.rel}.")
        else:
            print(f"{'Would change' if args.dry_run else 'Changed'} {change.rel}: {change.what}.")
    if not outcome.changes:
        print("Nothing to change: the repository already says what the tables say.")
    elif not args.dry_run:
        print("Review the changes (`git diff`), run `cmap validate`, then open a pull request.")
    return 0


def import_case(args: argparse.Namespace) -> int:
    from generator.exchange.case.importer import plan_import
    from generator.exchange.case.package import read_package
    from generator.exchange.case.writing import write

    given: Path = args.into or args.root
    root = given.resolve()
    if not root.is_dir():
        raise CmapError(f"{given} is not a folder. Create it first, or pass --into with the "
                        "repository's top folder.")
    progress = progress_for(sys.stderr)
    with progress.phase("read"):
        package = read_package(args.file)
    outcome = plan_import(root, package, args.scale, progress, update=args.update)
    report_listed(outcome.problems, sys.stderr)
    if not outcome.ok:
        errors = sum(p.is_error for p in outcome.problems)
        print(f"cmap: {errors} error{'s' * (errors != 1)}; nothing was written.", file=sys.stderr)
        return 1
    if not args.dry_run:
        written = sum(change.text is not None for change in outcome.changes)
        with progress.phase("write", total=written) as writing:
            write(root, outcome)
            writing.advance(written)
    verb = "Would write" if args.dry_run else "Wrote"
    for change in outcome.changes:
        if change.text is not None:
            print(f"{verb} {change.rel} ({change.note}).")
    if not args.dry_run and any(c.text is not None for c in outcome.changes):
        from generator.paths import SINGLE_FILES

        missing = [rel for rel in SINGLE_FILES if not (root / rel).is_file()]
        if missing:
            print("The map still needs " + ", ".join(missing) + " (a CASE package has no "
                  "approvers); `cmap validate` says what goes in them.")
        print("Review the files (above all the levels and indicators), run `cmap validate`, "
              "then open a pull request.")
    elif not any(c.text is not None for c in outcome.changes):
        print("Nothing to write: the map has every file of the package already"
              + (", and nothing changed." if args.update else "."))
    return 0
