"""Small CASE packages made in code, for the tests of `cmap import case`.

    items = [item(1, "Selling"), item(2, "Finds the need", humanCodingScheme="S.1")]
    package(items, [link("isChildOf", 1, 0, 1), link("isChildOf", 2, 1, 2)])

Records are numbered: `ident(n)` is a valid CASE 1.1 identifier, and 0 is the document.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

from support import FIXTURES

CASE = FIXTURES / "case"
#: A real package of several hundred items (see tests/fixtures/case/README.md).
COMMON_CORE = CASE / "common-core-math.json.gz"
COMMON_CORE_SHA256 = "2f5b5e485fc488ee2528d5cf9604b3973a91901a6a73d4e8f628f6f893f2c54e"
CHANGED = "2020-01-01T00:00:00+00:00"


def ident(n: int) -> str:
    return f"{n:08d}-0000-4000-8000-000000000000"


def item(n: int | str, statement: str, **fields: Any) -> dict[str, Any]:
    identifier = ident(n) if isinstance(n, int) else n
    return {"identifier": identifier, "uri": f"https://case.example.org/uri/{identifier}",
            "fullStatement": statement, "lastChangeDateTime": CHANGED, **fields}


def link(kind: str, origin: int | str, destination: int | str, n: int) -> dict[str, Any]:
    """An association numbered `n` (its sequence number too) from `origin` to `destination`."""
    def node(end: int | str) -> dict[str, str]:
        identifier = ident(end) if isinstance(end, int) else end
        return {"title": identifier, "identifier": identifier, "uri": f"urn:uuid:{identifier}"}

    return {"identifier": f"a{n:07d}-0000-4000-8000-000000000000", "associationType": kind,
            "originNodeURI": node(origin), "destinationNodeURI": node(destination), "sequenceNumber": n}


def tree(items: list[dict[str, Any]], parents: list[tuple[int, int]],
         title: str = "Engineering ladder", **more: Any) -> dict[str, Any]:
    """A package of `items`, each (child, parent) pair an `isChildOf` in this order."""
    return {"CFDocument": {"identifier": ident(0), "uri": "https://case.example.org/uri/doc",
                           "title": title, "creator": "Example Guild"},
            "CFItems": items,
            "CFAssociations": [link("isChildOf", child, parent, n)
                               for n, (child, parent) in enumerate(parents, 1)], **more}


def common_core() -> dict[str, Any]:
    """The Common Core mathematics package, as OpenSALT published it."""
    return json.loads(gzip.decompress(COMMON_CORE.read_bytes()))  # type: ignore[no-any-return]
