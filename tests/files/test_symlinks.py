"""Symbolic links in the repository: refused as L114, never read, published or written through.

An attacker's pull request can commit links: `competency-map/competencies/x.yml -> /some/file`
or `docs/x.txt -> ../.git/config` would put that file's text on the site, in the exports and
in the search index; `needs/<cycle> -> /outside` would make `cmap import needs` write outside
the repository. Each test plants real links in a real temporary repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import ROOT
from support.cli import cmap
from support.factories import small_model
from support.issue_events import EVENT as ISSUE_EVENT
from support.issue_events import TODAY as ISSUE_DAY
from support.needs_repos import CYCLE, HEADER, ROW
from support.needs_repos import make_repo as make_needs_repo
from support.repo_builder import MINIMAL, Repo, _schema_line, codes
from support.site_repos import make_repo as make_site_repo

from generator import cli
from generator.exchange.case.writing import CaseImport, Change
from generator.exchange.case.writing import write as write_case_import
from generator.exchange.scaffold import new_cycle
from generator.files.symlinks import shown_target
from generator.files.yaml_loader import load_file
from generator.problems import CmapError
from generator.review import codeowners
from generator.review.issue_form import import_issue
from generator.rules.repository import load_repository
from generator.site import mkdocs_build as sitebuild
from generator.site.mkdocs_config import guides_setting
from generator.site.site_folder import MARKER, MARKER_TEXT

SECRET = "SECRET-7f3a9c1e"
COMPETENCY = "competencies/communication.yml"


def leaking_competency() -> str:
    """A valid competency file whose text holds the secret."""
    text = _schema_line(COMPETENCY) + MINIMAL[COMPETENCY]
    return text.replace("id: communication", "id: leak").replace(
        "Making yourself understood", f"Leaked {SECRET} making yourself understood")


def files_holding(root: Path, text: str) -> list[str]:
    """Every file under `root` (not under .git, not through a link) whose bytes hold `text`."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in names:
            path = Path(folder, name)
            if not path.is_symlink() and text.encode() in path.read_bytes():
                found.append(path.relative_to(root).as_posix())
    return found


def site_repo(repo: Repo) -> Path:
    """The minimal repository with mkdocs.yml, a guide, and a previous site cmap built."""
    make_site_repo(repo.root)
    site = repo.root / "site"
    site.mkdir()
    (site / MARKER).write_text(MARKER_TEXT)
    (site / "index.html").write_text("previous site")
    return repo.root


def test_a_competency_linked_to_an_outside_file_is_L114_and_in_no_site_or_export(
        repo: Repo, tmp_path: Path) -> None:
    root = site_repo(repo)
    outside = tmp_path / "outside" / "secret.yml"
    outside.parent.mkdir()
    outside.write_text(leaking_competency(), encoding="utf-8")
    repo.path("competencies/leak.yml").symlink_to(outside)

    validated = cmap(root, "validate")
    assert validated.returncode == 1
    line = next(line for line in validated.stdout.splitlines() if "L114" in line)
    assert line.startswith("competency-map/competencies/leak.yml:1:1: error L114 ")
    # The target as shown: a long temporary path is clipped in its middle.
    assert f"`{shown_target(repo.path('competencies/leak.yml'))}`" in line
    assert "/outside/secret.yml`" in line
    assert "Replace the link with the file itself" in validated.stdout

    built = cmap(root, "build")
    assert built.returncode == 1
    assert "competency-map/competencies/leak.yml:1:1: error L114" in built.stderr
    assert "previous site is unchanged" in built.stderr
    assert (root / "site" / "index.html").read_text() == "previous site"
    exported = cmap(root, "export", "json")
    assert exported.returncode == 1 and SECRET not in exported.stdout
    assert files_holding(root, SECRET) == []


