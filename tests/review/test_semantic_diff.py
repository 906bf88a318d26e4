"""`cmap diff BASE [HEAD]` on real commits: the example's data in a fresh git repository,
changed as people change it, compared as a reviewer would read it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import ROOT
from support.cli import cmap

from generator.analysis.diff.compare import compare
from generator.model.competency_map import CompetencyMap
from generator.review.diff.summary import diff
from generator.review.markdown import code, md, render
from generator.rules.repository import load_repository

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=True,
                              env={**os.environ, **GIT_ENV}, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--no-gpg-sign", "--allow-empty", "-m", message)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def markdown(self, base: str = "main", head: str = "") -> str:
        return render("diff.md.j2", summary=diff(self.root, base, head))


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    for folder in ("competency-map", "needs", "plans"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    repo = Repo(tmp_path)
    repo.git("init", "-q", "--template=", "--initial-branch=main")
    repo.commit("the example company")
    return repo


def test_comments_layout_and_order_are_no_change_in_meaning(repo: Repo) -> None:
    repo.edit("needs/2027-h1/marketing.yml", "entries:\n", "# reviewed with HR on 12 Dec\nentries:\n")
    repo.edit("competency-map/competencies/negotiation.yml", "name: Negotiation",
              "name:     'Negotiation'   # the client category")
    # the same entries in another order
    path = repo.root / "needs" / "2027-h1" / "marketing.yml"
    head, _, entries = path.read_text(encoding="utf-8").partition("entries:\n")
    parts = entries.split("  - role:")
    path.write_text(head + "entries:\n" + "  - role:".join(["", *reversed(parts[1:])]).rstrip("\n")
                    + "\n", encoding="utf-8")
    repo.commit("reformat")
    text = cmap(repo.root, "diff", "main~1", "main").stdout
    assert "No change in meaning" in text and "###" not in text
    assert cmap(repo.root, "diff", "HEAD").stdout.count("No change in meaning") == 1


def test_needs_changes_read_like_a_reviewer_note(repo: Repo) -> None:
    rel = "needs/2027-h1/marketing.yml"
    repo.edit(rel, "    target: 4\n    headcount: 3\n", "    target: 5\n    headcount: 2\n")
    repo.edit(rel, "competency: team-leadership", "competency: coaching-others")
    repo.edit(rel, '    needed_by: "2027-04-30"\n',
              '    needed_by: "2027-04-30"\n    justification: The category plans need level 5.\n')
    text = repo.markdown()
    assert "Compared main (" in text and "with the working tree." in text
    assert "### Training needs" in text and "#### Marketing · 2027-h1" in text
    assert ("`needs/2027-h1/marketing.yml` · people × levels of gap 13 → 14<br>Pages: "
            "`/cycles/2027-h1/` `/departments/marketing/`") in text
    assert ("- **Changed** Marketing manager × Market and consumer analysis: target level 4 → 5 · "
            "people 3 → 2 · justification added") in text
    assert ("- **Added** Marketing manager × Coaching on the job: level 2 → 3 · people 2 · priority "
            "medium · delivery `vendor` · needed by 2027-06-30") in text
    assert "- **Removed** Marketing manager × Team leadership: level 2 → 3" in text
    assert "Training needs: 3 changes." in text


def test_a_new_needs_file_lists_every_entry(repo: Repo) -> None:
    source = repo.root / "needs" / "2026-h1" / "shanghai-branch.yml"
    (repo.root / "needs" / "2027-h1" / "shanghai-branch.yml").write_bytes(source.read_bytes())
    repo.commit("Shanghai's needs")
    text = cmap(repo.root, "diff", "main~1", "main").stdout
    assert "#### Shanghai branch · 2027-h1" in text
    assert "- **Submitted** needs of Shanghai branch: by `zhou-jun` · on 2026-02-09" in text
    assert text.count("- **Added** ") >= 1


def test_a_needs_pull_request_from_the_issue_form_reads_like_a_note(repo: Repo) -> None:
    done = cmap(repo.root, "import", "issue-form", str(ROOT / "tests/fixtures/github/issue-needs.json"))
    assert done.returncode == 0, done.stderr
    submitted = (repo.root / "needs/2027-h1/shanghai-branch.yml").read_text(encoding="utf-8")
    day = submitted.split('submitted_on: "')[1][:10]
    repo.commit("Training needs of Shanghai branch (#93)")
    head = repo.git("rev-parse", "--short", "HEAD").strip()
    base = repo.git("rev-parse", "--short", "HEAD~1").strip()
    assert cmap(repo.root, "diff", "HEAD~1", "HEAD").stdout == f"""\
