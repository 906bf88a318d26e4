"""The `cmap` command: parses the arguments, runs the command (`generator.commands`), and
turns failures into words and an exit code. The commands print their own results; the
failures that end a command are printed here, on one line, never as a traceback (set
CMAP_DEBUG=1 to see one).

Exit codes: 0 done (valid data, warnings allowed), 1 invalid data, a failed build or
check, or an error the user can act on, 2 a usage error, 3 an internal error (a bug in
cmap), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from generator.commands import authoring, checking, exchange, review, site, starting
from generator.paths import CODEOWNERS, PLANS_DIR, SCHEMA_COPIES, SITE_CONFIG, SITE_DIR
from generator.problems import CmapError
from generator.rules.report import REPORTERS


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


#: The subcommands of a parser, as argparse adds them (generic only for type checkers).
_Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's, with each subcommand's summary beside its name: argparse measures the
    names without the indent it prints them with, so a long one ("codeowners") would push
    its summary onto a line of its own."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction):
            longest = max(map(len, action.choices), default=0)
            self._action_max_length = max(self._action_max_length, longest
                                          + self._current_indent + self._indent_increment)


def _command(group: _Commands, name: str, summary: str, details: str = ""
             ) -> argparse.ArgumentParser:
    """A subcommand. `summary` is its line in the --help of the command above it, so it
    fits on one line (`tests/commands/test_cli_help.py` holds it to that); its own --help
    starts with the summary as a sentence, then `details`."""
    sentence = summary[0].upper() + summary[1:] + ("" if summary.endswith((".", "?")) else ".")
    return group.add_parser(name, help=summary, description=f"{sentence} {details}".strip(),
                            formatter_class=_HelpFormatter)


class _ShowVersion(argparse.Action):
    """`cmap --version`: looked up only when asked, so that no other command pays for it."""

    def __init__(self, option_strings: list[str], dest: str, **_: object) -> None:
        super().__init__(option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                         nargs=0, help="show the installed version of cmap and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from generator.distribution import version_text

        print(f"cmap {version_text()}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cmap", description="Validate and publish the company competency map.",
        formatter_class=_HelpFormatter,
        epilog="Run `cmap COMMAND --help` for what a command does and its options.")
    parser.add_argument("--version", action=_ShowVersion)
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the repository folder (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = _command(commands, "validate", "check every data file; exit 1 on errors",
                        "Every problem of every file is listed at once, with a hint.")
    validate.add_argument("--format", choices=sorted(REPORTERS), default="text",
                          help="text for people, github for workflow annotations, json for tools")
    validate.add_argument("--base", metavar="REV",
                          help="also compare with this git revision (e.g. origin/main): approved "
                               "plans stay frozen, statuses move one step")
    validate.set_defaults(run=checking.validate)

    build = _command(commands, "build", f"validate, then build the site into {SITE_DIR}/",
                     "A failed build leaves the previous site as it was; a second build redoes "
                     "only what the changes reach.")
    build.add_argument("--site-dir", type=Path, default=None,
                       help=f"where to write the site (default: site_dir of {SITE_CONFIG})")
    build.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                       help="the site generator: MkDocs (default) or Zensical, which must be "
                            "installed (see README, Zensical)")
    build.add_argument("--no-cache", action="store_true",
                       help="make and render every page, whatever the last build left in "
                            ".cmap/cache/ (a build normally redoes only the pages a changed "
                            "file reaches)")
    build.add_argument("--jobs", type=_positive, default=None, metavar="N",
                       help="processes that make pages side by side (default: one per CPU; "
                            "1 makes them one after the other)")
    build.set_defaults(run=site.build)

    new = _command(commands, "new", "write a new data file, valid as written",
                   "It never overwrites a file.")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    cycle = _command(kinds, "cycle", f"declare a training cycle in {PLANS_DIR}/",
                     "Its period, due dates and owner come from the id and the approver groups.")
    cycle.add_argument("id", help="the cycle id, e.g. 2027-h1 (year, then h1/h2 or q1-q4)")
    cycle.add_argument("--title", help="the cycle's name (default: from the id)")
    cycle.add_argument("--start", help="first day, YYYY-MM-DD (default: from the id)")
    cycle.add_argument("--end", help="last day, YYYY-MM-DD (default: from the id)")
    cycle.set_defaults(run=authoring.new_cycle)
    need = _command(kinds, "need", "start a department's needs file for a cycle",
                    "Its staffed roles are listed as commented candidates to fill in.")
    need.add_argument("--cycle", required=True, help="the cycle id, e.g. 2027-h1")
    need.add_argument("--department", required=True, help="the department id")
    need.add_argument("--role", action="append", default=[], metavar="ROLE",
                      help="list the candidates of this staffed role only (repeat for more roles; "
                           "default: every staffed role)")
    need.add_argument("--critical-only", action="store_true",
                      help="list only the competencies the profiles mark critical")
    need.set_defaults(run=authoring.new_need)

    _add_init_command(commands)
    _add_csv_commands(commands)
    _add_review_commands(commands)
    _add_exchange_commands(commands)

    serve = _command(commands, "serve", "preview the site; rebuild when a file changes",
                     "Saving a data file, a guide or mkdocs.yml updates the pages it changes, "
                     "with live reload; while the files have errors, every page shows them.")
    serve.add_argument("--dev-addr", default=None, help="address to serve on, e.g. 127.0.0.1:8000")
    serve.set_defaults(run=site.serve)
    _accept_root_after_command(parser)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


def _accept_root_after_command(parser: argparse.ArgumentParser) -> None:
    """`cmap validate --root X` works as well as `cmap --root X validate`."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub.add_argument("--root", type=Path, default=argparse.SUPPRESS,
                                 help="the repository folder (default: the current folder)")
                _accept_root_after_command(sub)