def test_links_to_folders_dangling_links_and_a_linked_data_folder_are_each_L114(
        repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "roles").mkdir(parents=True)
    (outside / "roles" / "spy.yml").write_text(repo.text("roles/branch-head.yml"))
    (outside / "plans").mkdir()
    (outside / "plans" / "2027.yml").write_text("id: 2027\n")
    repo.path("roles/more").symlink_to(outside / "roles", target_is_directory=True)
    (repo.root / "plans").symlink_to(outside / "plans", target_is_directory=True)
    far = "/nowhere/" + "deep/" * 60 + "end.yml"
    repo.path("scales/gone.yml").symlink_to(far)

    result = repo.load()
    links = {p.path: p for p in result.problems if p.code == "L114"}
    assert sorted(links) == ["competency-map/roles/more", "competency-map/scales/gone.yml", "plans"]
    assert all(p.is_error and (p.line, p.column) == (1, 1) for p in links.values())
    assert f"`{outside / 'roles'}`" in links["competency-map/roles/more"].message
    assert "Replace the link with the folder itself" in links["plans"].hint
    clipped = links["competency-map/scales/gone.yml"].message
    assert "/nowhere/deep/" in clipped and "…" in clipped and clipped.count("deep/") < 20
    assert not any(str(outside) in str(file.path) for file in result.files)
    assert "plan" not in {file.kind for file in result.files}


def test_a_linked_map_folder_is_one_L114_not_a_list_of_missing_files(repo: Repo,
                                                                    tmp_path: Path) -> None:
    (repo.root / "competency-map").rename(tmp_path / "elsewhere")
    (repo.root / "competency-map").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = repo.load()
    assert codes(result).count("L114") == 1 and "L121" not in codes(result)
    assert result.files == []


def test_every_link_is_reported_at_once_with_the_other_problems(repo: Repo, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]
                                                               ) -> None:
    (tmp_path / "target.yml").write_text("id: x\n")
    repo.path("competencies/a.yml").symlink_to(tmp_path / "target.yml")
    repo.path("roles/b.yml").symlink_to(tmp_path / "target.yml")
    repo.replace("roles/sales-rep.yml", "family: sales", "family: sails")
    assert cli.main(["--root", str(repo.root), "validate"]) == 1
    out = capsys.readouterr().out
    assert "competency-map/competencies/a.yml:1:1: error L114" in out
    assert "competency-map/roles/b.yml:1:1: error L114" in out
    assert "competency-map/roles/sales-rep.yml" in out and "R303" in out


def test_a_guide_linked_to_the_git_config_stops_the_build_and_is_never_published(
        repo: Repo) -> None:
    root = site_repo(repo)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    with (root / ".git" / "config").open("a") as config:
        config.write(f'[http "https://example.com/"]\n\textraheader = AUTHORIZATION: basic {SECRET}\n')
    (root / "docs" / "x.txt").symlink_to("../.git/config")
    (root / "docs" / "more").symlink_to("../.git", target_is_directory=True)
    repo.replace("roles/sales-rep.yml", "family: sales", "family: sails")

    built = cmap(root, "build")
    assert built.returncode == 1
    lines = built.stderr.splitlines()
    assert any(line.startswith("docs/x.txt:1:1: error L114 ") and "`../.git/config`" in line
               for line in lines), built.stderr
    assert any(line.startswith("docs/more:1:1: error L114 ") for line in lines)
    assert any("R303" in line for line in lines), "reported with the data's problems"
    assert (root / "site" / "index.html").read_text() == "previous site"
    assert files_holding(root, SECRET) == []
    validated = cmap(root, "validate")
    assert validated.returncode == 1 and "docs/x.txt:1:1: error L114" in validated.stdout


