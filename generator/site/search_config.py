"""Search settings that let readers of a Chinese site find words, not only sentence starts.

Material for MkDocs ships the search index to the browser, where lunr.js splits it into
terms with the plugin's `separator` and matches each query term as a prefix of a term.
Chinese has no spaces, so with the separator Material uses for `zh` (spaces and Chinese
punctuation) a run such as 客户沟通能力 stays one term: 客户 finds it, 沟通 does not.

Material fixes this with jieba: when the `jieba` package is importable, its search plugin
cuts every Chinese run into words at build time (客户|沟通|能力, marked with zero-width
spaces) and the browser splits the query along the terms of the index. That is precise, but
jieba is an extra 19 MB package with a slow first load, so it is optional here:

* jieba importable: nothing beyond a separator that splits at the zero-width space (the
  one Material uses for `zh`, written out so it also holds for `zh-TW` and `zh-Hant`);
* jieba missing: the separator also splits between Chinese characters (zero-length
  look-arounds, which Material's tokenizer supports), so every character is a term and a
  query finds every page holding its characters, the pages holding all of them first.

Only a search plugin that the company's mkdocs.yml leaves without a `separator` is changed,
only for the Material theme (the look-arounds would make mkdocs' own lunr tokenizer drop
Chinese text), and only when `theme.language` is Chinese.
"""

from __future__ import annotations

import importlib.util
from typing import Any

# Chinese characters: CJK Unified Ideographs with extension A, and the compatibility block.
HAN = "\\u3400-\\u9fff\\uf900-\\ufaff"
# Material's separator for `zh`: white space (with the zero-width space jieba inserts),
# the ideographic space, hyphens and Chinese punctuation.
WORD_SEPARATOR = "[\\s\\u200b\\u3000\\-、。，．？！；]+"
# Without jieba: also between any two characters next to a Chinese one.
CHARACTER_SEPARATOR = f"{WORD_SEPARATOR}|(?<=[{HAN}])|(?=[{HAN}])"
SEARCH_PLUGINS = ("search", "material/search")


def is_chinese(language: object) -> bool:
    """True for every Chinese theme language: zh, zh-CN, zh_Hans, zh-TW, zh-Hant …"""
    code = str(language or "").strip().lower().replace("_", "-")
    return code == "zh" or code.startswith("zh-")


def segmenter_available() -> bool:
    """Whether Material's search plugin will cut Chinese text into words (jieba)."""
    return importlib.util.find_spec("jieba") is not None


def chinese_separator(segmented: bool | None = None) -> str:
    """The separator for a Chinese site: words with jieba, characters without."""
    if segmented is None:
        segmented = segmenter_available()
    return WORD_SEPARATOR if segmented else CHARACTER_SEPARATOR


def search_plugins(user: dict[str, Any], theme: dict[str, Any], *,
                   segmented: bool | None = None) -> list[Any] | dict[str, Any] | None:
    """The `plugins` setting `.cmap/mkdocs.yml` writes, or None to keep the company's.

    mkdocs replaces lists when it merges INHERIT, so a changed plugin list is written whole,
    with every other plugin as mkdocs.yml has it.
    """
    if str(theme.get("name") or "material") != "material" or not is_chinese(theme.get("language")):
        return None
    separator = chinese_separator(segmented)
    plugins = user.get("plugins", ["search"])
    if isinstance(plugins, dict):
        name = next((n for n in SEARCH_PLUGINS if n in plugins), None)
        options = _unset_separator(plugins.get(name)) if name else None
        if name is None or options is None:
            return None
        changed_map = {**plugins, name: {**options, "separator": separator}}
        return changed_map if _plain(changed_map) else None
    if not isinstance(plugins, list):
        return None
    for position, entry in enumerate(plugins):
        if isinstance(entry, str) and entry in SEARCH_PLUGINS:
            name, options = entry, {}
        elif isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in SEARCH_PLUGINS:
            name, value = next(iter(entry.items()))
            found = _unset_separator(value)
            if found is None:
                return None
            options = found
        else:
            continue
        changed = list(plugins)
        changed[position] = {name: {**options, "separator": separator}}
        return changed if all(_plain(p) for p in changed) else None
    return None


def _unset_separator(options: Any) -> dict[str, Any] | None:
    """The plugin's options when it has no separator of its own (and is on), else None."""
    if options is None:
        return {}
    if not isinstance(options, dict) or "separator" in options or options.get("enabled") is False:
        return None
    return dict(options)


def _plain(value: Any) -> bool:
    """Whether YAML can write the value back as it was read (no `!relative` placeholders)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))
