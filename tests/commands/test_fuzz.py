"""Hostile input, property-based: break one file of the example repository, validate.

Each example copies nothing but the one file it damages: the example repository is copied
once per module, an example overwrites one of its data files (parsed, mutated by
hypothesis, dumped again; or damaged byte by byte) and puts the original back afterwards.
Then `cmap validate` runs the way a user runs it, and the properties are:

1. it exits 0, or 1 with every problem at `file:line` of a file of the repository (a line
   the file has), in each output format; never 2 (usage), 3 (internal error) or a
   traceback, and its output is text a UTF-8 terminal can show, one problem a line;
2. when the damage was markup in free text and the repository stays valid, the generated
   pages carry it as text: no `<script>`, `<img … onerror>` or `onclick` attribute in the
   HTML that Markdown makes of them, no evaluated Jinja (`{{ 7*7 }}` stays, `49` does not
   appear), front matter that still parses to the page's own title.

The example counts are sized for CI (the module runs in well under a minute) and the runs
are derandomized, so CI is reproducible. To explore for real, raise the count by hand:

    CMAP_FUZZ_EXAMPLES=2000 python3 -m pytest tests/commands/test_fuzz.py -q

With CMAP_FUZZ_EXAMPLES set, every test runs at least that many examples, from a random
seed each time (a failure prints the `@reproduce_failure` line to replay it).
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from support import ROOT
from support.html_checks import assert_inert

from generator.cli import main
from generator.rules.repository import load_repository
from generator.site.generate import generate_pages
from generator.site.renderer import Page
from generator.site.settings import SiteSettings

EXTRA_EXAMPLES = int(os.environ.get("CMAP_FUZZ_EXAMPLES", "0") or 0)


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=max(examples, EXTRA_EXAMPLES),
        deadline=None,
        derandomize=not EXTRA_EXAMPLES,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
    )


#: One file of every kind, and the busier ones twice.
TARGETS = (
    "competency-map/competencies/communication.yml",
    "competency-map/competencies/consultative-selling.yml",
    "competency-map/roles/sales-rep.yml",
    "competency-map/roles/sales-manager.yml",
    "competency-map/departments/company.yml",
    "competency-map/departments/guangzhou-branch.yml",
    "competency-map/scales/proficiency.yml",
    "competency-map/areas.yml",
    "competency-map/categories.yml",
    "competency-map/families.yml",
    "competency-map/governance.yml",
    "needs/2027-h1/marketing.yml",
    "needs/2026-h1/beijing-branch.yml",
    "plans/2027-h1.yml",
    "plans/2026-h1.yml",
)
#: Keys whose string values are free text (no id pattern, no enum), per the schemas.
FREE_TEXT = frozenset({
    "name", "title", "description", "summary", "note", "indicators", "responsibilities",
    "location", "evidence", "justification", "notes", "behaviour", "lecturer", "reason",
    "results", "vendor", "grade",
})

# --- hostile values ---------------------------------------------------------------------

TAG = "zqx"  # marks the payload, to find it again in the pages
MARKUP = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{{ 7*'7' }}",
    "{% raw %}",
    "{% endraw %}{{ 7*7 }}",
    "{# comment #}",
    "[x](javascript:alert(1))",
    "![x](x){: onerror=alert(1) }",
    '<a href="javascript:alert(1)">x</a>',
    '{: onclick="alert(1)" }',
    "text\n{: onclick=alert(1) }",
    "# Heading {: onclick=alert(1) }",
    "]]>",
    "<![CDATA[ x ]]>",
    "---\ntitle: injected\n---\n",
    "\n---\n",
    "*em* _em_ **b** `code` ~~s~~",
    "<!-- ",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "| a | b |\n|---|---|\n| c | d |",
    "!!! note\n    admonition",
    ":material-alert:",
    "\\",
    '"',
    "'",
)
UNICODE = (
    "\u202e", "\u200f", "\u2066", "\u200b", "\ufeff", "😀👩‍👩‍👧", "沟通与表达能力", "e\u0301",
    "\x1b[31mred\x1b[0m", "\x00", "\x07", "\x08", "\r", "\r\n", "\n", "\u2028", "\u2029",
    "\x85", "\x0b", "\x0c", "\x1c", "\t", "\U0010ffff", "\ufffe", "\uffff", "\x7f", "\x9b",
)
HUGE_NUMBERS = (10**30, -(10**30), 2**63, 2**64, -(2**63) - 1, 10**400)


def _nest_lists(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


def _nest_maps(depth: int) -> Any:
    value: Any = "bottom"
    for i in range(depth):
        value = {f"k{i}": value}
    return value


HUGE: dict[str, Callable[[], Any]] = {
    "long text": lambda: "long " * 40_000,
    "long line": lambda: "x" * 300_000,
    "oversized text": lambda: "y" * (2 * 1024 * 1024 + 10),
    "long list": lambda: list(range(3_000)),
    "long list of text": lambda: ["Speaks clearly."] * 3_000,
    "many keys": lambda: {f"key-{i}": i for i in range(2_000)},
    "deep lists": lambda: _nest_lists(120),
    "deep maps": lambda: _nest_maps(90),
}

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(MARKUP + UNICODE),
    st.lists(st.sampled_from(MARKUP + UNICODE), min_size=1, max_size=4).map("".join),
    st.text(st.characters(codec="utf-8"), max_size=20),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(HUGE_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True), texts,
)
values = st.one_of(
    scalars,
    st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(texts, inner, max_size=4), max_leaves=8),
    st.sampled_from(sorted(HUGE)).map(lambda name: HUGE[name]()),
)

# --- the repository ---------------------------------------------------------------------


class Example:
    """The copied example repository and the parsed data of its target files."""

    def __init__(self, root: Path, data: dict[str, Any]) -> None:
        self.root, self.data = root, data

    def __repr__(self) -> str:
        return f"Example({self.root})"

    def read(self, rel: str) -> bytes:
        return (ROOT / rel).read_bytes()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Example]:
    root = tmp_path_factory.mktemp("fuzz") / "repo"
    for folder in ("competency-map", "needs", "plans", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    data = {rel: yaml.safe_load((root / rel).read_text("utf-8")) for rel in TARGETS}
    with pytest.MonkeyPatch.context() as env:
        env.delenv("CMAP_DEBUG", raising=False)  # an internal error must show as exit 3
        env.delenv("GITHUB_STEP_SUMMARY", raising=False)  # never write a CI summary
        assert run_validate(root)[0] == 0, "the example repository is not valid"
        yield Example(root, data)


@contextmanager
def written(root: Path, rel: str, content: bytes) -> Iterator[Path]:
    """`rel` holds `content` inside the block, its original bytes again afterwards."""
    path = root / rel
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        yield path
    finally:
        path.write_bytes(original)


def run_validate(root: Path, fmt: str = "text") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["validate", "--root", str(root), "--format", fmt])
    return code, out.getvalue(), err.getvalue()


# --- property 1: exit 0, or 1 with every problem at file:line ---------------------------

TEXT_LINE = re.compile(r"(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?:error|warning) "
                       r"[LSRNP]\d{3} \S")
GITHUB_LINE = re.compile(r"::(?:error|warning) file=(?P<path>[^,]+),line=(?P<line>\d+),"
                         r"col=(?P<column>\d+),title=[LSRNP]\d{3} [^\n]*::")
SUMMARY = re.compile(r"All \d+ files are valid\.|\d+ errors?, \d+ warnings? in \d+ files? "
                     r"\(\d+ checked\)\.")


def assert_reported(root: Path, fmt: str, code: int, out: str, err: str) -> None:
    """Property 1, for the output of one `cmap validate --format fmt` run."""
    assert "Traceback" not in out + err
    assert code in (0, 1), f"exit {code}: {err}"
    assert err == "", err
    out.encode("utf-8")  # a lone surrogate would crash a real UTF-8 stdout
    if fmt == "json":
        document = json.loads(out)
        assert document["valid"] is (code == 0)
        places = [(p["path"], p["line"], p["column"], p["severity"]) for p in document["problems"]]
    else:
        # Text: one problem a line for every reader, so every line break counts (also \r,
        # \x0b, \x1c, \x85, \u2028). GitHub's runner reads workflow commands by \n and \r.
        lines = out.splitlines() if fmt == "text" else re.split("\r\n|\r|\n", out)[:-1]
        places = _places(lines, TEXT_LINE if fmt == "text" else GITHUB_LINE)
    severities = [severity for *_, severity in places]
    assert ("error" in severities) is (code == 1), out
    for path, line, column, _ in places:
        assert_in_file(root, path, line, column)


def _places(lines: list[str], pattern: re.Pattern[str]) -> list[tuple[str, int, int, str]]:
    assert lines and SUMMARY.fullmatch(lines[-1]), lines[-1:]
    places = []
    for line in lines[:-1]:
        if line.startswith("    hint: "):
            continue
        match = pattern.match(line)
        assert match, f"a problem line without file:line: {line!r}"
        severity = line.lstrip(":").split(" ", 1)[0] if pattern is GITHUB_LINE else \
            line[match.end("column") + 2:].split(" ", 1)[0]
        places.append((match["path"], int(match["line"]), int(match["column"]), severity))
    return places


def assert_in_file(root: Path, path: str, line: int, column: int) -> None:
    file = root / path
    assert file.is_file(), f"{path} is not a file of the repository"
    lines = file.read_bytes().count(b"\n") + 1
    assert 1 <= line <= lines, f"{path}:{line}: the file has {lines} lines"
    assert column >= 1


# --- mutations of parsed data ----------------------------------------------------------

KeyPath = tuple[Any, ...]


def key_paths(data: Any, path: KeyPath = ()) -> Iterator[KeyPath]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from key_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from key_paths(value, (*path, index))


def get_at(data: Any, path: KeyPath) -> Any:
    for key in path:
        data = data[key]
    return data


def set_at(data: Any, path: KeyPath, value: Any) -> Any:
    if not path:
        return value
    get_at(data, path[:-1])[path[-1]] = value
    return data


def retyped(value: Any) -> list[Any]:
    """The same value as other types: the mistakes people make by hand."""
    return [str(value), [value], {"value": value}, None, True, 0, len(str(value)), 3.5, ""]


MUTATIONS = ("replace", "delete", "add key", "retype", "unicode", "markup", "huge", "empty",
             "other value", "repeat entry")


@st.composite
def mutated_data(draw: st.DrawFn, original: Any) -> tuple[str, Any]:
    data = copy.deepcopy(original)
    path = draw(st.sampled_from(list(key_paths(data))), label="path")
    kind = draw(st.sampled_from(MUTATIONS), label="mutation")
    current = get_at(data, path)
    event(f"mutation: {kind}")
    if kind == "replace":
        return kind, set_at(data, path, draw(values, label="value"))
    if kind == "delete" and path:
        del get_at(data, path[:-1])[path[-1]]
        return kind, data
    if kind == "add key":
        target = current if isinstance(current, dict) else get_at(data, path[:-1]) if path else data
        if isinstance(target, dict):
            target[draw(texts, label="key")] = draw(values, label="value")
        elif isinstance(target, list):
            target.append(draw(values, label="value"))
        return kind, data
    if kind == "retype":
        return kind, set_at(data, path, draw(st.sampled_from(retyped(current))))
    if kind in ("unicode", "markup") and isinstance(current, str):
        pool = UNICODE if kind == "unicode" else MARKUP
        insert = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3)).__iter__()
        at = draw(st.integers(0, len(current)), label="position")
        return kind, set_at(data, path, current[:at] + "".join(insert) + current[at:])
    if kind == "huge":
        return kind, set_at(data, path, HUGE[draw(st.sampled_from(sorted(HUGE)))]())
    if kind == "other value" and not isinstance(current, dict):  # well-typed but wrong: another
        same_type = [get_at(data, p) for p in key_paths(data)  # id, level or date of the file
                     if type(get_at(data, p)) is type(current)]
        return kind, set_at(data, path, copy.deepcopy(draw(st.sampled_from(same_type))))
    if kind == "repeat entry" and path and isinstance(get_at(data, path[:-1]), list):
        get_at(data, path[:-1]).append(copy.deepcopy(current))
        return kind, data
    if kind == "empty":
        return kind, set_at(data, path, type(current)() if isinstance(current, (str, list, dict))
                            else None)
    return kind, set_at(data, path, draw(values, label="value"))


def dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")


@fuzz_settings(150)
@given(rel=st.sampled_from(TARGETS), fmt=st.sampled_from(("text", "text", "github", "json")),
       data=st.data())
def test_mutated_data_is_reported_at_its_line(example: Example, rel: str, fmt: str,
                                               data: st.DataObject) -> None:
    kind, mutated = data.draw(mutated_data(example.data[rel]), label="mutated")
    content = dump(mutated)
    note(f"{rel} ({kind}): {content[-300:]!r}")
    with written(example.root, rel, content):
        code, out, err = run_validate(example.root, fmt)
        assert_reported(example.root, fmt, code, out, err)
    event(f"exit {code}")


# --- byte-level damage of the YAML text ------------------------------------------------

CHUNKS = (
    b"\t", b"  ", b"   ", b"\xff", b"\xc3", b"\xe6\xb2", b"\xed\xa0\x80", b"\xed\xbf\xbf",
    b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x00", b"\x1b[2J", b"\r", b"\x85", b"\xe2\x80\xa8",
    b"---\n", b"...\n", b"\n- ", b": ", b":", b"#", b"&a ", b"*a", b"&a [*a, *a] ",
    b"!!python/object/apply:os.system ['id'] ", b"!custom ", b"!!binary ", b"<<: *a\n",
    b"\"", b"'", b"[", b"]", b"{", b"}", b"? ", b"%YAML 1.1\n---\n", b"|", b">", b"\\u",
    b'"\\ud800"', b'"\\x00\\x1b"', b"\xef\xbb\xbf", b"@", b"`", b"%", b"- [", b"\n\t",
    "沟通".encode(), "😀".encode(),
)


def _laughs(levels: int) -> bytes:
    """A "billion laughs": each anchor repeats the one before it nine times."""
    lines = [b"l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        alias = b"*l%d" % (i - 1)
        lines.append(b"l%d: &l%d [" % (i, i) + b", ".join([alias] * 9) + b"]")
    return b"\n".join(lines) + b"\n"


BOMBS = (b"[" * 30_000 + b"\n", b"{a: " * 25_000 + b"\n", b"- " * 12_000 + b"\n",
         b"x: &a [*a]\n", _laughs(9))


@st.composite
def damaged(draw: st.DrawFn, raw: bytes) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(("truncate", "insert", "delete", "indent", "dedent",
                                 "duplicate line", "prefix", "bomb")), label="damage")
    event(f"damage: {kind}")
    at = draw(st.integers(0, len(raw)), label="position")
    line_start = raw.rfind(b"\n", 0, at) + 1
    if kind == "truncate":
        return kind, raw[:at]
    if kind == "insert":
        chunk = draw(st.sampled_from(CHUNKS) | st.binary(min_size=1, max_size=6), label="chunk")
        return kind, raw[:at] + chunk * draw(st.integers(1, 3)) + raw[at:]
    if kind == "delete":
        return kind, raw[:at] + raw[at + draw(st.integers(1, 40)):]
    if kind == "indent":
        pad = draw(st.sampled_from((b" ", b"  ", b"\t", b"    ", b" \t")))
        return kind, raw[:line_start] + pad + raw[line_start:]
    if kind == "dedent":
        return kind, raw[:line_start] + raw[line_start:].replace(b" ", b"", 1)
    if kind == "duplicate line":
        end = raw.find(b"\n", at)
        end = len(raw) if end < 0 else end + 1
        return kind, raw[:end] + raw[line_start:end] + raw[end:]
    if kind == "prefix":
        head = draw(st.sampled_from((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff",
                                     b"---\n", b"- ", b"%TAG ! tag:x,2000:\n", b"\n\n\n")))
        return kind, head + raw
    bomb = draw(st.sampled_from(BOMBS), label="bomb")
    return kind, raw[:line_start] + bomb + raw[line_start:]


@fuzz_settings(150)
@given(rel=st.sampled_from(TARGETS), fmt=st.sampled_from(("text", "text", "github", "json")),
       data=st.data())
def test_damaged_text_is_reported_at_its_line(example: Example, rel: str, fmt: str,
                                              data: st.DataObject) -> None:
    kind, content = data.draw(damaged(example.read(rel)), label="damaged")
    note(f"{rel} ({kind}): {content[:3000]!r}")
    with written(example.root, rel, content):
        code, out, err = run_validate(example.root, fmt)
        assert_reported(example.root, fmt, code, out, err)
    event(f"exit {code}")


# --- property 2: markup in free text stays text in the pages ---------------------------

_MARKDOWN = markdown.Markdown(extensions=["admonition", "attr_list", "def_list", "tables", "toc"])


def free_text_paths(data: Any) -> list[KeyPath]:
    return [path for path in key_paths(data)
            if isinstance(get_at(data, path), str)
            and any(isinstance(key, str) and key in FREE_TEXT for key in path[-2:])]


@st.composite
def marked_up(draw: st.DrawFn, original: Any) -> tuple[list[str], Any]:
    """Free-text values with payloads added, each payload between two TAG marks."""
    data = copy.deepcopy(original)
    paths = draw(st.lists(st.sampled_from(free_text_paths(data)), min_size=1, max_size=3,
                          unique=True), label="paths")
    payloads = []
    for path in paths:
        payload = "".join(draw(st.lists(st.sampled_from(MARKUP) | texts, min_size=1, max_size=3)))
        payloads.append(payload)
        replace = draw(st.booleans(), label="replace")
        text = get_at(data, path)
        set_at(data, path, f"{TAG}{payload}{TAG}" if replace else f"{text} {TAG}{payload}{TAG}")
    return payloads, data


def assert_pages_inert(pages: list[Page]) -> None:
    """Property 2 for every page; Markdown is converted for one page of each kind that
    shows the payload (the pages of a kind share their template)."""
    converted: set[str] = set()
    for page in pages:
        path, content = page.path, page.content
        assert "<script" not in content.lower(), path
        assert "<img src=x onerror" not in content, path
        assert "7777777" not in content and f"{TAG}49" not in content, path  # evaluated Jinja
        front, body = _front_matter(content)
        assert set(front) <= {"title", "description", "hide", "search", "template"}, (path, front)
        if TAG not in content or page.kind in converted:
            continue
        converted.add(page.kind)
        assert_inert(content, path)  # the raw HTML blocks of the Markdown
        _MARKDOWN.reset()
        assert_inert(_MARKDOWN.convert(body), path)  # what Markdown makes of the rest


def _front_matter(content: str) -> tuple[dict[str, Any], str]:
    if not content.startswith("---\n"):
        return {}, content
    _, head, body = content.split("---\n", 2)
    front = yaml.safe_load(head)
    assert isinstance(front, dict) and isinstance(front.get("title", ""), str), head
    return front, body


@fuzz_settings(40)
@given(rel=st.sampled_from(TARGETS), data=st.data())
def test_markup_in_free_text_stays_text_in_the_pages(example: Example, rel: str,
                                                     data: st.DataObject) -> None:
    payloads, mutated = data.draw(marked_up(example.data[rel]), label="marked up")
    note(f"{rel}: {payloads!r}")
    with written(example.root, rel, dump(mutated)):
        code, out, err = run_validate(example.root)
        assert_reported(example.root, "text", code, out, err)
        result = load_repository(example.root)
    event(f"valid: {result.ok}")
    if not result.ok:
        return
    pages = generate_pages(result.model, SiteSettings())
    event(f"payload in the pages: {any(TAG in page.content for page in pages)}")
    assert_pages_inert(pages)


# --- a few cases the way a user runs them: the `cmap` process ---------------------------

PROCESS_CASES = {
    "ANSI and line separators in an unknown key": (
        "competency-map/roles/sales-rep.yml",
        lambda raw: raw + b"\"evil\\e[2J\\r\\u2028key\\nsecond\": 1\n"),
    "a lone surrogate written as bytes": (
        "competency-map/competencies/communication.yml",
        lambda raw: raw.replace(b"name: ", b"name: \xed\xa0\x80", 1)),
    "markup and RTL marks in a department name": (
        "competency-map/departments/company.yml",
        lambda raw: raw.replace(b"name: ", "name: \u202e<script>alert(1)</script> ".encode(), 1)),
}


@pytest.mark.parametrize("case", sorted(PROCESS_CASES))
def test_the_cmap_process_reports_hostile_files(example: Example, case: str) -> None:
    rel, damage = PROCESS_CASES[case]
    env = {k: v for k, v in os.environ.items() if k not in ("CMAP_DEBUG", "GITHUB_STEP_SUMMARY")}
    env.update(PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    with written(example.root, rel, damage(example.read(rel))):
        run = subprocess.run([sys.executable, "-m", "generator.cli", "validate", "--root",
                              str(example.root)], capture_output=True, env=env, timeout=60)
    out, err = run.stdout.decode("utf-8"), run.stderr.decode("utf-8")
    assert_reported(example.root, "text", run.returncode, out, err)
    assert run.returncode in (0, 1)


# --- one real mkdocs build from hostile YAML --------------------------------------------
# test_sitebuild builds a hostile model made in code; this one starts from YAML files, so
# the payloads also pass the loader, and it adds the attr_list, front-matter and Jinja
# block payloads that only matter once Markdown and Material see the page.

NAME_PAYLOAD = 'Communication <script>alert(1)</script> {: onclick="alert(1)" } {{ 7*7 }}'
DESCRIPTION_PAYLOAD = (
    "Listening <img src=x onerror=alert(1)> {% raw %} ]]> [x](javascript:alert(1))\n"
    '{: onclick="alert(1)" }\n\n---\ntitle: injected\n---\n\n# Heading {: onclick=alert(1) }\n'
    "{% endraw %}{{ 7*'7' }} <!-- ")
TITLE_PAYLOAD = "Sales rep <img src=x onerror=alert(1)> {: onclick=alert(1) } ]]> {{ 7*7 }}"


def test_markup_from_yaml_is_inert_in_the_real_site(example: Example) -> None:
    from generator.site.mkdocs_build import build_site

    competency, role = "competency-map/competencies/communication.yml", \
        "competency-map/roles/sales-rep.yml"
    comp = dict(example.data[competency], name=NAME_PAYLOAD, description=DESCRIPTION_PAYLOAD)
    with written(example.root, competency, dump(comp)), \
            written(example.root, role, dump(dict(example.data[role], title=TITLE_PAYLOAD))):
        assert run_validate(example.root)[0] == 0
        site = build_site(example.root, load_repository(example.root).model,
                          site_dir=example.root / "hostile-site", strict=True).folder
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:  # (no `in` on whole pages in asserts: pytest would diff them for minutes)
        text = page.read_text(encoding="utf-8")
        where = str(page.relative_to(site))
        found = [s for s in ("<script>alert", "<img src=x", "7777777", "} 49", "<title>injected")
                 if s in text]
        assert not found, (where, found)
        if "<article" in text and not where.startswith("guides/"):  # guides: real Markdown
            assert_inert(text[text.index("<article"):text.index("</article>")], where)
    role_page = (site / "roles" / "sales-rep" / "index.html").read_text(encoding="utf-8")
    title = role_page[role_page.index("<title>"):role_page.index("</title>")]
    assert title.startswith("<title>Sales rep &lt;img src=x onerror=alert(1)&gt;"), title
    assert "{{ 7*7 }}" in title
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:  # Material shows the index's text as HTML
        if not doc["location"].startswith("guides/"):
            assert_inert(doc["title"] + " " + doc["text"], f"search: {doc['location']}")
            assert "7777777" not in doc["text"], doc["location"]