## What changes in meaning

Compared HEAD\\~1 ({base}) with HEAD ({head}).

Training needs: 2 changes.

### Training needs

#### Shanghai branch · 2027-h1

`needs/2027-h1/shanghai-branch.yml` · entries 0 → 1 · people × levels of gap 0 → 31<br>\
Pages: `/cycles/2027-h1/` `/departments/shanghai-branch/`

- **Submitted** needs of Shanghai branch: by `zhou-jun` · on {day}
- **Added** Shopping guide × Consultative selling: level 2 → 3 · people 31 · priority high · \
delivery `coaching` · needed by 2027-04-30
"""


def test_plan_changes_show_status_programs_budget_delta_and_approvals(repo: Repo) -> None:
    rel = "plans/2027-h1.yml"
    repo.edit(rel, "status: collecting", "status: consolidating")
    repo.edit(rel, "    cost: 96000\n", "    cost: 120000\n")
    repo.edit(rel, "  total: 650000\n", "  total: 700000\n")
    repo.commit("plan draft")
    text = repo.markdown("main~1", "main")
    assert "#### 2027 first half (2027-h1)" in text
    assert "`plans/2027-h1.yml`<br>Pages: `/cycles/2027-h1/`" in text
    assert "- **Moved** the status: `collecting` → `consolidating`" in text
    assert ("- **Changed** the budget: total 650,000 CNY → 700,000 CNY (+50,000) · planned "
            "programs' cost 194,000 CNY → 218,000 CNY (+24,000)") in text
    assert ("- **Changed** program “Propane (R290) air conditioners: installation, commissioning "
            "and safe handling”: cost 96,000 CNY → 120,000 CNY (+24,000)") in text


def test_approvals_and_a_new_program_are_named(repo: Repo) -> None:
    rel = "plans/2026-h1.yml"
    repo.edit(rel, "amendments:\n", "  - group: hr\n    handle: li-wei\n    date: \"2026-02-27\"\n"
              "    pull_request: 41\namendments:\n")
    text = repo.markdown()
    assert ("- **Recorded** approval for Human resources: by `li-wei` · on 2026-02-27 · in pull "
            "request #41") in text


def test_model_changes_name_the_pages_they_affect(repo: Repo) -> None:
    comp = "competency-map/competencies/negotiation.yml"
    repo.edit(comp, "name: Negotiation", "name: Negotiation and persuasion")
    repo.edit(comp, "Closes agreements in writing with clear terms and follow-up dates.",
              "Closes every agreement in writing, with terms and follow-up dates.")
    repo.edit("competency-map/roles/sales-manager.yml", "  - competency: consultative-selling\n"
              "    level: 4", "  - competency: consultative-selling\n    level: 5")
    repo.edit("competency-map/departments/marketing.yml", "  marketing-manager: 6\n",
              "  marketing-manager: 7\n")
    repo.edit("competency-map/governance.yml", "      - gao-yan\n", "      - gao-yan\n      - li-na\n")
    repo.commit("model")
    text = repo.markdown("main~1", "main")
    assert "### Competency map" in text
    assert ("- **Renamed** Negotiation and persuasion: name Negotiation → Negotiation and "
            "persuasion · level 3 indicator Closes agreements in writing with clear terms and "
            "follow-up dates. → Closes every agreement in writing, with terms and follow-up "
            "dates.") in text
    assert "`competency-map/competencies/`<br>Pages: `/competencies/negotiation/` `/competencies/`" \
        in text
    assert "- **Raised** Sales manager requires Consultative selling: level 4 → 5" in text
    assert "Pages: `/roles/sales-manager/` `/competencies/consultative-selling/` `/map/sales/`" in text
    assert "- **Changed** Marketing: staffing of Marketing manager 6 → 7" in text
    assert ("- **Changed** approver group Human resources: members added `li-na` · CODEOWNERS "
            "changes: run `cmap codeowners`") in text


def test_a_competency_moved_to_another_id_is_a_rename_not_add_and_remove(repo: Repo) -> None:
    old = repo.root / "competency-map" / "competencies" / "negotiation.yml"
    new = old.with_name("negotiating.yml")
    new.write_text(old.read_text(encoding="utf-8").replace("id: negotiation", "id: negotiating"),
                   encoding="utf-8")
    old.unlink()
    for role in ("branch-head", "key-account-manager", "regional-director", "sales-manager", "sales-rep"):
        repo.edit(f"competency-map/roles/{role}.yml", "competency: negotiation\n",
                  "competency: negotiating\n")
    repo.commit("rename")
    text = repo.markdown("main~1", "main")
    assert "- **Renamed** Negotiation: id `negotiation` → `negotiating`" in text
    assert "**Added** Negotiation" not in text and "**Removed** Negotiation:" not in text
    assert "- **Added** Sales representative requires Negotiation" in text


def test_roles_added_and_lowered_levels(repo: Repo) -> None:
    role = repo.root / "competency-map" / "roles" / "sales-rep.yml"
    (role.with_name("senior-sales-rep.yml")).write_text(
        role.read_text(encoding="utf-8").replace("id: sales-rep", "id: senior-sales-rep")
        .replace("title: Sales representative", "title: Senior sales representative"),
        encoding="utf-8")
    repo.edit("competency-map/roles/sales-manager.yml", "  - competency: consultative-selling\n"
              "    level: 4", "  - competency: consultative-selling\n    level: 3")
    text = repo.markdown()
    assert "- **Added** Senior sales representative: family `sales`" in text
    assert "`competency-map/roles/`<br>Pages: `/map/sales/`" in text  # common to both changes
    assert "  <sub>Pages: `/roles/senior-sales-rep/` `/roles/`</sub>" in text
    assert "- **Lowered** Sales manager requires Consultative selling: level 4 → 3" in text


def test_expectations_rewritten_at_the_same_level_are_a_change(repo: Repo) -> None:
    rel = "competency-map/roles/sales-rep.yml"
    repo.edit(rel, "      - Wins shelf space", "      - Wins the best shelf space")
    repo.edit("competency-map/roles/service-agent.yml", "  - competency: communication\n    level: 3\n",
              "  - competency: communication\n    level: 3\n    expectations:\n"
              "      - Explains the warranty terms to a caller in plain words.\n")
    text = repo.markdown()
    assert "- **Changed** Sales representative requires Consultative selling: expectations reworded" \
        in text
    assert "- **Changed** Customer service agent requires Communication: expectations added" in text


def test_every_page_the_diff_names_is_a_page_of_the_built_site(tmp_path: Path) -> None:
    """Adding the whole example, then removing it, names a page of every kind the diff knows."""
    site = tmp_path / "site"
    built = cmap(ROOT, "build", "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    pages = {"/" + "".join(f"{part}/" for part in index.parent.relative_to(site).parts)
             for index in site.rglob("index.html")}
    model = load_repository(ROOT).model
    named = {page for summary in (compare(CompetencyMap(), model, "", ""),
                                  compare(model, CompetencyMap(), "", ""))
             for section in summary.sections for group in section.groups
             for change in group.changes for page in change.pages}
    assert {"/competencies/", "/roles/", "/departments/", "/map/"} <= named
    assert any(page.startswith("/cycles/") for page in named)
    assert named <= pages, sorted(named - pages)


def test_a_broken_file_on_one_side_is_named(repo: Repo) -> None:
    (repo.root / "needs" / "2027-h1" / "marketing.yml").write_text("entries: [\n", encoding="utf-8")
    text = repo.markdown()
    assert "**Note:** The head has errors in needs/2027-h1/marketing.yml" in text
    assert "Marketing" not in text  # what did not load is not reported as removed
    assert "No change in meaning in the files that loaded" in text


def test_an_unknown_revision_is_a_clear_error(repo: Repo) -> None:
    done = cmap(repo.root, "diff", "origin/main")
    assert done.returncode == 1
    assert "cannot find the revision `origin/main`" in done.stderr and "fetch-depth: 0" in done.stderr


def test_text_from_the_data_cannot_inject_markdown_or_mention_people() -> None:
    assert md("[click](https://x.example) <img src=x> @everyone *bold*") == (
        "\\[click\\](https://x.example) \\<img src=x\\> @\u200beveryone \\*bold\\*")
    assert code("a `tick`") == "`` a `tick` ``" and code("/roles/x/") == "`/roles/x/`"
