"""The files of a new company's repository, made from `templates/init/`.

    templates/init/words/<language>.yml   the words of the data files: the method's three
                                          responsibility areas, a five-level scale, …
    templates/init/files/common/          what every new repository gets
    templates/init/files/<language>/      its README, guides and folder notes (what a
                                          language lacks comes from `en/`)

A file's path in the repository is its path below `common/` or `<language>/`, with `dot_`
at the start of a part written as `.` (`dot_github/zizmor.yml` → `.github/zizmor.yml`:
setuptools leaves hidden files out of package data) and `.j2` removed. `.j2` files are
Jinja templates of text (YAML, Markdown), the others are copied as they are, and scripts
(`.sh`) are written executable. Nothing here writes: `new_repository` and `example` do.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.distribution import GitSource, git_source, version
from generator.files.yaml_append import scalar
from generator.paths import TEMPLATES, schema_reference
from generator.problems import CmapError, clip

INIT_TEMPLATES = TEMPLATES / "init"
FILES = INIT_TEMPLATES / "files"
LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
#: The id of the company unit, the top of the department tree, in every new repository.
COMPANY = "company"
#: Every handle the starter files hold ends in this: people replace them with real ones.
PLACEHOLDER = "--change-me"
HANDLES = {
    "head": f"ceo{PLACEHOLDER}",
    "training": f"training-lead{PLACEHOLDER}",
    "hr": f"hr-lead{PLACEHOLDER}",
    "top-management": f"ceo{PLACEHOLDER}",
    "department-heads": f"department-head{PLACEHOLDER}",
}
NAME_LIMIT = 100
#: What a company's name may not hold: it is written into YAML, Markdown and the site's
#: footer, which Material for MkDocs writes as HTML.
_NOT_IN_NAMES = re.compile(r"[<>\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


@dataclass(frozen=True)
class Starter:
    """What a new repository is made for: the company, its language, and the cmap that
    its workflows install."""

    name: str
    language: str = "en"
    year: int = field(default_factory=lambda: date.today().year)
    source: GitSource | None = None
    version: str = ""


@dataclass(frozen=True)
class StarterFiles:
    files: dict[str, bytes]  #: repository path → content
    executable: frozenset[str]


def starter(name: str, language: str = "en") -> Starter:
    """The starter for the company `name`, with the cmap that is running; CmapError when
    the name or the language cannot be used."""
    return Starter(checked_name(name), checked_language(language), source=git_source(),
                   version=version())


def checked_name(name: str) -> str:
    bad = _NOT_IN_NAMES.search(name)
    if bad:
        raise CmapError(f"--name {clip(name)!r} holds {bad.group(0)!r}, which a company's name "
                        "cannot hold here: the site writes the name into HTML, on one line. "
                        "Leave it out.")
    text = " ".join(name.split())
    if not text:
        raise CmapError("--name is empty: give the company's name, e.g. --name \"Acme Ltd.\".")
    if len(text) > NAME_LIMIT:
        raise CmapError(f"--name is {len(text)} characters long; use at most {NAME_LIMIT} "
                        "(the short name people use).")
    return text


def checked_language(language: str) -> str:
    if language not in LANGUAGES:
        raise CmapError(f"--language {clip(language)!r} is not one of: {', '.join(LANGUAGES)}.")
    return language


def render_files(start: Starter, root: Path) -> StarterFiles:
    """Every starter file for the repository at `root` (whose layout decides where the
    `$schema` lines point), rendered; the JSON Schemas and CODEOWNERS are not among them."""
    env = _environment()
    context = _context(start, root)
    sources: dict[str, Path] = {}
    # A language's folder holds what is translated; the rest comes from the English one.
    for folder in dict.fromkeys((FILES / "common", FILES / DEFAULT_LANGUAGE, FILES / start.language)):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            sources[repository_path(path.relative_to(folder))] = path
    files: dict[str, bytes] = {}
    for rel, path in sorted(sources.items()):
        if path.suffix == ".j2":
            template = env.get_template(path.relative_to(FILES).as_posix())
            files[rel] = template.render(context).encode("utf-8")
        else:
            files[rel] = path.read_bytes()
    return StarterFiles(files, frozenset(rel for rel in files if rel.endswith(".sh")))


def repository_path(template: PurePosixPath | Path) -> str:
    """`dot_github/workflows/x.yml` → `.github/workflows/x.yml`; `README.md.j2` → `README.md`."""
    parts = ["." + part[len("dot_"):] if part.startswith("dot_") else part
             for part in PurePosixPath(template.as_posix()).parts]
    return "/".join(parts).removesuffix(".j2")


def words(start: Starter) -> dict[str, Any]:
    """The language's words, with the company's name and the year filled in."""
    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace("{year}", str(start.year)).replace("{name}", start.name)
        if isinstance(value, list):
            return [fill(item) for item in value]
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        return value

    filled: dict[str, Any] = fill(_words(start.language))
    return filled


@cache
def _words(language: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (INIT_TEMPLATES / "words" / f"{language}.yml").read_text(encoding="utf-8"))
    return data


def _context(start: Starter, root: Path) -> dict[str, Any]:
    vocabulary = words(start)
    return {
        "name": start.name, "language": start.language, "year": start.year,
        "w": vocabulary, "site_name": vocabulary["site_name"],
        "site_description": vocabulary["site_description"], "copyright": vocabulary["copyright"],
        "handles": HANDLES, "company": COMPANY, "placeholder": PLACEHOLDER,
        "source": start.source, "version": start.version,
        "schema": lambda kind, rel: schema_reference(root, kind, rel),
    }


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(FILES), autoescape=False, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["yaml"] = scalar
    env.filters["folded"] = folded
    env.filters["comment"] = lambda text: " ".join(str(text).split())
    env.filters["md"] = markdown_text
    return env


def folded(text: str, indent: int) -> str:
    """`text` as a YAML folded block (`>-`), wrapped to lines of 88 characters at most
    where it has spaces, indented by `indent`; a short text as a quoted scalar."""
    flat = " ".join(str(text).split())
    if len(flat) + indent <= 76:
        return scalar(flat)
    pad = " " * indent
    lines = textwrap.wrap(flat, width=88 - indent, break_long_words=False, break_on_hyphens=False)
    return ">-\n" + "\n".join(pad + line for line in lines)


def markdown_text(text: str) -> str:
    """`text` with Markdown's punctuation escaped, so a name shows as it is written."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))
