"""The fixed words of the site, in English and Simplified Chinese.

Every label the generator writes (headings, table headers, legends, link texts) comes from a
catalogue in `templates/i18n/<language>.yml`: a flat mapping of keys to texts. A text may hold
`{name}` placeholders filled with `str.format`; a counted text is a mapping with `one` and
`other` forms and gets the number as `{n}`. The language is chosen from `theme.language` in
`mkdocs.yml`: every `zh…` code except the traditional ones gives Chinese, everything else English.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import yaml

from generator import paths

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"

Entry = str | dict[str, str]


def normalize_language(code: str | None) -> str:
    """Map a theme language code (`en`, `zh`, `zh-CN`, `zh_Hans`…) to a catalogue name."""
    if not code:
        return DEFAULT_LANGUAGE
    lowered = code.strip().lower().replace("_", "-")
    if lowered == "zh" or (
        lowered.startswith("zh-") and not lowered.startswith(("zh-tw", "zh-hk", "zh-hant"))
    ):
        return "zh"
    return DEFAULT_LANGUAGE


def _catalogue_text(language: str) -> str:
    return (paths.TEMPLATES / "i18n" / f"{language}.yml").read_text(encoding="utf-8")


@cache
def catalogue(language: str) -> Mapping[str, Entry]:
    """The raw catalogue of one language (cached: read once per process)."""
    data = yaml.safe_load(_catalogue_text(language))
    if not isinstance(data, dict):
        raise ValueError(f"label catalogue {language}.yml is not a mapping")
    entries: dict[str, Entry] = {}
    for key, value in data.items():
        if isinstance(value, str):
            entries[str(key)] = value
        elif isinstance(value, dict) and {"one", "other"} <= set(value):
            entries[str(key)] = {str(k): str(v) for k, v in value.items()}
        else:
            raise ValueError(f"label {key!r} in {language}.yml is neither a text nor one/other")
    return entries


class Labels:
    """Look up and fill labels of one language; falls back to English for a missing key."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = normalize_language(language)
        self._entries = catalogue(self.language)
        self._fallback = catalogue(DEFAULT_LANGUAGE)

    def _entry(self, key: str) -> Entry:
        entry = self._entries.get(key)
        if entry is None:
            entry = self._fallback.get(key)
        if entry is None:
            raise KeyError(f"no label {key!r}")
        return entry

    def __call__(self, key: str, /, **values: object) -> str:
        """The text of `key`, with `{placeholders}` filled from `values`."""
        entry = self._entry(key)
        if isinstance(entry, dict):
            count = values.get("n", 0)
            entry = entry["one"] if count == 1 else entry["other"]
            # A count given as a number is written with its digits grouped.
            if isinstance(count, int) and "num" not in values:
                values["num"] = format_number(count)
        return entry.format_map(values) if values else entry

    def get(self, key: str, default: str) -> str:
        """The text of `key`, or `default` when the catalogue has no such key."""
        try:
            return self(key)
        except KeyError:
            return default

    def count(self, key: str, n: int) -> str:
        """A counted label: `count("roles", 3)` → "3 roles"."""
        return self(key, n=n)


def format_number(n: int) -> str:
    """Digits grouped by thousands, the way both languages write headcounts."""
    return f"{n:,}"
