"""The `cmap` command: the only place that prints, exits, and turns failures into words.

Exit codes: 0 valid (warnings allowed), 1 invalid data or a failed build, 2 usage error.
No traceback reaches the user; set CMAP_DEBUG=1 to see one.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .problems import CmapError
from .report import REPORTERS


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except CmapError as err:
        print(f"cmap: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) has gone: stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as err:  # the promise is "never a traceback"
        if os.environ.get("CMAP_DEBUG"):
            raise
        print(f"cmap: internal error: {type(err).__name__}: {err}\n"
              "This is a bug in cmap, not in your files. Run again with CMAP_DEBUG=1 and "
              "report the output.", file=sys.stderr)
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cmap", description="Validate and publish the company competency map.")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the repository folder (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every data file; exit 1 on errors")
    validate.add_argument("--format", choices=sorted(REPORTERS), default="text",
                          help="text for people, github for workflow annotations, json for tools")
    validate.add_argument("--base", metavar="REV",
                          help="also compare with this git revision (e.g. origin/main): approved "
                               "plans stay frozen, statuses move one step")
    validate.set_defaults(run=_validate)

    build = commands.add_parser("build", help="validate, then build the site into site/")
    build.add_argument("--site-dir", type=Path, default=None,
                       help="where to write the site (default: site_dir of mkdocs.yml)")
    build.set_defaults(run=_build)

    new = commands.add_parser("new", help="write a new data file, valid as written")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    cycle = kinds.add_parser("cycle", help="declare a training cycle in plans/")
    cycle.add_argument("id", help="the cycle id, e.g. 2027-h1 (year, then h1/h2 or q1-q4)")
    cycle.add_argument("--title", help="the cycle's name (default: from the id)")
    cycle.add_argument("--start", help="first day, YYYY-MM-DD (default: from the id)")
    cycle.add_argument("--end", help="last day, YYYY-MM-DD (default: from the id)")
    cycle.set_defaults(run=_new_cycle)
    need = kinds.add_parser("need", help="start a department's needs file for a cycle")
    need.add_argument("--cycle", required=True, help="the cycle id, e.g. 2027-h1")
    need.add_argument("--department", required=True, help="the department id")
    need.set_defaults(run=_new_need)

    _add_csv_commands(commands)

    serve = commands.add_parser("serve", help="preview the site; rebuild when a file changes")
    serve.add_argument("--dev-addr", default=None, help="address to serve on, e.g. 127.0.0.1:8000")
    serve.set_defaults(run=_serve)
    _accept_root_after_command(parser)
    return parser


def _accept_root_after_command(parser: argparse.ArgumentParser) -> None:
    """`cmap validate --root X` works as well as `cmap --root X validate`."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub.add_argument("--root", type=Path, default=argparse.SUPPRESS,
                                 help="the repository folder (default: the current folder)")
                _accept_root_after_command(sub)


def _validate(args: argparse.Namespace) -> int:
    from .repository import load_repository

    root = _root(args)
    base = None
    if args.base:
        from .revisions import checkout

        with checkout(root, args.base) as folder:
            base = load_repository(folder).model
    result = load_repository(root, base)
    REPORTERS[args.format](result.problems, len(result.files), sys.stdout)
    return 0 if result.ok else 1


def _build(args: argparse.Namespace) -> int:
    from . import sitebuild
    from .repository import load_repository

    root = _root(args)
    result = load_repository(root)
    if not result.ok:
        REPORTERS["text"](result.problems, len(result.files), sys.stderr)
        print("cmap: the site was not built; the previous site is unchanged.", file=sys.stderr)
        return 1
    sitebuild.build(root, result, site_dir=args.site_dir)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from . import sitebuild

    sitebuild.serve(_root(args), dev_addr=args.dev_addr)
    return 0


def _new_cycle(args: argparse.Namespace) -> int:
    from .repository import load_repository
    from .scaffold import new_cycle

    root = _root(args)
    path = new_cycle(root, load_repository(root).model, args.id, title=args.title,
                     start=args.start, end=args.end)
    print(f"Wrote {path.relative_to(root)}. Check the dates, then open a pull request.")
    return 0