def test_the_guides_folder_of_mkdocs_yml_is_the_one_checked(repo: Repo, tmp_path: Path) -> None:
    make_site_repo(repo.root)
    with (repo.root / "mkdocs.yml").open("a") as config:
        config.write("docs_dir: handbook\n")
    (repo.root / "handbook").mkdir()
    (repo.root / "handbook" / "hosts.md").symlink_to("/etc/hosts")
    assert guides_setting(repo.root) == "handbook"
    result = load_repository(repo.root, guides="handbook")
    assert [p.path for p in result.problems if p.code == "L114"] == ["handbook/hosts.md"]


def test_collecting_the_guides_never_reads_a_link_even_without_the_validator(
        tmp_path: Path) -> None:
    root = make_site_repo(tmp_path / "repo")
    (tmp_path / "secret.md").write_text(SECRET)
    (root / "docs" / "leak.md").symlink_to(tmp_path / "secret.md")
    with pytest.raises(CmapError, match=r"docs/leak\.md:1:1: error L114"):
        sitebuild.build_site(root, small_model())
    assert files_holding(root, SECRET) == []
    assert not (root / "site").exists()


def test_the_loader_refuses_a_file_that_became_a_link_after_discovery(tmp_path: Path) -> None:
    (tmp_path / "real.yml").write_text("id: x\n")
    (tmp_path / "x.yml").symlink_to(tmp_path / "real.yml")
    doc, problems = load_file(tmp_path / "x.yml", "competency-map/competencies/x.yml")
    assert doc is None and [p.code for p in problems] == ["L114"]
    assert "real.yml" in problems[0].message


def test_import_needs_refuses_a_cycle_folder_linked_outside_and_writes_nothing(
        tmp_path: Path) -> None:
    root = make_needs_repo(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "needs").mkdir()
    (root / "needs" / CYCLE).symlink_to(outside, target_is_directory=True)
    (root / "needs.csv").write_text(HEADER + ROW, encoding="utf-8")
    done = cmap(root, "import", "needs", "needs.csv", "--cycle", CYCLE)
    assert done.returncode == 1
    assert f"`needs/{CYCLE}` is a symbolic link" in done.stderr
    assert "Replace the link with the folder" in done.stderr
    assert list(outside.iterdir()) == []


def test_scaffold_codeowners_and_case_import_never_write_through_a_link(repo: Repo,
                                                                        tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    model = repo.load().model
    (repo.root / "plans").symlink_to(outside, target_is_directory=True)
    with pytest.raises(CmapError, match="`plans` is a symbolic link"):
        new_cycle(repo.root, model, "2028-h1")
    (repo.root / ".github").symlink_to(outside, target_is_directory=True)
    with pytest.raises(CmapError, match=r"`\.github` is a symbolic link"):
        codeowners.write(repo.root, "* @someone\n")
    (outside / "categories.yml").write_text("outside\n")
    repo.remove("categories.yml")
    repo.path("categories.yml").symlink_to(outside / "categories.yml")
    with pytest.raises(CmapError, match="it is a symbolic link"):
        write_case_import(repo.root, CaseImport([Change("competency-map/categories.yml",
                                                        "categories: []\n", "added")]))
    assert sorted(p.name for p in outside.iterdir()) == ["categories.yml"]
    assert (outside / "categories.yml").read_text() == "outside\n"


def test_a_work_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    root = make_site_repo(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / ".cmap").symlink_to(outside, target_is_directory=True)
    with pytest.raises(CmapError, match=r"`\.cmap` is a symbolic link"):
        sitebuild.build_site(root, small_model())
    assert list(outside.iterdir()) == []


def test_the_issue_form_import_never_writes_through_a_linked_cycle_folder(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for folder in ("competency-map", "needs", "plans"):
        shutil.copytree(ROOT / folder, root / folder)
    outside = tmp_path / "outside"
    (root / "needs" / "2027-h1").rename(outside)
    (root / "needs" / "2027-h1").symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    with pytest.raises(CmapError, match="`needs/2027-h1` is a symbolic link"):
        import_issue(root, ISSUE_EVENT, ISSUE_DAY)
    assert sorted(p.name for p in outside.iterdir()) == before
