"""When a page's source last changed, in which commit and pull request (generator/history.py),
on real git repositories in temporary folders; and the build without any history."""

from __future__ import annotations

from pathlib import Path

from support.git_repos import commit, git, init_repo
from support.repo_builder import Repo

from generator.files.history import (
    FileChange,
    last_changes,
    parse_data_log,
    parse_log,
    pull_request_of,
)
from generator.site.generate import generate_pages
from generator.site.settings import SiteSettings

ROLE = "/competency-map/roles/sales-rep.yml"
COMPETENCY = "/competency-map/competencies/communication.yml"


def test_pull_request_numbers_come_from_merge_and_squash_subjects() -> None:
    assert pull_request_of("Merge pull request #12 from liu/needs") == 12
    assert pull_request_of("Add Guangzhou's needs (#31)") == 31
    assert pull_request_of("Merge branch 'needs' into 'main'") is None
    assert pull_request_of("Fix #12 in the text") is None
    assert pull_request_of("Raise the target to level 3") is None


def test_the_newest_change_of_each_file_wins() -> None:
    log = ("\x1eaaa\x1f2026-05-02\x1fNewer (#2)\n\nplans/2027-h1.yml\n"
           "\x1ebbb\x1f2026-04-01\x1fOlder\n\nplans/2027-h1.yml\nneeds/2027-h1/x.yml\n")
    changes = parse_log(log)
    assert changes["plans/2027-h1.yml"].commit == "aaa"
    assert changes["plans/2027-h1.yml"].pull_request == 2
    assert changes["needs/2027-h1/x.yml"].date == "2026-04-01"


def test_a_merged_pull_request_dates_the_files_it_changed(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    init_repo(repo.root)
    commit(repo.root, "The map")
    git(repo.root, "checkout", "-q", "-b", "raise-level")
    repo.replace(ROLE, "level: 3", "level: 4")
    commit(repo.root, "Raise the level")
    git(repo.root, "checkout", "-q", "-")
    git(repo.root, "merge", "-q", "--no-ff", "--no-gpg-sign", "-m",
        "Merge pull request #7 from hr/raise-level", "raise-level")
    changes = last_changes(repo.root)
    role = changes["competency-map/roles/sales-rep.yml"]
    assert role.pull_request == 7 and role.subject.startswith("Merge pull request #7")
    assert changes["competency-map/competencies/communication.yml"].subject == "The map"
    pages = {p.path: p for p in generate_pages(
        repo.load().model, SiteSettings(repo_url="https://github.com/jiahe/map"), changes)}
    content = pages["roles/sales-rep.md"].content
    assert f'href="https://github.com/jiahe/map/commit/{role.commit}"' in content
    assert 'href="https://github.com/jiahe/map/pull/7">pull request #7</a>' in content


def test_history_is_read_from_a_repository_whose_data_is_in_a_subfolder(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    repo = Repo.minimal(outer / "hr-map")
    init_repo(Repo.minimal(outer).root)
    commit(outer, "Everything")
    changes = last_changes(repo.root)
    assert "competency-map/roles/sales-rep.yml" in changes


def test_without_git_history_pages_carry_no_date(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "plain")
    assert last_changes(repo.root) == {}
    assert last_changes(tmp_path / "nothing-here") == {}
    page = {p.path: p for p in generate_pages(repo.load().model, SiteSettings())}
    assert "Last changed" not in page["roles/sales-rep.md"].content


def test_a_data_commit_names_the_blobs_of_each_file_before_and_after() -> None:
    a, b = "1" * 40, "2" * 40
    log = (f"\x1eccc\x1f2027-01-14\x1fMerge pull request #112 from hr/raise\n\n"
           f":100644 100644 {a} {b} M\tcompetency-map/roles/sales-rep.yml\n"
           f":000000 100644 {'0' * 40} {b} A\tneeds/2027-h1/hr.yml\n"
           f":100644 120000 {a} {b} T\tplans/2027-h1.yml\n"
           f':100644 100644 {a} {b} M\t"competency-map/odd\\tname.yml"\n')
    [found] = parse_data_log(log)
    assert found.change.pull_request == 112 and found.change.date == "2027-01-14"
    assert found.files == (FileChange("competency-map/roles/sales-rep.yml", a, b),
                           FileChange("needs/2027-h1/hr.yml", None, b),
                           FileChange("plans/2027-h1.yml", a, None))  # a link is no data file
