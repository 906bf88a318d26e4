"""The edits the bench makes to a company between builds, as a person would make them.

Edits are made on the text, line by line, so the rest of the file stays byte for byte as
it was (a reformatted file would be a different, larger change), and every edit keeps the
company valid, so the build after it does the work of a real change and not of an error.

* second build: a department head lowers one need's headcount by one in their file of the
  newest cycle (fewer people can never break "staffed for at least the headcount" nor
  "a program has seats for the people": N403, P505);
* serve: a role's `title:` gets a suffix, which its page `/roles/<id>/` must then show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_ROLE = re.compile(r"^\s*(?:-\s+)?role:\s*(\S+)\s*$")
_COMPETENCY = re.compile(r"^\s*(?:-\s+)?competency:\s*(\S+)\s*$")
_HEADCOUNT = re.compile(r"^(\s*(?:-\s+)?headcount:\s*)(\d+)(\s*)$")
_TITLE = re.compile(r"^title:[ \t]*(.*?)[ \t]*$")
# A title that stays the same text in YAML (plain scalar) and in HTML (nothing to escape).
_PLAIN_TITLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.()-]*")


@dataclass(frozen=True)
class Edit:
    """One file's text before and after an edit, and what the edit was, for the report."""

    path: Path
    before: str
    after: str
    description: str

    def apply(self) -> None:
        self.path.write_text(self.after, encoding="utf-8")

    def undo(self) -> None:
        self.path.write_text(self.before, encoding="utf-8")


def lower_headcount(text: str) -> tuple[str, str] | None:
    """The first need with a headcount of 2 or more, one person fewer; None if none.

    Returns the new text and what changed, e.g. "headcount 3 → 2 of the need of role R in
    competency C (line 12)".
    """
    lines = text.splitlines(keepends=True)
    role = competency = "?"
    for number, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if found := _ROLE.match(body):
            role = found.group(1)
        if found := _COMPETENCY.match(body):
            competency = found.group(1)
        count = _HEADCOUNT.match(body)
        if count and int(count.group(2)) >= 2:
            old = int(count.group(2))
            ending = line[len(body):]
            lines[number] = f"{count.group(1)}{old - 1}{count.group(3)}{ending}"
            return ("".join(lines), f"headcount {old} → {old - 1} of the need of role `{role}` "
                    f"in competency `{competency}` (line {number + 1})")
    return None


def needs_edit(root: Path) -> Edit:
    """A department head's change in the newest cycle: one headcount lowered by one.

    The newest cycle is the last folder of `needs/` by name (cycle ids such as `2027-h1`
    sort by date); its files are tried in name order.
    """
    cycles = sorted(p for p in (root / "needs").iterdir() if p.is_dir())
    for cycle in reversed(cycles):
        for path in sorted(cycle.glob("*.yml")):
            text = path.read_text("utf-8")
            changed = lower_headcount(text)
            if changed:
                return Edit(path, text, changed[0],
                            f"`{path.relative_to(root).as_posix()}`: {changed[1]}")
    raise SystemExit(f"no need with a headcount of 2 or more in {root / 'needs'}")


def plain_title(text: str) -> str | None:
    """The role's `title:` when it reads the same in YAML and in HTML, else None."""
    for line in text.splitlines():
        found = _TITLE.match(line)
        if found:
            return found.group(1) if _PLAIN_TITLE.fullmatch(found.group(1)) else None
    return None


def retitle(text: str, title: str) -> str:
    """The role file with its top-level `title:` replaced, every other line unchanged."""
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if _TITLE.match(body):
            lines[number] = f"title: {title}{line[len(body):]}"
            return "".join(lines)
    raise ValueError("the role file has no top-level `title:` line")


def role_to_retitle(root: Path) -> tuple[str, Path, str]:
    """The first role (by id) with a plain title: its id, file and title."""
    for path in sorted((root / "competency-map" / "roles").glob("*.yml")):
        title = plain_title(path.read_text("utf-8"))
        if title:
            return path.stem, path, title
    raise SystemExit(f"no role with a plain title in {root / 'competency-map' / 'roles'}")
