"""Markdown for reviewers: the semantic diff, the approval checklist, issue-form replies.

The templates are in `templates/review/`. Their output is read on the hosting site (a
pull-request comment, a job summary, an issue comment), so every value that came from the
data or from a form goes through a filter: `md` makes text plain (no links, images, HTML
or emphasis, and no @-mention that would notify someone), `code` makes a code span.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.paths import REVIEW_TEMPLATES

#: Characters GitHub-flavoured Markdown could read as syntax inside a line (text is never
#: put at the start of a line, so `#`, `-` and `1.` stay as they are).
_MARKDOWN = re.compile(r"([\\*_\[\]<>|~!&])")
_MENTION = re.compile(r"@(?=\w)")
_SPACE = re.compile(r"\s+")


def md(value: object) -> str:
    """Plain text in Markdown: one line, syntax escaped, mentions defused."""
    text = _SPACE.sub(" ", str(value)).strip()
    return _MENTION.sub("@\u200b", _MARKDOWN.sub(r"\\\1", text))


def code(value: object) -> str:
    """An inline code span that holds any text, backticks included."""
    text = _SPACE.sub(" ", str(value)).strip()
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def quote(value: object) -> str:
    """Several lines of plain text as a Markdown block quote."""
    lines = str(value).strip().splitlines() or [""]
    return "\n".join("> " + md(line) if line.strip() else ">" for line in lines)


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(REVIEW_TEMPLATES), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(md=md, code=code, quote=quote)
    return env


def render(template: str, **values: Any) -> str:
    text = environment().get_template(template).render(**values)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