def _add_init_command(commands: _Commands) -> None:
    """`cmap init`: a company's own repository (see `generator.starter`)."""
    init = _command(commands, "init", "start a company's own repository, valid as written",
                    "The map's vocabularies, a scale, the approver groups, the site, the "
                    "workflows and the guides; or, with --replace-example, a copy of cmap's "
                    "repository rid of the example company.")
    init.add_argument("dir", type=Path, nargs="?", default=Path("."), metavar="DIR",
                      help="the folder: new, empty, or holding only the .git of a `git init` "
                           "(default: the current folder)")
    init.add_argument("--name", help="the company's name, e.g. \"Acme Ltd.\": the site is "
                      "called \"NAME competency map\"")
    init.add_argument("--language", choices=("en", "zh"), default="en",
                      help="the language of the data files, guides and site (default: en)")
    init.add_argument("--replace-example", action="store_true",
                      help="in a copy of cmap's own repository: delete the example company's "
                           "files that nobody changed and write the starter files in their place")
    init.add_argument("--update-schemas", action="store_true",
                      help=f"copy the installed cmap's JSON Schemas into DIR/{SCHEMA_COPIES}/, "
                           "where editors read them")
    init.add_argument("--dry-run", action="store_true",
                      help="show what would be written or deleted, but change nothing")
    init.set_defaults(run=starting.init)


def _add_csv_commands(commands: _Commands) -> None:
    """`cmap worksheet` and `cmap import`: spreadsheets in and out (see `exchange/assessment.py`)."""
    sheet = _command(commands, "worksheet", "write a role's assessment worksheet (CSV or XLSX)",
                     "Line managers rate their people in it privately; `cmap import "
                     "assessment` turns it into needs.")
    sheet.add_argument("--role", required=True, help="the role id, e.g. sales-rep")
    sheet.add_argument("--format", choices=("csv", "xlsx"), default=None,
                       help="csv, or xlsx: an Excel workbook with level dropdowns, the gap "
                       "computed and print setup (default: from --out's suffix, else csv)")
    sheet.add_argument("--out", type=Path, default=None,
                       help="the file to write (default: ROLE-worksheet.csv or .xlsx; - for the "
                       "screen, CSV only)")
    sheet.add_argument("--force", action="store_true", help="replace --out if it exists")
    sheet.set_defaults(run=authoring.worksheet)
    imports = _command(commands, "import", "read assessment, needs, issue-form, case or model",
                       "Needs from a filled assessment worksheet (assessment), a spreadsheet "
                       "(needs) or an issue of the needs form (issue-form); the map itself from "
                       "a CASE framework (case) or a workbook or CSV tables (model).")
    sources = imports.add_subparsers(dest="source", required=True, metavar="SOURCE")
    assessment = _command(sources, "assessment", "needs from a filled assessment worksheet",
                          "Only totals per role and competency are written, never a name or a "
                          "single rating.")
    assessment.add_argument("file", type=Path, help="the worksheet: the .xlsx workbook, or saved "
                            "as CSV UTF-8 (several supervisors' sheets: put all their person "
                            "columns on one sheet)")
    assessment.add_argument("--department", required=True, help="the department rated")
    needs = _command(sources, "needs", "needs kept in a spreadsheet, a row per entry",
                     "Columns: department, role, competency, current, target, headcount, "
                     "priority, evidence; optional: delivery, needed_by, justification.")
    needs.add_argument("file", type=Path, help="the spreadsheet, saved as CSV UTF-8")
    for command in (assessment, needs):
        command.add_argument("--cycle", required=True, help="the cycle id, e.g. 2027-h1")
        command.add_argument("--dry-run", action="store_true",
                             help="check and show what would change, but write nothing")
        command.set_defaults(run=exchange.import_rows)
    _add_issue_form_source(sources)