def _new_need(args: argparse.Namespace) -> int:
    from datetime import date

    from .repository import load_repository
    from .scaffold import new_need

    root = _root(args)
    path = new_need(root, load_repository(root).model, args.cycle, args.department, date.today())
    print(f"Wrote {path.relative_to(root)}: add your entries, run `cmap validate`, then open a "
          "pull request.")
    return 0


def _add_csv_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`cmap worksheet` and `cmap import`: spreadsheets in and out (see assessment.py)."""
    sheet = commands.add_parser("worksheet", help="write a role's assessment worksheet (CSV) "
                                "for line managers to rate their people privately")
    sheet.add_argument("--role", required=True, help="the role id, e.g. sales-rep")
    sheet.add_argument("--out", type=Path, default=None,
                       help="the file to write (default: ROLE-worksheet.csv; - for the screen)")
    sheet.add_argument("--force", action="store_true", help="replace --out if it exists")
    sheet.set_defaults(run=_worksheet)
    imports = commands.add_parser("import", help="add needs from a CSV file to a cycle's needs files")
    sources = imports.add_subparsers(dest="source", required=True, metavar="SOURCE")
    assessment = sources.add_parser("assessment", help="a filled assessment worksheet: only "
                                    "totals per role and competency are written, never a name or "
                                    "a single rating")
    assessment.add_argument("file", type=Path, help="the worksheet, saved as CSV UTF-8 (several "
                            "supervisors' sheets: put all their person columns on one sheet)")
    assessment.add_argument("--department", required=True, help="the department rated")
    needs = sources.add_parser("needs", help="needs kept in a spreadsheet, one row per entry "
                               "(columns: department, role, competency, current, target, "
                               "headcount, priority, evidence; optional: delivery, needed_by, "
                               "justification)")
    needs.add_argument("file", type=Path, help="the spreadsheet, saved as CSV UTF-8")
    for command in (assessment, needs):
        command.add_argument("--cycle", required=True, help="the cycle id, e.g. 2027-h1")
        command.add_argument("--dry-run", action="store_true",
                             help="check and show what would change, but write nothing")
        command.set_defaults(run=_import)


def _worksheet(args: argparse.Namespace) -> int:
    from .assessment import worksheet_csv
    from .repository import load_repository

    text = worksheet_csv(load_repository(_root(args)).model, args.role)
    if str(args.out) == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
        return 0
    out: Path = args.out or Path(f"{args.role}-worksheet.csv")
    try:
        with out.open("w" if args.force else "x", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except FileExistsError:
        raise CmapError(f"{out} already exists and may hold ratings; pass --force to replace it, "
                        "or choose another --out.") from None
    except OSError as err:
        raise CmapError(f"cannot write {out}: {err.strerror}.") from err
    print(f"Wrote {out}. Line managers rate each person in a person column (rename the headers "
          "to initials if they like; headers and single ratings never reach the repository, so "
          "keep the filled sheet out of it too). "
          f"Then: cmap import assessment {out} --cycle CYCLE --department DEPARTMENT")
    return 0


def _import(args: argparse.Namespace) -> int:
    from datetime import date

    from .needs_import import import_needs, write

    root = _root(args)
    if args.source == "assessment":
        from .assessment import import_assessment

        outcome = import_assessment(root, args.file, str(args.file), args.cycle, args.department,
                                    date.today())
    else:
        outcome = import_needs(root, args.file, str(args.file), args.cycle, date.today())
    for p in outcome.problems:
        print(f"{p.path}:{p.line}:{p.column}: {p.severity.value} {p.code} {p.message}"
              + (f"\n    hint: {p.hint}" if p.hint else ""), file=sys.stderr)
    if not outcome.ok:
        errors = sum(p.is_error for p in outcome.problems)
        print(f"cmap: {errors} error{'s' * (errors != 1)}; nothing was written.", file=sys.stderr)
        return 1
    if not args.dry_run:
        write(root, outcome.changes)
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


def _root(args: argparse.Namespace) -> Path:
    root: Path = args.root.resolve()
    if not (root / "competency-map").is_dir():
        raise CmapError(f"{root} has no competency-map/ folder. Run cmap in the repository's "
                        "top folder, or pass --root.")
    return root


if __name__ == "__main__":
    sys.exit(main())
