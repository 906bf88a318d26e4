"""The starter files of `cmap init` (`generator/templates/init/`): what a new repository
holds, in each language, and that its copies of cmap's own files stay in step with them."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from support import ROOT

from generator.problems import CmapError
from generator.starter.content import (
    HANDLES,
    PLACEHOLDER,
    Starter,
    checked_name,
    folded,
    render_files,
    repository_path,
    words,
)

GITHUB = ROOT / ".github"


def files(language: str = "en", name: str = "Northwind Trading") -> dict[str, bytes]:
    return render_files(Starter(name, language, year=2027), Path("/nonexistent")).files


def text(rel: str, language: str = "en", name: str = "Northwind Trading") -> str:
    return files(language, name)[rel].decode("utf-8")


def test_a_new_repository_holds_the_map_the_site_the_workflows_and_the_guides() -> None:
    made = set(files())
    assert {
        "README.md", "mkdocs.yml", "requirements.txt", ".gitignore", ".editorconfig",
        ".pre-commit-config.yaml", ".vscode/settings.json", ".vscode/extensions.json",
        "competency-map/areas.yml", "competency-map/categories.yml", "competency-map/families.yml",
        "competency-map/governance.yml", "competency-map/scales/proficiency.yml",
        "competency-map/departments/company.yml", "needs/README.md", "plans/README.md",
        ".github/dependabot.yml", ".github/zizmor.yml",
        ".github/ISSUE_TEMPLATE/submit-training-needs.yml", ".github/ISSUE_TEMPLATE/model-change.yml",
    } <= made
    assert {f".github/workflows/{p.name}" for p in (GITHUB / "workflows").glob("*.yml")} <= made
    assert {f".github/scripts/{p.name}" for p in (GITHUB / "scripts").glob("*.sh")} <= made
    assert {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")} - made == {
        "docs/starting-your-companys-map.md"}
    assert not any(rel.endswith(".j2") or "dot_" in rel for rel in made)


def test_scripts_are_written_executable_and_nothing_else_is() -> None:
    made = render_files(Starter("X", year=2027), Path("/nonexistent"))
    assert made.executable == {rel for rel in made.files if rel.startswith(".github/scripts/")}


@pytest.mark.parametrize(("template", "path"), [
    ("dot_github/workflows/x.yml", ".github/workflows/x.yml"),
    ("README.md.j2", "README.md"),
    ("competency-map/dot_keep", "competency-map/.keep"),
    ("docs/dot_not_first/x_dot_y.md", "docs/.not_first/x_dot_y.md"),
])
def test_template_paths_become_repository_paths(template: str, path: str) -> None:
    assert repository_path(PurePosixPath(template)) == path


def test_the_method_s_three_areas_and_a_five_level_scale() -> None:
    areas = yaml.safe_load(text("competency-map/areas.yml"))["areas"]
    assert [a["id"] for a in areas] == ["task", "team", "clients"]
    assert [a["name"] for a in areas] == ["Own tasks", "Leading the team",
                                          "Internal and external clients"]
    scale = yaml.safe_load(text("competency-map/scales/proficiency.yml"))
    assert [lv["level"] for lv in scale["levels"]] == [1, 2, 3, 4, 5]


def test_the_company_s_name_is_the_site_s_and_the_copyright_is_its_own() -> None:
    site = yaml.safe_load(text("mkdocs.yml"))
    assert site["site_name"] == "Northwind Trading competency map"
    assert site["copyright"] == "© 2027 Northwind Trading"
    assert site["theme"]["language"] == "en" and site["plugins"] == ["search"]
    company = yaml.safe_load(text("competency-map/departments/company.yml"))
    assert (company["id"], company["name"], company["type"]) == ("company", "Northwind Trading",
                                                                 "company")


def test_a_name_with_yaml_and_markdown_punctuation_stays_as_written() -> None:
    name = 'Smith & Sons: "A" #1 [x](y) *z*'
    site = yaml.safe_load(text("mkdocs.yml", name=name))
    assert site["site_name"] == f"{name} competency map"
    assert yaml.safe_load(text("competency-map/departments/company.yml", name=name))["name"] == name
    readme = text("README.md", name=name)
    assert readme.startswith(r'# Smith & Sons: "A" \#1 \[x\]\(y\) \*z\* competency map')


def test_every_handle_is_a_placeholder_people_are_told_to_replace() -> None:
    governance = yaml.safe_load(text("competency-map/governance.yml"))
    members = {m for group in governance["groups"] for m in group["members"]}
    assert members and all(m.endswith(PLACEHOLDER) for m in [*members, *HANDLES.values()])
    assert PLACEHOLDER in text("README.md") and PLACEHOLDER in text("competency-map/governance.yml")
    assert governance["model_owners"] == ["training", "hr"]
    assert governance["plan_approvers"] == ["department-heads", "hr", "top-management"]


def test_requirements_never_name_pypi_s_unrelated_cmap() -> None:
    requirement = [line for line in text("requirements.txt").splitlines()
                   if line and not line.startswith("#")]
    assert requirement == ["cmap @ git+https://cmap.example.invalid/cmap@v0"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_yaml_file_parses(language: str) -> None:
    for rel, data in files(language).items():
        if rel.endswith((".yml", ".yaml")) and ".github/" not in rel:
            assert isinstance(yaml.safe_load(data), dict), rel


def test_both_languages_have_the_same_words() -> None:
    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items() if k not in ("name", "description")}
        if isinstance(value, list):
            return [shape(v) for v in value]
        return None if isinstance(value, str) else value

    start = Starter("X", year=2027)
    english, chinese = words(start), words(Starter("X", "zh", year=2027))
    assert shape(english) == shape(chinese)
    assert [a["id"] for a in english["areas"]] == [a["id"] for a in chinese["areas"]]


def test_chinese_has_its_own_readme_and_guides_and_english_where_none_is_translated() -> None:
    chinese = files("zh", "北辰贸易")
    assert chinese["README.md"].decode("utf-8").startswith("# 北辰贸易能力地图")
    assert "如何阅读能力地图" in chinese["docs/reading-the-competency-map.md"].decode("utf-8")
    assert chinese["docs/running-a-training-cycle.md"] == files("en", "北辰贸易")[
        "docs/running-a-training-cycle.md"]
    assert yaml.safe_load(chinese["mkdocs.yml"])["theme"]["language"] == "zh"


@pytest.mark.parametrize("name", ["", "  ", "a<b", "line\nbreak", "x" * 101])
def test_a_name_that_cannot_be_used_is_refused(name: str) -> None:
    with pytest.raises(CmapError):
        checked_name(name)


def test_folded_text_reads_back_as_written() -> None:
    long = "word " * 40 + "end: with # marks"
    for value, indent in (("short", 2), (long.strip(), 6)):
        document = f"key:\n  inner: {folded(value, 4)}\n" if indent == 6 else f"key: {folded(value, 2)}"
        loaded = yaml.safe_load(document)
        found = loaded["key"]["inner"] if indent == 6 else loaded["key"]
        assert found == value


# --- copies of cmap's own files ----------------------------------------------------------


def test_the_scripts_are_the_same_as_cmap_s_own() -> None:
    """The workflows run them; two versions would drift apart. Change both together."""
    made = files()
    for path in (GITHUB / "scripts").glob("*.sh"):
        assert made[f".github/scripts/{path.name}"] == path.read_bytes(), path.name


def install_steps_removed(workflow: dict[str, Any]) -> dict[str, Any]:
    for job in workflow["jobs"].values():
        job["steps"] = [step for step in job.get("steps", [])
                        if not step.get("name", "").startswith(("Install cmap", "Run the tests"))]
    return workflow


@pytest.mark.parametrize("name", sorted(p.name for p in (GITHUB / "workflows").glob("*.yml")))
def test_the_workflows_differ_from_cmap_s_own_only_in_how_cmap_is_installed(name: str) -> None:
    ours = install_steps_removed(yaml.safe_load((GITHUB / "workflows" / name).read_text("utf-8")))
    theirs = install_steps_removed(yaml.safe_load(files()[f".github/workflows/{name}"]))
    assert theirs == ours


@pytest.mark.parametrize("name", ["submit-training-needs.yml", "model-change.yml"])
def test_the_issue_form_asks_what_cmap_s_reads(name: str) -> None:
    def questions(form: dict[str, Any]) -> list[tuple[str, str, Any]]:
        return [(item["type"], item.get("id", ""), item["attributes"].get("label"))
                for item in form["body"]]

    ours = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / name).read_text("utf-8"))
    theirs = yaml.safe_load(files()[f".github/ISSUE_TEMPLATE/{name}"])
    assert questions(theirs) == questions(ours) and theirs["labels"] == ours["labels"]
