"""Pull-request reviews as the hosting site's API returns them, read defensively.

`GET /repos/{owner}/{repo}/pulls/{number}/reviews` returns a JSON array of reviews, each
with `user.login`, `state` (APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING),
`submitted_at`, `commit_id` (the head commit the reviewer saw) and `author_association`
(how the reviewer belongs to the repository). `gh api --paginate` writes one array per
page, one after the other, and `--slurp` an array of those arrays: all three shapes are
read.

Who may speak for a group is decided here too: on a public repository anyone can register
the handle that `governance.yml` names and review, so only reviews whose author belongs to
the repository (`TRUSTED`) count.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.problems import CmapError, clip

#: Review states that decide a person's stance; a comment-only review does not.
DECIDING = ("APPROVED", "CHANGES_REQUESTED", "DISMISSED")
STATES = (*DECIDING, "COMMENTED", "PENDING")
MAX_BYTES = 20 * 1024 * 1024
#: `author_association` values of people who belong to the repository: its owner, members of
#: the organisation that owns it, and invited collaborators. Everyone else (CONTRIBUTOR,
#: FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, NONE, MANNEQUIN) may comment, but never approves.
TRUSTED = ("OWNER", "MEMBER", "COLLABORATOR")
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


@dataclass(frozen=True)
class Review:
    login: str  #: as written on the site; compare with `.casefold()`
    state: str
    submitted_at: str  #: ISO 8601 in UTC, e.g. 2027-01-12T09:30:00Z; "" while pending
    order: int  #: position in the file, to break ties
    commit_id: str = ""  #: the commit reviewed (a full hexadecimal id), "" when not given
    association: str = ""  #: `author_association`, upper case; "" when not given

    @property
    def trusted(self) -> bool:
        """The author belongs to the repository, so the review may count."""
        return self.association in TRUSTED


def read_reviews(path: Path) -> list[Review]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CmapError(f"{path} is larger than {MAX_BYTES // 2**20} MB; it is not a list of "
                            "reviews.")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CmapError(f"{path} does not exist. Fetch the reviews first, e.g. "
                        "`gh api --paginate repos/OWNER/REPO/pulls/N/reviews > reviews.json`."
                        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise CmapError(f"cannot read {path}: {err}.") from err
    return parse_reviews(text, str(path))


def parse_reviews(text: str, name: str) -> list[Review]:
    items: list[Any] = []
    decoder, at = json.JSONDecoder(), 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            break
        try:
            value, at = decoder.raw_decode(text, at)
        except (json.JSONDecodeError, RecursionError) as err:
            raise CmapError(f"{name} is not JSON ({err}). It should hold the array returned by "
                            "the pull request's reviews API.") from None
        items += _flatten(value, name)
    reviews = []
    for order, item in enumerate(items):
        review = _review(item, order, name)
        if review is not None:
            reviews.append(review)
    return reviews


def effective(reviews: list[Review]) -> dict[str, Review]:
    """Each person's latest deciding review, keyed by the case-folded login."""
    latest: dict[str, Review] = {}
    for review in sorted(reviews, key=lambda r: (r.submitted_at, r.order)):
        if review.state in DECIDING:
            latest[review.login.casefold()] = review
    return latest


def _flatten(value: Any, name: str) -> list[Any]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for part in value for item in (part if isinstance(part, list) else [part])]
    raise CmapError(f"{name} holds {type(value).__name__} where a list of reviews belongs.")


def _review(item: Any, order: int, name: str) -> Review | None:
    if not isinstance(item, dict):
        raise CmapError(f"review {order + 1} in {name} is not an object with `user` and `state`.")
    user, state = item.get("user"), item.get("state")
    if not isinstance(state, str) or state.upper() not in STATES:
        raise CmapError(f"review {order + 1} in {name} has the state {clip(repr(state))}; expected one of "
                        + ", ".join(STATES) + ".")
    if state.upper() == "PENDING":
        return None  # not submitted: only its author sees it
    login = user.get("login") if isinstance(user, dict) else None
    if not isinstance(login, str) or not login:
        return None  # a deleted account ("ghost") approves for nobody
    submitted = item.get("submitted_at")
    commit, association = item.get("commit_id"), item.get("author_association")
    return Review(login, state.upper(), submitted if isinstance(submitted, str) else "", order,
                  commit if isinstance(commit, str) and _COMMIT.fullmatch(commit) else "",
                  association.upper() if isinstance(association, str) else "")
