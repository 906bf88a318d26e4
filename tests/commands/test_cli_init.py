"""`cmap init` end to end, in a real git repository: init → validate → build gives a site
with the new company's name, the empty states, and not one word of the example company.

The example's distinctive words are computed from the example's own loaded model (its
company, departments, roles, competencies, people and programs), so that a word added to
the example is checked too.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from support import ROOT
from support.cli import cmap
from support.git_repos import init_repo
from support.html_checks import fences_rendered_inline

from generator.rules.repository import load_repository

NAME = "Northwind Trading"


def example_phrases() -> set[str]:
    """The names, titles, ids and handles of the example company, and its company's name
    word by word: none of them may reach a new company's site."""
    model = load_repository(ROOT).model
    phrases: set[str] = set()
    for dept in model.departments.values():
        phrases |= {dept.id, dept.name, dept.head.name, dept.head.handle}
        if dept.type == "company":
            phrases |= {word for word in re.findall(r"\w+", dept.name) if word[0].isupper()
                        and word not in ("Co", "Ltd")}
    for role in model.roles.values():
        phrases |= {role.id, role.title}
    for comp in model.competencies.values():
        phrases |= {comp.id, comp.name}
    for group in model.governance.groups:
        phrases |= set(group.members)
    for cycle in model.cycles.values():
        phrases |= {program.title for program in cycle.programs}
        phrases |= {program.id for program in cycle.programs}
    # Words cmap's own labels use (the company, a team …) are every site's, not the example's.
    labels = (ROOT / "generator" / "templates" / "i18n" / "en.yml").read_text(encoding="utf-8")
    return {p for p in phrases if p and not re.search(
        rf"(?<![\w-]){re.escape(p)}(?![\w-])", labels, re.IGNORECASE)}


def site_text(site: Path) -> dict[str, str]:
    """The text a reader of the site meets, by file: the pages, the search index, the
    exports. Left out: the JSON Schemas under downloads/schemas/, cmap's field reference,
    the same for every company (their examples of ids are cmap's documentation), and the
    theme's own scripts and style sheets."""
    texts = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel.startswith(("downloads/schemas/", "assets/")):
            continue
        if path.suffix in (".html", ".json", ".csv", ".xml", ".md", ".txt"):
            texts[rel] = html.unescape(path.read_text(encoding="utf-8-sig"))
    return texts


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("company") / "competency-map"
    root.mkdir()
    init_repo(root)
    done = cmap(root.parent, "init", root.name, "--name", NAME)
    assert done.returncode == 0, done.stderr
    return root


def test_init_validate_build_gives_the_new_company_s_site_with_no_word_of_the_example(
        initialised: Path) -> None:
    validated = cmap(initialised, "validate")
    assert validated.returncode == 0, validated.stdout
    assert validated.stdout.startswith("All ") and "warning" not in validated.stdout
    built = cmap(initialised, "build", "--no-cache")
    assert built.returncode == 0, built.stderr
    texts = site_text(initialised / "site")
    home = texts["index.html"]
    assert f"<title>{NAME} competency map</title>" in home
    assert re.search(rf'class="md-copyright".*?© \d{{4}} {NAME}', home, re.DOTALL)
    assert "This map is new" in home
    assert "No roles yet: add one like this." in texts["roles/index.html"]
    assert "No competencies yet: add one like this." in texts["competencies/index.html"]
    assert "Only the company so far" in texts["departments/index.html"]
    assert "cmap new cycle" in texts["cycles/index.html"]
    assert any(rel.startswith("guides/") for rel in texts)
    assert [rel for rel, text in texts.items()
            if rel.startswith("guides/") and rel.endswith(".html") and fences_rendered_inline(text)] == []
    phrases = example_phrases()
    assert len(phrases) > 100 and "Jiahe" in phrases
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(p)}(?![\w-])"
                                  for p in sorted(phrases, key=len, reverse=True)), re.IGNORECASE)
    found = {f"{rel}: {m.group(0)}" for rel, text in texts.items() for m in pattern.finditer(text)}
    assert found == set()


def test_the_check_finds_an_example_word() -> None:
    """The search above is not vacuous: a role title of the example is found."""
    phrases = example_phrases()
    pattern = re.compile(rf"(?<![\w-]){re.escape('Sales representative')}(?![\w-])", re.I)
    assert "Sales representative" in phrases and pattern.search("<p>sales representative</p>")


def test_every_data_file_names_a_schema_that_exists_in_the_new_repository(initialised: Path) -> None:
    result = load_repository(initialised)
    assert result.problems == [] and len(result.files) == 6
    for file in result.files:
        first = file.path.read_text(encoding="utf-8").splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert (file.path.parent / target).resolve() == (
            initialised / "schemas" / f"{file.kind}.schema.json"), first


def test_the_chinese_starter_is_valid(tmp_path: Path) -> None:
    done = cmap(tmp_path, "init", "zh-company", "--name", "北辰贸易", "--language", "zh")
    assert done.returncode == 0, done.stderr
    validated = cmap(tmp_path / "zh-company", "validate")
    assert validated.returncode == 0 and "warning" not in validated.stdout, validated.stdout
    settings = (tmp_path / "zh-company" / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "北辰贸易能力地图"' in settings and "language: zh" in settings
    areas = (tmp_path / "zh-company" / "competency-map" / "areas.yml").read_text(encoding="utf-8")
    assert "本职工作" in areas and "团队领导" in areas and "内外部客户关系" in areas


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    init_repo(tmp_path)
    (tmp_path / "x").mkdir()
    done = cmap(tmp_path, "init", ".", "--name", NAME)
    assert done.returncode == 1
    assert "is not empty: it holds notes.txt, x/." in done.stderr
    assert "--replace-example" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "notes.txt", "x"]


def test_a_repository_with_commits_is_refused(tmp_path: Path) -> None:
    from support.git_repos import commit

    init_repo(tmp_path)
    commit(tmp_path, "first")
    done = cmap(tmp_path, "init", ".", "--name", NAME)
    assert done.returncode == 1 and "it holds .git/" in done.stderr


@pytest.mark.parametrize(("name", "message"), [
    ("", "--name is empty"),
    ("<script>", "which a company's name cannot hold here"),
    ("x" * 101, "use at most 100"),
])
def test_a_name_that_cannot_be_used_is_refused(tmp_path: Path, name: str, message: str) -> None:
    done = cmap(tmp_path, "init", "new", "--name", name)
    assert done.returncode == 1 and message in done.stderr
    assert not (tmp_path / "new").exists()


def test_dry_run_lists_the_files_and_writes_nothing(tmp_path: Path) -> None:
    done = cmap(tmp_path, "init", "new", "--name", NAME, "--dry-run")
    assert done.returncode == 0
    listed = [line.strip() for line in done.stdout.splitlines()[1:]]
    assert {"mkdocs.yml", "competency-map/governance.yml", ".github/CODEOWNERS",
            "schemas/role.schema.json", ".github/workflows/approval-gate.yml"} <= set(listed)
    assert not (tmp_path / "new").exists()
