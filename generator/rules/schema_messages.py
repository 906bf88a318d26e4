"""Schema errors in words a department head understands.

`jsonschema` says "'4' is not of type 'integer'"; a department head needs "`level` must be a
whole number, not the text "4"" and the field's own help text from the schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema import ValidationError

from generator.problems import clip

KeyPath = tuple[str | int, ...]
Described = tuple[KeyPath, str, str]

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with `- `)",
    "object": "a set of `key: value` fields",
    "null": "empty",
}


def describe(error: ValidationError, root: dict[str, Any]) -> list[Described]:
    """The key path to point at, the message and the hint for each problem in one error."""
    path: KeyPath = tuple(error.absolute_path)
    field = _label(path)
    value = error.instance
    rule = error.validator
    help_text = _nearest_description(root, error.absolute_schema_path)

    if "propertyNames" in error.schema_path:
        return [((*path, str(value)), f"`{clip(value)}` is not a valid id here.", _ID_HINT)]
    if rule == "required":
        missing = _quoted_name(error.message)
        description = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        where = f" in {field}" if path else ""
        return [(path, f"`{missing}` is missing{where}.", f"Add `{missing}:`. {description}")]
    if rule == "additionalProperties":
        return list(_unknown_fields(path, value, error.schema))
    if rule == "type":
        wanted = error.validator_value
        types = [str(t) for t in (wanted if isinstance(wanted, list) else [wanted])]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
        return [(path, f"{_cap(field)} must be {words}, not {_shown(value)}.", help_text)]
    if rule == "pattern":
        shown = clip(value).replace("\n", "⏎")
        return [(path, f"`{shown}` is not a valid value for {field}.", help_text or _ID_HINT)]
    if rule == "enum":
        options = ", ".join(f"`{o}`" for o in error.validator_value)
        return [(path, f"{_cap(field)} must be one of {options}, not {_shown(value)}.", help_text)]
    if rule in ("minimum", "maximum"):
        bound = "at least" if rule == "minimum" else "at most"
        return [(path, f"{_cap(field)} must be {bound} {error.validator_value}, not {clip(value)}.",
                 help_text)]
    if rule in ("minLength", "minItems", "minProperties"):
        return [(path, f"{_cap(field)} is empty.", help_text or "Fill it in, or remove the field.")]
    if rule in ("maxLength", "maxItems"):
        unit = "characters" if rule == "maxLength" else "entries"
        return [(path, f"{_cap(field)} is too long: at most {error.validator_value} {unit}.",
                 help_text)]
    if rule == "uniqueItems":
        return [(path, f"{_cap(field)} lists the same entry twice.", "Remove the repeated entry.")]
    return [(path, f"{_cap(field)}: {clip(error.message)}.", help_text)]


def _unknown_fields(path: KeyPath, value: Any, schema: dict[str, Any]) -> Iterable[Described]:
    known = sorted(schema.get("properties", {}))
    hint = f"Check the spelling. The fields are: {', '.join(f'`{k}`' for k in known)}."
    where = f" of {_label(path)}" if path else ""
    for name in (k for k in value if k not in known) if isinstance(value, dict) else ():
        yield (*path, name), f"`{clip(name)}` is not a field{where}.", hint


def _nearest_description(root: dict[str, Any], schema_path: Iterable[str | int]) -> str:
    """The help text of the innermost schema on the way to the failing keyword."""
    node: Any = root
    found = str(root.get("description", ""))
    for part in schema_path:
        node = node.get(part) if isinstance(node, dict) else (
            node[part] if isinstance(node, list) and isinstance(part, int) else None)
        if not isinstance(node, dict):
            break
        found = str(node.get("description", found))
    return found


def _label(path: KeyPath) -> str:
    """How to name the value at `path`: `level`, or entry 2 of `competencies`."""
    if not path:
        return "the file"
    last = path[-1]
    if isinstance(last, int):
        names = [p for p in path if isinstance(p, str)]
        return f"entry {last + 1} of `{clip(names[-1])}`" if names else f"entry {last + 1}"
    return f"`{clip(last)}`"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text.startswith("entry") or text.startswith("the") else text


def _quoted_name(message: str) -> str:
    # jsonschema's message is "'name' is a required property".
    return message.split("'")[1] if message.count("'") >= 2 else message


def _shown(value: Any) -> str:
    if isinstance(value, str):
        shown = clip(value).replace("\n", "⏎")
        return f'the text "{shown}"'
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"`{clip(value)}`"


_ID_HINT = "Ids use lowercase letters, digits and single hyphens, e.g. `sales-manager`."
