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
from typing import TextIO

from generator.paths import CODEOWNERS, MAP_DIR, SITE_CONFIG
from generator.problems import LISTED, MESSAGE_LIMIT, CmapError, clip, one_line
from generator.rules.report import REPORTERS, and_more, report_listed


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
    build.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                       help="the site generator: MkDocs (default) or Zensical, which must be "
                            "installed (see README, Zensical)")
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
    _add_review_commands(commands)
    _add_exchange_commands(commands)

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
    from generator.rules.repository import load_repository

    root = _root(args)
    base = None
    if args.base:
        from generator.files.revisions import checkout

        with checkout(root, args.base) as folder:
            base = load_repository(folder).model
    result = load_repository(root, base, guides=_guides(root))
    REPORTERS[args.format](result.problems, len(result.files), sys.stdout)
    return 0 if result.ok else 1


def _build(args: argparse.Namespace) -> int:
    from generator.rules.repository import load_repository
    from generator.site import mkdocs_build as sitebuild

    root = _root(args)
    result = load_repository(root, guides=_guides(root))
    if not result.ok:
        REPORTERS["text"](result.problems, len(result.files), sys.stderr)
        print("cmap: the site was not built; the previous site is unchanged.", file=sys.stderr)
        return 1
    if args.engine == "zensical":
        from generator.site import zensical as zensical_config

        folder = zensical_config.build(root, result, site_dir=args.site_dir)
    else:
        folder = sitebuild.build(root, result, site_dir=args.site_dir)
    pages = sum(1 for _ in folder.rglob("index.html"))
    print(f"Built {pages} pages from {len(result.files)} files into {folder}.")
    return 0


def _guides(root: Path) -> str:
    """The guides folder (`docs_dir` of mkdocs.yml): the validator reports its links too."""
    from generator.site.mkdocs_build import guides_setting

    return guides_setting(root)


def _serve(args: argparse.Namespace) -> int:
    from generator.site import mkdocs_build as sitebuild

    sitebuild.serve(_root(args), dev_addr=args.dev_addr)
    return 0


def _new_cycle(args: argparse.Namespace) -> int:
    from generator.exchange.scaffold import new_cycle
    from generator.rules.repository import load_repository

    root = _root(args)
    path = new_cycle(root, load_repository(root).model, args.id, title=args.title,
                     start=args.start, end=args.end)
    print(f"Wrote {path.relative_to(root)}. Check the dates, then open a pull request.")
    return 0


def _new_need(args: argparse.Namespace) -> int:
    from datetime import date

    from generator.exchange.scaffold import new_need
    from generator.rules.repository import load_repository

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
    _add_issue_form_source(sources)


def _worksheet(args: argparse.Namespace) -> int:
    from generator.exchange.assessment import worksheet_csv
    from generator.rules.repository import load_repository

    text = worksheet_csv(load_repository(_root(args)).model, args.role)
    if str(args.out) == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
        return 0
    out: Path = args.out or Path(f"{args.role}-worksheet.csv")
    _write_file(out, text.encode("utf-8"), args.force, " and may hold ratings")
    print(f"Wrote {out}. Line managers rate each person in a person column (rename the headers "
          "to initials if they like; headers and single ratings never reach the repository, so "
          "keep the filled sheet out of it too). "
          f"Then: cmap import assessment {out} --cycle CYCLE --department DEPARTMENT")
    return 0


def _import(args: argparse.Namespace) -> int:
    from datetime import date

    from generator.exchange.needs_import import import_needs, write

    root = _root(args)
    if args.source == "assessment":
        from generator.exchange.assessment import import_assessment

        outcome = import_assessment(root, args.file, str(args.file), args.cycle, args.department,
                                    date.today())
    else:
        outcome = import_needs(root, args.file, str(args.file), args.cycle, date.today())
    report_listed(outcome.problems, sys.stderr)
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


