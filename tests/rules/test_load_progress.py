"""`generator.progress` and its first user: `load_repository` reports "load" and "validate"."""

from __future__ import annotations

from support.progress import Recorder
from support.repo_builder import Repo

from generator.progress import NO_PROGRESS, prefixed
from generator.rules.repository import load_repository
from generator.rules.rule_table import RULES


def test_loading_reports_the_files_read_then_the_rules_run(repo: Repo) -> None:
    recorder = Recorder()
    result = load_repository(repo.root, progress=recorder)
    assert recorder.names == ["load", "validate"]
    load, validate = recorder.phases
    assert load.total == load.done == len(result.files) == 14
    assert validate.total == validate.done == len(RULES)
    assert all(phase.ended for phase in recorder.phases)


def test_a_broken_repository_reports_the_same_phases_and_the_same_problems(repo: Repo) -> None:
    repo.write("roles/sales-rep.yml", "id: sales-rep\ntitle: [unclosed\n")
    recorder = Recorder()
    reported = load_repository(repo.root, progress=recorder)
    assert recorder.names == ["load", "validate"] and recorder.phases[0].done == 14
    assert reported.problems == load_repository(repo.root).problems != []


def test_no_progress_does_nothing_and_is_the_default(repo: Repo) -> None:
    with NO_PROGRESS.phase("load", total=3) as phase:
        phase.advance()
        phase.total = 4
    assert prefixed(NO_PROGRESS, "base ") is NO_PROGRESS
    assert load_repository(repo.root).problems == load_repository(repo.root,
                                                                  progress=NO_PROGRESS).problems


def test_a_prefix_names_the_phases_of_a_second_load(repo: Repo) -> None:
    recorder = Recorder()
    load_repository(repo.root, progress=prefixed(recorder, "base "))
    assert recorder.names == ["base load", "base validate"]
