"""A file's data with what the workbook states of it: the data the import will write.

Each stated field takes the workbook's value unless the file already says the same thing
(`same`: text compared without surrounding spaces, a grade `7` the same as `"7"`), so a file
changes only where its meaning does; a field the workbook states as empty is removed, unless
the file gives it a value that means "not there" (`critical: false`). A collection stated
item by item (`Keyed`) is merged: stated items are set, in the workbook's order; items the
file has and the workbook does not state are kept where they were, and returned as `Kept`
so that the import can say so. New keys take their place in the schema's order.

`differences` words what changed, for `--dry-run` and the import's report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.exchange.sheets.documents import Keyed
from generator.problems import clip


@dataclass(frozen=True)
class Kept:
    """An item of a collection that the workbook does not state: kept as it is."""

    field: str
    key: Any  #: the item's id, level or mapping key
    place: tuple[str | int, ...]  #: where it is in the file, for `Document.locate`


def merge(old: Mapping[str, Any] | None, given: Mapping[str, Any],
          order: Mapping[str, Sequence[str]]) -> tuple[dict[str, Any], list[Kept]]:
    """`old` (None for a new file) with `given`; `order` gives the schema's order of the
    file's keys ("") and of each collection's item keys (by the collection's name)."""
    merged, kept = dict(old or {}), []
    for name, value in given.items():
        if isinstance(value, Keyed):
            collection, found = _collection(merged.get(name), value, name, order.get(name, ()))
            if collection or name in merged:  # no item stated, none in the file: nothing to add
                merged[name] = collection
            kept += found
        else:
            _set(merged, name, value)
    return _ordered(list(old or {}), merged, order.get("", ())), kept


def same(old: Any, new: Any) -> bool:
    """Whether two values mean the same: text without surrounding spaces, numbers as text."""
    return bool(_canonical(old) == _canonical(new))


def differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What changed from `old` to `new`, a phrase per top-level field."""
    found = []
    for name in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(name), new.get(name)
        if same(before, after):
            continue
        if name not in new:
            found.append(f"removes {name}")
        elif name not in old:
            found.append(f"adds {name}")
        elif isinstance(before, (list, dict)) and isinstance(after, (list, dict)):
            found.append(f"{name} ({_items_changed(before, after)})")
        else:
            found.append(f"{name}: {_shown(before)} → {_shown(after)}")
    return found


def _set(data: dict[str, Any], name: str, value: Any) -> None:
    if value is None:
        if name in data and not _means_absent(data[name]):
            del data[name]
    elif name not in data or not same(data[name], value):
        data[name] = value


def _means_absent(value: Any) -> bool:
    return value is False or value is None or value in ("", [], {})


def _collection(old: Any, given: Keyed, name: str, item_order: Sequence[str]
                ) -> tuple[Any, list[Kept]]:
    if given.key is None:
        before: dict[Any, Any] = old if isinstance(old, dict) else {}
        merged = {}
        for key in _merged_order(list(before), list(given.items)):
            value = given.items.get(key, before.get(key))
            merged[key] = before[key] if key in before and same(before[key], value) else value
        return merged, [Kept(name, k, (name, k)) for k in before if k not in given.items]
    items = [item for item in old if isinstance(item, dict)] if isinstance(old, list) else []
    by_key = {item.get(given.key): (index, item) for index, item in enumerate(items)}
    result = []
    for key in _merged_order(list(by_key), list(given.items)):
        if key not in given.items:
            result.append(by_key[key][1])
        elif key in by_key:
            item = dict(by_key[key][1])
            for field in (given.key, *given.managed):
                _set(item, field, given.items[key].get(field))
            result.append(_ordered(list(by_key[key][1]), item, item_order))
        else:
            result.append(given.items[key])
    kept = [Kept(name, key, (name, index)) for key, (index, _) in by_key.items()
            if key not in given.items]
    return result, kept


def _merged_order(old: list[Any], given: list[Any]) -> list[Any]:
    """The workbook's order, each item only the file has placed after the one before it."""
    result = list(given)
    placed = set(result)
    for index, key in enumerate(old):
        if key in placed:
            continue
        before = next((old[j] for j in range(index - 1, -1, -1) if old[j] in placed), None)
        result.insert(result.index(before) + 1 if before is not None else 0, key)
        placed.add(key)
    return result


def _ordered(old_keys: list[str], data: dict[str, Any], order: Sequence[str]) -> dict[str, Any]:
    """`data` with the file's keys in the file's order, and each new key before the first
    key that follows it in the schema's `order`."""
    rank = {key: index for index, key in enumerate(order)}
    last = len(rank)
    new = sorted((k for k in data if k not in old_keys), key=lambda k: rank.get(k, last))
    result: dict[str, Any] = {}
    for key in old_keys:
        while new and rank.get(new[0], last) < rank.get(key, last):
            added = new.pop(0)
            result[added] = data[added]
        if key in data:
            result[key] = data[key]
    for added in new:
        result[added] = data[added]
    return result


def _canonical(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items() if not _means_absent(v)}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    return str(value).replace("\r\n", "\n").strip()


def _items_changed(before: list[Any] | dict[Any, Any], after: list[Any] | dict[Any, Any]) -> str:
    old, new = _by_key(before), _by_key(after)
    parts = []
    for verb, keys in (("adds", [k for k in new if k not in old]),
                       ("changes", [k for k in new if k in old and not same(old[k], new[k])]),
                       ("removes", [k for k in old if k not in new])):
        if keys:
            shown = ", ".join(str(k) for k in keys[:8])
            parts.append(f"{verb} {shown}" + (" …" if len(keys) > 8 else ""))
    return "; ".join(parts) or "order"


def _by_key(value: list[Any] | dict[Any, Any]) -> dict[Any, Any]:
    if isinstance(value, dict):
        return value
    keyed = {}
    for index, item in enumerate(value):
        key = next((item[k] for k in ("id", "competency", "level") if isinstance(item, dict) and k in item),
                   f"line {index + 1}")
        keyed[key] = item
    return keyed


def _shown(value: Any) -> str:
    return "(none)" if value is None else f"`{clip(value, 60)}`"
