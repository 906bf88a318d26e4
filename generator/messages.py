"""Schema errors in words a department head understands.

`jsonschema` says "'4' is not of type 'integer'"; a department head needs "`level` must be a
whole number, not the text "4"" and the field's own help text from the schema.
"""

from __future__ import annotations

from typing import Any

from jsonschema import ValidationError

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with `- `)",
    "object": "a set of `key: value` fields",
    "null": "empty",
}


def describe(error: ValidationError) -> tuple[tuple[str | int, ...], str, str]:
    """The key path to point at, the message and the hint for one schema error."""
    path: tuple[str | int, ...] = tuple(error.absolute_path)
    field = _field_name(path)
    value = error.instance
    rule = error.validator
    help_text = str(error.schema.get("description", ""))

    if "propertyNames" in error.schema_path:
        return (*path, str(value)), f"`{value}` is not a valid id here.", _ID_HINT
    if rule == "required":
        missing = _quoted_name(error.message)
        description = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        return path, f"`{missing}` is missing{_in(field)}.", f"Add `{missing}:`. {description}"
    if rule == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(known)) if isinstance(value, dict) else []
        name = extra[0] if extra else "?"
        others = f" (and {', '.join(f'`{e}`' for e in extra[1:])})" if len(extra) > 1 else ""
        return ((*path, name), f"`{name}`{others} is not a field{_in(field)}.",
                f"Check the spelling. The fields are: {', '.join(f'`{k}`' for k in known)}.")
    if rule == "type":
        wanted = error.validator_value
        types = [str(t) for t in (wanted if isinstance(wanted, list) else [wanted])]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
        return path, f"`{field}` must be {words}, not {_shown(value)}.", help_text
    if rule == "pattern":
        return path, f"`{value}` is not a valid value for `{field}`.", help_text or _ID_HINT
    if rule == "enum":
        options = ", ".join(f"`{o}`" for o in error.validator_value)
        return path, f"`{field}` must be one of {options}, not {_shown(value)}.", help_text
    if rule in ("minimum", "maximum"):
        bound = "at least" if rule == "minimum" else "at most"
        return path, f"`{field}` must be {bound} {error.validator_value}, not {value}.", help_text
    if rule in ("minLength", "minItems", "minProperties"):
        return path, f"`{field}` is empty.", help_text or "Fill it in, or remove the field."
    if rule in ("maxLength", "maxItems"):
        unit = "characters" if rule == "maxLength" else "entries"
        return path, f"`{field}` is too long: at most {error.validator_value} {unit}.", help_text
    if rule == "uniqueItems":
        return path, f"`{field}` lists the same entry twice.", "Remove the repeated entry."
    return path, f"`{field}`: {error.message}", help_text


def _field_name(path: tuple[str | int, ...]) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else ""


def _in(field: str) -> str:
    return f" in `{field}`" if field else ""


def _quoted_name(message: str) -> str:
    # jsonschema's message is "'name' is a required property".
    return message.split("'")[1] if message.count("'") >= 2 else message


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'the text "{value[:60]}"'
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"`{value}`"


_ID_HINT = "Ids use lowercase letters, digits and single hyphens, e.g. `sales-manager`."
