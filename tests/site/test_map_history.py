"""The map's changes in meaning, merge by merge (generator/site/map_history.py), on real git
repositories in temporary folders: the "What changed" page, a role's and a competency's
recent changes, the cache by commit, and a site without history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.git_repos import commit, git, init_repo
from support.html_checks import assert_inert
from support.repo_builder import Repo

from generator import paths
from generator.files.history import NOT_A_CHECKOUT, SHALLOW
from generator.site import map_history as history_module
from generator.site.generate import generate_pages
from generator.site.map_history import CACHE, MapHistory, map_history
from generator.site.settings import SiteSettings

ROLE = "/competency-map/roles/sales-rep.yml"
GITHUB = SiteSettings(repo_url="https://github.com/jiahe/map")


def merge_branch(root: Path, branch: str, subject: str) -> str:
    """Merge `branch` into main as a hosting site merges a pull request; the merge's id."""
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "--no-gpg-sign", "-m", subject, branch)
    return git(root, "rev-parse", "HEAD")


def pull_request(repo: Repo, branch: str, subject: str, old: str, new: str, rel: str = ROLE) -> str:
    git(repo.root, "checkout", "-q", "-b", branch)
    repo.replace(rel, old, new)
    commit(repo.root, f"work on {branch}")
    return merge_branch(repo.root, branch, subject)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """The minimal map, committed, then a merged pull request #112 that raises a level."""
    repo = Repo.minimal(tmp_path / "repo")
    init_repo(repo.root)
    commit(repo.root, "The map")
    pull_request(repo, "raise", "Merge pull request #112 from hr/raise",
                 "  - competency: communication\n    level: 2", "  - competency: communication\n    level: 3")
    return repo


def pages(repo: Repo, changes: MapHistory, settings: SiteSettings = GITHUB) -> dict[str, str]:
    return {p.path: p.content for p in generate_pages(repo.load().model, settings,
                                                       changes=changes)}


def test_a_merged_pull_request_is_listed_with_what_it_meant(repo: Repo) -> None:
    changes = map_history(repo.root)
    newest = changes.merges[0]
    assert newest.commit.pull_request == 112
    assert newest.files == ("competency-map/roles/sales-rep.yml",)
    assert [m.commit.subject for m in changes.merges] == ["Merge pull request #112 from hr/raise",
                                                        "The map"]
    page = pages(repo, changes)[paths.CHANGES_INDEX]
    assert page.index("#112") < page.index("· The map")  # newest first
    assert '<a href="https://github.com/jiahe/map/pull/112">pull request #112</a>' in page
    assert "<strong>Raised</strong>" in page and "level 2 → 3" in page
    assert '<a href="../roles/sales-rep/">Sales representative requires Communication</a>' in page


def test_the_role_and_the_competency_pages_show_their_own_recent_changes(repo: Repo) -> None:
    made = pages(repo, map_history(repo.root))
    day = git(repo.root, "log", "-1", "--format=%cs")
    line = (f'Since {day} (<a href="https://github.com/jiahe/map/pull/112">#112</a>): '
            "<strong>Raised</strong>")
    assert line in made[paths.role_page("sales-rep")]
    assert line in made[paths.competency_page("communication")]
    assert 'Raised</strong> <a href="../../competencies/communication/">' in made[
        paths.role_page("sales-rep")]  # the other page the change is about, not itself
    assert "#112" not in made[paths.role_page("sales-manager")]
    assert "#112" not in made[paths.competency_page("consultative-selling")]


def test_a_squash_merge_counts_as_one_pull_request_and_no_repository_means_no_links(
        repo: Repo) -> None:
    repo.replace(ROLE, "title: Sales representative", "title: Sales consultant")
    commit(repo.root, "Rename the sales role (#113)")
    changes = map_history(repo.root)
    assert changes.merges[0].commit.pull_request == 113
    page = pages(repo, changes, SiteSettings())[paths.role_page("sales-rep")]
    assert "(#113): <strong>Renamed</strong>" in page and "github.com" not in page


def test_commit_subjects_and_names_from_the_data_stay_text(repo: Repo) -> None:
    repo.replace(ROLE, "title: Sales representative", 'title: <img src=x onerror="alert(1)">')
    commit(repo.root, '<script>alert("subject")</script> [x](javascript:alert(1)) (#116)')
    made = pages(repo, map_history(repo.root))
    for path in (paths.CHANGES_INDEX, paths.role_page("sales-rep")):
        assert_inert(made[path], path)
    assert "&lt;script&gt;" in made[paths.CHANGES_INDEX]


def test_comments_alone_are_no_change_in_meaning(repo: Repo) -> None:
    repo.replace(ROLE, "family: sales", "family: sales  # as HR calls it")
    commit(repo.root, "A comment (#114)")
    assert [m.commit.pull_request for m in map_history(repo.root).merges][:1] == [112]


def test_each_commit_is_compared_once_and_then_read_from_the_cache(
        repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    first = map_history(repo.root)
    assert (repo.root / CACHE).is_file()
    compared: list[set[str]] = []
    original = history_module._compare_commits

    def counting(root: Path, log: object, wanted: set[str]) -> object:
        compared.append(set(wanted))
        return original(root, log, wanted)  # type: ignore[arg-type]

    monkeypatch.setattr(history_module, "_compare_commits", counting)
    assert map_history(repo.root) == first and compared == []
    newest = pull_request(repo, "lower", "Merge pull request #115 from hr/lower",
                          "    level: 3\n    critical: true", "    level: 2\n    critical: true")
    again = map_history(repo.root)
    assert compared == [{newest}]
    assert again.merges[1:] == first.merges
    assert map_history(repo.root, use_cache=False) == again and len(compared) == 2


def test_an_unreadable_cache_is_compared_again(repo: Repo) -> None:
    first = map_history(repo.root)
    (repo.root / CACHE).write_text("{", encoding="utf-8")
    assert map_history(repo.root) == first
    assert json.loads((repo.root / CACHE).read_text(encoding="utf-8"))["commits"]


def test_without_git_history_the_page_says_so_and_the_site_is_made(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "plain")
    changes = map_history(repo.root)
    assert changes == MapHistory(missing=NOT_A_CHECKOUT)
    made = pages(repo, changes)
    assert "not a git checkout" in made[paths.CHANGES_INDEX]
    assert "recent-changes" not in made[paths.role_page("sales-rep")]


def test_a_shallow_clone_has_no_history_to_list(repo: Repo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{repo.root}", str(clone))
    assert map_history(clone).missing == SHALLOW
    made = pages(repo, map_history(clone))
    assert "shallow clone" in made[paths.CHANGES_INDEX]


def test_the_chinese_site_labels_the_changes_in_chinese(repo: Repo) -> None:
    made = pages(repo, map_history(repo.root), SiteSettings(language="zh"))
    assert "<strong>提高</strong>" in made[paths.CHANGES_INDEX]
    assert "<p><strong>能力地图</strong></p>" in made[paths.CHANGES_INDEX]
    assert '<p class="cmap-muted">岗位能力要求</p>' in made[paths.CHANGES_INDEX]
    assert "自 " in made[paths.role_page("sales-rep")] and "最近变更" in made[paths.role_page("sales-rep")]


def test_a_page_reads_the_merges_it_lists_so_that_one_leaving_the_history_remakes_it(
        repo: Repo) -> None:
    changes = map_history(repo.root)
    keys = changes.shown_on(paths.role_page("sales-rep"))
    assert len(keys) == 2 and keys <= changes.digests().keys()
    newest_only = map_history(repo.root, limit=1)
    assert newest_only.digests().keys() < changes.digests().keys()