def _add_exchange_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`cmap export case|csv|json` and `cmap import case`: the map for other tools, and a
    map started from a published framework (see exports.py, case_export.py, case_import.py)."""
    export = commands.add_parser("export", help="write the map for other tools: CASE, CSV or JSON")
    formats = export.add_subparsers(dest="format", required=True, metavar="FORMAT")
    case = formats.add_parser("case", help="a CASE v1.1 package (JSON) of categories, "
                              "competencies, levels and role profiles")
    json_ = formats.add_parser("json", help="the whole validated map and its cycles as JSON")
    for command in (case, json_):
        command.add_argument("--out", type=Path, default=Path("-"),
                             help="the file to write (default: - for the screen)")
    csv = formats.add_parser("csv", help="competencies, role profiles, the company map, and "
                             "needs and programs per cycle as CSV files")
    csv.add_argument("--out", type=Path, required=True, help="the folder to write them into")
    for command in (case, json_, csv):
        command.add_argument("--force", action="store_true",
                             help="replace the files of --out that exist already")
        command.set_defaults(run=_export)
    imports = next(action for action in commands.choices["import"]._actions
                   if isinstance(action, argparse._SubParsersAction))
    source = imports.add_parser("case", help="a competency framework as a CASE package (JSON, "
                                "CASE 1.0 or 1.1): writes scales, categories and competencies "
                                "(and the roles of a `cmap export case` package), never "
                                "overwriting a file")
    source.add_argument("file", type=Path, help="the CASE package (a CFPackage JSON file)")
    source.add_argument("--into", type=Path, default=None,
                        help="the repository folder to write into (default: --root)")
    source.add_argument("--scale", default=None, help="the scale for competencies the package "
                        "gives no levels (default: the only scale, or `proficiency`)")
    source.add_argument("--dry-run", action="store_true",
                        help="show what would be written, but write nothing")
    source.set_defaults(run=_import_case)


def _export(args: argparse.Namespace) -> int:
    from generator.exchange.bundle import publisher_from_config
    from generator.exchange.case.exporter import case_package
    from generator.exchange.csv_export import all_tables
    from generator.exchange.json_export import model_text
    from generator.rules.repository import load_repository

    root = _root(args)
    result = load_repository(root)
    if not result.ok:
        REPORTERS["text"](result.problems, len(result.files), sys.stderr)
        print("cmap: nothing was exported: fix the errors first.", file=sys.stderr)
        return 1
    publisher = publisher_from_config(result.model, _site_config(root))
    if args.format == "csv":
        out: Path = args.out
        tables = all_tables(result.model)
        existing = [name for name in tables if (out / name).exists()]
        if existing and not args.force:
            raise CmapError(f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)} in "
                            f"{out}; pass --force to replace {'it' if len(existing) == 1 else 'them'}, "
                            "or choose another --out.")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise CmapError(f"cannot write into {out}: {err.strerror}.") from err
        for name, text in tables.items():
            _write_file(out / name, text.encode("utf-8"), args.force)
        print(f"Wrote {len(tables)} CSV files into {out}.")
        return 0
    if args.format == "case":
        import json

        text = json.dumps(case_package(result.model, publisher), ensure_ascii=False, indent=2) + "\n"
    else:
        from generator.exchange.case.exporter import timestamp

        text = model_text(result.model, title=publisher.title, exported=timestamp())
    if str(args.out) == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
        return 0
    _write_file(args.out, text.encode("utf-8"), args.force)
    print(f"Wrote {args.out}.")
    return 0


def _write_file(path: Path, data: bytes, force: bool, why: str = "") -> None:
    """Write `path`; unless `force`, only if it does not exist (checked as it is opened)."""
    try:
        with path.open("wb" if force else "xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise CmapError(f"{path} already exists{why}; pass --force to replace it, or choose "
                        "another --out.") from None
    except OSError as err:
        raise CmapError(f"cannot write {path}: {err.strerror}.") from err


def _site_config(root: Path) -> dict[str, object]:
    """mkdocs.yml's settings, or none when the repository has no mkdocs.yml."""
    if not (root / SITE_CONFIG).is_file():
        return {}
    from generator.site.mkdocs_build import read_user_config

    return read_user_config(root)


def _import_case(args: argparse.Namespace) -> int:
    from generator.exchange.case.importer import plan_import, read_package, write

    root: Path = (args.into or args.root).resolve()
    if not root.is_dir():
        raise CmapError(f"{root} is not a folder. Create it first, or pass --into with the "
                        "repository's top folder.")
    outcome = plan_import(root, read_package(args.file), args.scale)
    for warning in outcome.warnings[:LISTED]:
        print(f"warning: {one_line(clip(warning, MESSAGE_LIMIT))}", file=sys.stderr)
    if len(outcome.warnings) > LISTED:
        print(f"warning: {and_more(len(outcome.warnings) - LISTED, 'warning')}", file=sys.stderr)
    if not args.dry_run:
        write(root, outcome)
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
        print("Nothing to write: every file the package maps to exists already.")
    return 0


