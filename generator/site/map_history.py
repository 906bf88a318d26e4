"""The map's changes in meaning, merge by merge: the "What changed" page, and the recent
changes each role and competency page shows.

Which commits: the last `LIMIT` first-parent commits of the current branch that changed a
data file, each compared with its first parent. On a branch that takes pull requests that
is one block per merged pull request, whether the hosting site merges (the merge commit
against the branch before it: everything the pull request brought) or squashes (the one
commit); a commit pushed directly is a block of its own, without a number.

How, cheaply: one `git log` names those commits with the blobs of every data file each
changed, one `git ls-tree` gives the data at HEAD and one `git cat-file --batch` every
blob needed (`files/history.py`). Walking back from HEAD, each commit's files are put
back as they were in a temporary folder, which is loaded with `cmap validate`'s loader
(a file not touched since is not read again, a text parsed once is not parsed again) and
compared with the model after the commit by `analysis.diff.compare`: the semantic diff
reviewers saw with `cmap diff`. Each commit's
result is kept in `.cmap/cache/changes.json` under its commit id, so that the build after
a new merge compares that one alone; `--no-cache` neither reads nor writes it. Without
history (no git, not a git checkout, a shallow clone) there is nothing to list, and the
page says why.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from generator import paths
from generator.analysis.diff.changes import Change, Detail, Group, Section, Summary
from generator.analysis.diff.compare import compare, leave_out
from generator.files import history as git_history
from generator.files.history import DataCommit, DataLog
from generator.files.parse_cache import ParseCache
from generator.files.safe_write import check_path, write_file
from generator.rules.repository import LoadCache, LoadResult, load_repository, parse_cache

#: How many commits the history goes back (the page lists each one that changed meaning).
LIMIT = 50
#: How many merges a role's or a competency's page lists.
PAGE_LIMIT = 5
CACHE = f"{paths.WORK_DIR}/cache/changes.json"
#: The layout of the cache: another one is not read.
FORMAT = "1"
#: How the build cache names a merge among the data files (no data file's path starts so).
MERGE_KEY = "merge:"
#: The problem codes of a file that did not load (L…) or failed its schema (S…).
_UNREAD = ("L", "S")


@dataclass(frozen=True)
class Merge:
    """One commit that changed data (a merged pull request), with what it meant."""

    commit: git_history.Change  #: its id, day, subject and pull request number
    files: tuple[str, ...]  #: the data files it changed
    summary: Summary


@dataclass(frozen=True)
class PageChange:
    """A change shown on a role's or a competency's page, with the merge that made it."""

    merge: Merge
    change: Change


@dataclass(frozen=True)
class MapHistory:
    merges: tuple[Merge, ...] = ()
    #: Why there is no history: `files.history.NO_GIT`, `NOT_A_CHECKOUT`, `SHALLOW`.
    missing: str = ""

    def of_page(self, page: str, limit: int = PAGE_LIMIT) -> list[PageChange]:
        """The changes of the newest `limit` merges that reach the page at `page` (its path
        in the docs folder), newest first."""
        found = self._by_address.get(paths.address(page), [])
        merges = list(dict.fromkeys(shown.merge.commit.commit for shown in found))[:limit]
        return [shown for shown in found if shown.merge.commit.commit in merges]

    def shown_on(self, page: str, limit: int = PAGE_LIMIT) -> frozenset[str]:
        """The merges `of_page` lists, as the keys `digests` gives them: a page reads them
        as it reads files, so that it is made again when one leaves the history."""
        return frozenset(MERGE_KEY + shown.merge.commit.commit for shown in self.of_page(page, limit))

    def digests(self) -> dict[str, str]:
        """A key for each merge of the history, to be kept with the digests of the data
        files (`build_cache`): a merge that leaves the history is a "file" gone, and the
        pages that list it are made again. (A merge that enters it changed data files:
        the pages that read them are made again anyway.)"""
        return {MERGE_KEY + merge.commit.commit: merge.commit.date for merge in self.merges}

    @cached_property
    def _by_address(self) -> dict[str, list[PageChange]]:
        """Every change under each page it reaches, newest merge first: one pass, however
        many pages ask."""
        found: dict[str, list[PageChange]] = {}
        for merge in self.merges:
            for section in merge.summary.sections:
                for group in section.groups:
                    for change in group.changes:
                        for address in dict.fromkeys(change.pages):
                            found.setdefault(address, []).append(PageChange(merge, change))
        return found


def map_history(root: Path, *, use_cache: bool = True, limit: int = LIMIT) -> MapHistory:
    """The last `limit` commits that changed the data of the repository at `root`, each
    with what it meant; those kept in the cache are not compared again."""
    log = git_history.data_log(root, limit)
    if log.missing or log.head is None:
        return MapHistory(missing=log.missing or git_history.NOT_A_CHECKOUT)
    key = _key()
    known = _read_cache(root, key) if use_cache else {}
    wanted = {c.change.commit for c in log.commits if c.change.commit not in known}
    summaries = {**known, **(_compare_commits(root, log, wanted) if wanted else {})}
    if use_cache and wanted:
        kept = {c.change.commit: summaries[c.change.commit] for c in log.commits}
        write_file(root, CACHE, json.dumps({"key": key, "commits": {
            commit: asdict(summary) for commit, summary in kept.items()}},
            ensure_ascii=False, separators=(",", ":")).encode("utf-8"), durable=False)
    return MapHistory(tuple(Merge(c.change, tuple(f.path for f in c.files), summaries[c.change.commit])
                            for c in log.commits if not summaries[c.change.commit].empty))


def _compare_commits(root: Path, log: DataLog, wanted: set[str]) -> dict[str, Summary]:
    """Walk back from HEAD through `log`, comparing each commit of `wanted` with its parent."""
    assert log.head is not None
    last = max(n for n, c in enumerate(log.commits) if c.change.commit in wanted)
    walked = log.commits[:last + 1]
    blobs = {*log.head.values(), *(f.before for c in walked for f in c.files if f.before)}
    contents = git_history.read_blobs(root, sorted(blobs))
    found: dict[str, Summary] = {}
    with tempfile.TemporaryDirectory(prefix="cmap-history-") as temp:
        folder = Path(temp)
        parsed = parse_cache(folder)  # in memory only: a text met again is not parsed again
        # A file the walk did not touch is not read again (`LoadCache`, by its stat): each
        # write stamps its file with a time of its own, so a rewrite is never taken for it.
        files, stamps = LoadCache(), itertools.count(1)
        for path, blob in log.head.items():
            _put(folder, path, contents.get(blob), next(stamps))
        # The folder holds the data after `commit`; each state is loaded once, and only
        # when a wanted commit has it on one side.
        after: LoadResult | None = None
        for n, commit in enumerate(walked):
            compared = commit.change.commit in wanted
            if compared and after is None:
                after = _load(folder, files, parsed)
            for file in commit.files:
                _put(folder, file.path, contents.get(file.before) if file.before else None,
                     next(stamps))
            following = n + 1 < len(walked) and walked[n + 1].change.commit in wanted
            before = (_load(folder, files, parsed) if compared or following
                      else None)
            if compared and before is not None and after is not None:
                found[commit.change.commit] = _summary(before, after, commit)
            after = before
    return found


def _load(folder: Path, files: LoadCache, parsed: ParseCache) -> LoadResult:
    """One state of the data: its model and the files that did not load or failed their
    schema. The rules are not run: what they would find is not part of what changed."""
    return load_repository(folder, cache=files, parsed=parsed, rules=False)


def _summary(before: LoadResult, after: LoadResult, commit: DataCommit) -> Summary:
    base, head = before.model, after.model
    # A file that did not load or failed its schema is missing from its model, and would
    # read as removed; a rule's error (a target above the required level) leaves the
    # entity in the model, and what changed in it is still worth listing.
    broken = {p.path for p in [*before.errors, *after.errors] if p.code[:1] in _UNREAD}
    if broken:  # each model is the other side of the next commit: leave it as it loaded
        base, head = copy.deepcopy(base), copy.deepcopy(head)
        leave_out(base, head, broken)
    return compare(base, head, f"{commit.change.short}^", commit.change.short)


def _put(folder: Path, path: str, content: bytes | None, stamp: int) -> None:
    """Write (or, for None, delete) one data file of the temporary folder, its times set to
    `stamp` nanoseconds. Paths come from git, relative to the data folders; anything else
    is left out."""
    parts = PurePosixPath(path).parts
    if not parts or parts[0] not in paths.DATA_DIRS or ".." in parts or PurePosixPath(path).is_absolute():
        return
    target = folder.joinpath(*parts)
    if content is None:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    os.utime(target, ns=(stamp, stamp))


def _key() -> str:
    """What the summaries depend on besides the commits: cmap's version, and the code that
    loads and compares (a change to it in a checkout of cmap compares everything again)."""
    digest = hashlib.sha256(FORMAT.encode("ascii"))
    try:
        digest.update(metadata.version("cmap").encode("utf-8"))
    except metadata.PackageNotFoundError:
        pass
    for folder in ("analysis/diff", "model", "files", "rules"):
        for source in sorted((paths.PACKAGE / folder).glob("*.py")):
            digest.update(source.name.encode("utf-8") + b"\0" + source.read_bytes())
    for schema in paths.schema_paths():
        digest.update(schema.read_bytes())
    return digest.hexdigest()


def _read_cache(root: Path, key: str) -> dict[str, Summary]:
    try:
        path = check_path(root, CACHE)
        record = json.loads(path.read_bytes()) if path.is_file() else None
        if not isinstance(record, dict) or record.get("key") != key:
            return {}
        return {commit: _summary_of(data) for commit, data in record["commits"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # unreadable: compared again


def _summary_of(data: Mapping[str, Any]) -> Summary:
    return Summary(data["base"], data["head"], [
        Section(section["title"], [
            Group(group["heading"], group["source"],
                  [Change(change["verb"], change["subject"],
                          tuple(Detail(**detail) for detail in change["details"]),
                          tuple(change["pages"])) for change in group["changes"]],
                  tuple(Detail(**detail) for detail in group["summary"]))
            for group in section["groups"]])
        for section in data["sections"]], list(data["notes"]))