def _add_exchange_commands(commands: _Commands) -> None:
    """`cmap export case|csv|json` and `cmap import case`: the map for other tools, and a
    map started from a published framework (see `generator.exchange`)."""
    export = _command(commands, "export", "write the map as CASE, CSV, JSON or an Excel workbook",
                      "For HR systems, learning platforms, spreadsheets and other tools.")
    formats = export.add_subparsers(dest="format", required=True, metavar="FORMAT")
    case = _command(formats, "case", "a CASE v1.1 package (JSON) for HR systems and LMSs",
                    "Categories, competencies, levels and role profiles.")
    json_ = _command(formats, "json", "the whole validated map and its cycles as JSON",
                     "Described by export.schema.json.")
    for command in (case, json_):
        command.add_argument("--out", type=Path, default=Path("-"),
                             help="the file to write (default: - for the screen)")
    csv = _command(formats, "csv", "the map, needs and programs as CSV files",
                   "Competencies, role profiles and the map's other tables, the company map, "
                   "and needs and programs per cycle.")
    csv.add_argument("--out", type=Path, required=True, help="the folder to write them into")
    xlsx = _command(formats, "xlsx", "the map as an Excel workbook to edit",
                    "A sheet each for competencies, roles, profiles, responsibilities, "
                    "departments, staffing, scales and the vocabularies (read back by `cmap "
                    "import model`).")
    xlsx.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx",
                      help="the workbook to write")
    for command in (case, json_, csv, xlsx):
        command.add_argument("--force", action="store_true",
                             help="replace the files of --out that exist already")
        command.set_defaults(run=exchange.export)
    imports = next(action for action in commands.choices["import"]._actions
                   if isinstance(action, argparse._SubParsersAction))
    source = _command(imports, "case", "competencies from a framework's CASE package",
                      "A CASE 1.0 or 1.1 package (JSON) gives scales, categories and "
                      "competencies (and the roles of a `cmap export case` package); no file is "
                      "overwritten.")
    source.add_argument("file", type=Path, help="the CASE package (a CFPackage JSON file)")
    source.add_argument("--into", type=Path, default=None,
                        help="the repository folder to write into (default: --root)")
    source.add_argument("--scale", default=None, help="the scale for competencies the package "
                        "gives no levels (default: the only scale, or `proficiency`)")
    source.add_argument("--update", action="store_true",
                        help="a newer version of a framework imported before: write what "
                        "changed into the competencies imported from it (found by the items' "
                        "identifiers), add new items, list removed ones")
    source.add_argument("--dry-run", action="store_true",
                        help="show what would be written, but write nothing")
    source.set_defaults(run=exchange.import_case)
    model = _command(imports, "model", "the map from a workbook or a folder of CSV tables",
                     "A workbook of `cmap export xlsx` or the CSV tables of `cmap export csv`: "
                     "creates files and changes existing ones keeping everything else, never "
                     "deletes.")
    model.add_argument("file", type=Path, metavar="FILE.xlsx|FOLDER",
                       help="the workbook, or the folder of CSV tables")
    model.add_argument("--dry-run", action="store_true",
                       help="check and list every file it would create or change, and how; "
                            "write nothing")
    model.set_defaults(run=exchange.import_model)


def _add_review_commands(commands: _Commands) -> None:
    """`cmap codeowners`, `cmap approvals`, `cmap diff`: reviewing pull requests."""
    owners = _command(commands, "codeowners", f"write {CODEOWNERS} from the approver groups",
                      "And from the department heads; hand-written rules outside the generated "
                      "block are kept.")
    owners.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 with a diff when the committed file is stale")
    owners.set_defaults(run=review.codeowners)
    gate = _command(commands, "approvals", "the approval gate of a pull request",
                    "Checks that the pull request's reviews carry the approvals its change needs.")
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
    gate.add_argument("--format", choices=("text", "markdown"), default="text",
                      help="text for the terminal, markdown for a comment (default: text)")
    gate.set_defaults(run=review.approvals)
    diff = _command(commands, "diff", "what changes in meaning between two revisions",
                    "As Markdown for reviewers, with the site pages each change affects.")
    diff.add_argument("base", metavar="BASE", help="the revision to compare with, e.g. origin/main")
    diff.add_argument("head", metavar="HEAD", nargs="?", default="",
                      help="the revision to compare (default: the working tree)")
    diff.set_defaults(run=review.diff)


def _add_issue_form_source(sources: _Commands) -> None:
    form = _command(sources, "issue-form", "needs from an issue of the needs form",
                    "An issue written with the \"Submit training needs\" form: the event JSON "
                    "the workflow receives.")
    form.add_argument("file", type=Path, metavar="EVENT.json",
                      help="the issue event (in a workflow: $GITHUB_EVENT_PATH)")
    form.add_argument("--report", type=Path, metavar="FILE.md", help="also write Markdown: the "
                      "pull request's description, or the problems to answer on the issue")
    form.add_argument("--outputs", type=Path, metavar="FILE", help="append name=value lines "
                      "(file, cycle, department, branch, title) for the workflow: $GITHUB_OUTPUT")
    form.add_argument("--dry-run", action="store_true", help="check, but write no needs file")
    form.set_defaults(run=review.import_issue_form)


if __name__ == "__main__":
    sys.exit(main())
