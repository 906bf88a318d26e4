"""`cmap --help` and `cmap --version`: every command says in one line what it does, and
in its own --help a little more; the version comes from the installed package."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from generator import cli, distribution


def commands(parser: argparse.ArgumentParser, name: str = "cmap"
             ) -> Iterator[tuple[str, argparse.ArgumentParser, dict[str, str]]]:
    """Every parser with a subcommand, with its name and its subcommands' summaries."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {choice.dest: str(choice.help) for choice in action._choices_actions}
            yield name, parser, summaries
            for sub_name, sub in action.choices.items():
                yield from commands(sub, f"{name} {sub_name}")


def every_command() -> list[tuple[str, argparse.ArgumentParser]]:
    found = [("cmap", cli._parser())]
    for name, parser, _ in commands(found[0][1]):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                found += [(f"{name} {sub}", p) for sub, p in action.choices.items()]
    return found


def test_every_command_has_a_summary_on_one_line_of_the_help_above_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    found = list(commands(cli._parser()))
    assert [name for name, _, _ in found] == ["cmap", "cmap new", "cmap import", "cmap export"]
    for name, parser, summaries in found:
        lines = parser.format_help().splitlines()
        for sub, summary in summaries.items():
            assert summary and summary != "None", f"{name} {sub}"
            assert any(line.split() == [sub, *summary.split()] for line in lines), (
                f"`{name} {sub}`: its summary is not on its line:\n" + "\n".join(lines))


def test_every_command_describes_itself_in_its_own_help() -> None:
    every = every_command()
    assert len(every) == 23
    for name, parser in every:
        assert parser.description and parser.description[0].isupper(), name
        assert parser.description.endswith("."), name
        options = [a for a in parser._actions if not isinstance(a, argparse._SubParsersAction)]
        assert all(option.help for option in options), name


def test_the_import_help_names_every_source(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    line = next(line for line in capsys.readouterr().out.splitlines()
                if line.split()[:1] == ["import"])
    for source in ("assessment", "needs", "issue-form", "case", "model"):
        assert source in line


def test_version_is_the_installed_one(capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distribution, "version", lambda: "1.2.3")
    monkeypatch.setattr(distribution, "git_source", lambda: None)
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr() == ("cmap 1.2.3\n", "")


def test_version_names_the_commit_it_was_installed_from(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distribution, "version", lambda: "1.2.3")
    source = distribution.GitSource("https://github.com/acme/cmap", "0123456789ab" + "0" * 28)
    monkeypatch.setattr(distribution, "git_source", lambda: source)
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out == "cmap 1.2.3 (https://github.com/acme/cmap at 0123456789ab)\n"


def test_version_from_a_source_folder_says_it_is_unknown(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distribution, "version", lambda: "")
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == (
        "cmap (version unknown: not installed, run from its source folder)\n")