def _add_review_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`cmap codeowners`, `cmap approvals`, `cmap diff`: reviewing pull requests."""
    owners = commands.add_parser("codeowners", help="write .github/CODEOWNERS from the approver "
                                 "groups and department heads")
    owners.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 with a diff when the committed file is stale")
    owners.set_defaults(run=_codeowners)
    gate = commands.add_parser("approvals", help="the approval gate: check that a pull "
                               "request's reviews carry the approvals its change needs")
    gate.add_argument("--plan", metavar="CYCLE", help="the cycle id, e.g. 2027-h1 (default with "
                      "--base: every plan added, changed or removed since REV, and governance)")
    gate.add_argument("--reviews", required=True, type=Path, metavar="FILE.json",
                      help="the reviews: `gh api --paginate repos/OWNER/REPO/pulls/N/reviews`")
    gate.add_argument("--pull-request", type=int, metavar="N",
                      help="the pull request's number: recorded approvals must name it")
    gate.add_argument("--base", metavar="REV", help="the base branch (e.g. origin/main): its "
                      "governance says who approves, and the change is measured from where the "
                      "head branched off it")
    gate.add_argument("--head", metavar="SHA", help="the pull request's head commit: its data is "
                      "read from git (not the working tree), and a review counts only when given "
                      "on it or on a commit with the same files")
    gate.add_argument("--format", choices=("text", "markdown"), default="text")
    gate.set_defaults(run=_approvals)
    diff = commands.add_parser("diff", help="what changes in meaning between two revisions, "
                               "as Markdown for reviewers")
    diff.add_argument("base", metavar="BASE", help="the revision to compare with, e.g. origin/main")
    diff.add_argument("head", metavar="HEAD", nargs="?", default="",
                      help="the revision to compare (default: the working tree)")
    diff.set_defaults(run=_diff)


def _codeowners(args: argparse.Namespace) -> int:
    from generator.review import codeowners
    from generator.rules.repository import load_repository

    root = _root(args)
    result = load_repository(root)
    codeowners.require_sources(result.problems)
    text = codeowners.render(result.model)
    if args.check:
        state = codeowners.compare(root, text)
        if state.current:
            print(f"{CODEOWNERS} is up to date.")
            return 0
        what = "is missing" if state.missing else "is stale: it does not match the data"
        print(f"cmap: {CODEOWNERS} {what}. Run `cmap codeowners` and commit the result.",
              file=sys.stderr)
        sys.stdout.write(state.diff)
        return 1
    changed = codeowners.write(root, text)
    print(f"{'Wrote' if changed else 'Unchanged:'} {CODEOWNERS} "
          f"({len(codeowners.rules(result.model))} rules).")
    return 0


def _approvals(args: argparse.Namespace) -> int:
    from generator.review.approval_scope import judge
    from generator.review.markdown import render
    from generator.review.reviews import read_reviews

    root = _root(args)
    if not args.plan and not args.base:
        raise CmapError("say which plan to check: --plan CYCLE, or --base REV for every plan "
                        "changed since that revision.")
    verdict = judge(root, read_reviews(args.reviews), base=args.base, head=args.head,
                    plan=args.plan, pull_request=args.pull_request)
    template = "approvals.md.j2" if args.format == "markdown" else "approvals.txt.j2"
    sys.stdout.write(render(template, verdict=verdict))
    return 0 if verdict.ok else 1


def _diff(args: argparse.Namespace) -> int:
    from generator.review.diff.summary import diff
    from generator.review.markdown import render

    sys.stdout.write(render("diff.md.j2", summary=diff(_root(args), args.base, args.head)))
    return 0


def _add_issue_form_source(sources: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    form = sources.add_parser("issue-form", help="an issue written with the \"Submit training "
                              "needs\" form: the event JSON the workflow receives")
    form.add_argument("file", type=Path, metavar="EVENT.json",
                      help="the issue event (in a workflow: $GITHUB_EVENT_PATH)")
    form.add_argument("--report", type=Path, metavar="FILE.md", help="also write Markdown: the "
                      "pull request's description, or the problems to answer on the issue")
    form.add_argument("--outputs", type=Path, metavar="FILE", help="append name=value lines "
                      "(file, cycle, department, branch, title) for the workflow: $GITHUB_OUTPUT")
    form.add_argument("--dry-run", action="store_true", help="check, but write no needs file")
    form.set_defaults(run=_import_issue_form)


def _import_issue_form(args: argparse.Namespace) -> int:
    from datetime import date

    from generator.review.issue_form import import_issue

    outcome = import_issue(_root(args), args.file, date.today(), write_files=not args.dry_run)
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


def _root(args: argparse.Namespace) -> Path:
    root: Path = args.root.resolve()
    if not (root / MAP_DIR).is_dir():
        raise CmapError(f"{root} has no {MAP_DIR}/ folder. Run cmap in the repository's "
                        "top folder, or pass --root.")
    return root


if __name__ == "__main__":
    sys.exit(main())
