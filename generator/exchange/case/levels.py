"""Scales and behavioural indicators from a CASE package (see `mapping.py`).

A competency's levels come from the first of:

1. the rubric criterion linked to its item (`CFItemURI`), as `cmap export case` writes
   them: a rubric per scale, whose criterion without an item holds the scale's levels,
   each criterion level an indicator per line, numbered by `score` (or by position);
2. level items linked to it by `hasSkillLevel`, in sequence: levels 1, 2, 3 … of the
   fallback scale, each item's statement the level's indicator;
3. neither: its statement becomes the one indicator of the fallback scale's middle level.

The fallback scale is `--scale`, else the only scale (or `proficiency`) of the package and
the map, else a default five-level scale that is written for the purpose.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from generator.exchange.case.draft import Draft
from generator.exchange.case.exporter import Json
from generator.exchange.case.reading import (
    Ids,
    Order,
    cmap_extension,
    flat,
    good_id,
    link_id,
    listing,
    records,
    slug,
    text_of,
)
from generator.paths import entity_folder
from generator.problems import CmapError, clip

DEFAULT_LEVELS = (
    ("Awareness", "Knows what the competency is and why it matters; works with guidance."),
    ("Developing", "Handles routine situations with occasional help."),
    ("Proficient", "Works independently in the normal range of situations of the job."),
    ("Advanced", "Handles complex situations, improves the way of working and coaches others."),
    ("Expert", "Is a reference across the company and sets its standard."),
)
Numbered = list[tuple[int, Json]]


class Levels:
    def __init__(self, package: Json, items: dict[str, Json], draft: Draft,
                 target_scales: dict[str, int], choice: str | None) -> None:
        self.items, self.draft, self.note = items, draft, draft.warnings.append
        self.target_scales, self.choice = target_scales, choice
        self.linked: dict[str, tuple[str, Numbered]] = {}
        self.fallback = ""
        self.plain: list[str] = []
        self.lost: Counter[str] = Counter()
        # Scale ids per number of levels, all from one set: the map's scale of the same id
        # with other levels is another scale, so that id is refused for this number only.
        self.scale_ids: dict[int, Ids] = {}
        self.taken: set[str] = set()
        #: levels per scale id, the map's and the package's (read for every competency)
        self.size_of = dict(target_scales)
        for rubric in records(package.get("CFRubrics")):
            self.rubric(rubric)

    def rubric(self, rubric: Json) -> None:
        title = flat(text_of(rubric.get("title")), 120) or "Scale"
        criteria = records(rubric.get("CFRubricCriteria"))
        general = [c for c in criteria if not link_id(c.get("CFItemURI"))][:1]
        linked = [c for c in criteria if link_id(c.get("CFItemURI")) in self.items]
        levels = [lv for c in criteria for lv in records(c.get("CFRubricCriterionLevels"))]
        by_score = bool(levels) and all(_score(lv) is not None for lv in levels)
        scale_levels: dict[int, Json] = {}
        for criterion in general or linked:
            for number, level in numbered(criterion, by_score):
                name = flat(text_of(level.get("quality")), 60) or f"Level {number}"
                meaning = flat(text_of(level.get("description")), 2000) if general else ""
                scale_levels.setdefault(number, {"level": number, "name": name,
                                                 "description": meaning or name})
        numbers = sorted(scale_levels)
        if numbers != list(range(1, len(numbers) + 1)) or not 2 <= len(numbers) <= 10:
            self.note(f"The rubric `{title}` has no usable scale (2 to 10 levels numbered 1, 2, "
                      "3 …), so its levels were not imported.")
            return
        written = cmap_extension(rubric).get("scale")
        base = str(written) if good_id(written) else slug(title) or "scale"
        scale_id = self.new_scale_id(base, len(numbers))
        self.size_of[scale_id] = len(numbers)
        if scale_id != base and base in self.target_scales:
            self.note(f"The map's scale `{base}` has {self.target_scales[base]} levels, the "
                      f"package's has {len(numbers)}: the package's was imported as `{scale_id}`, "
                      "with the competencies described on it.")
        description = text_of(rubric.get("description"))[:2000]
        self.draft.scales[scale_id] = {"id": scale_id, "name": title, **(
            {"description": description} if description else {}),
            "levels": [scale_levels[n] for n in numbers]}
        for criterion in linked:
            self.linked.setdefault(link_id(criterion["CFItemURI"]), (scale_id, numbered(criterion, by_score)))
        if len(criteria) > len(general) + len(linked):
            self.lost["rubric criterion about no imported item"] += len(criteria) - len(general) - len(linked)

    def new_scale_id(self, base: str, size: int) -> str:
        if size not in self.scale_ids:
            self.scale_ids[size] = Ids(self.taken, lambda s: self.target_scales.get(s, size) != size)
        return self.scale_ids[size].new(base)

    def of(self, identifier: str, comp_id: str, statement: str,
           level_items: list[str]) -> tuple[str, dict[int, list[str]]]:
        """The scale and the indicators per level of the competency made from an item."""
        if identifier in self.linked:
            scale_id, levels = self.linked[identifier]
            described = self.described(levels, self.size_of[scale_id], "rubric level beyond its scale")
            if described:
                return scale_id, described
        if level_items:
            scale_id, size = self.fallback_scale()
            pairs = [(n, self.items[i]) for n, i in enumerate(level_items, 1)]
            described = self.described(pairs, size, "`hasSkillLevel` level beyond the scale",
                                       "fullStatement")
            if described:
                return scale_id, described
        scale_id, size = self.fallback_scale()
        self.plain.append(comp_id)
        return scale_id, {size // 2 + 1: [flat(statement, 500)]}

    def described(self, levels: Numbered, size: int, beyond: str,
                  key: str = "description") -> dict[int, list[str]]:
        described: dict[int, list[str]] = {}
        for number, level in levels:
            lines = [line for line in text_of(level.get(key)).split("\n") if line.strip()]
            if number > size:
                self.lost[beyond] += 1
            elif lines and number not in described:
                self.lost["indicator cut to 500 characters"] += sum(len(x.strip()) > 500 for x in lines)
                self.lost["indicator beyond 20 per level"] += max(len(lines) - 20, 0)
                described[number] = [flat(line, 500) for line in lines[:20]]
        return described

    def fallback_scale(self) -> tuple[str, int]:
        if not self.fallback:
            sizes = self.size_of
            if self.choice:
                if self.choice not in sizes:
                    raise CmapError(f"there is no scale `{clip(self.choice)}` in the package or in "
                                    f"{entity_folder('scale')}/.")
                self.fallback = self.choice
            elif "proficiency" in sizes or len(sizes) == 1:
                self.fallback = "proficiency" if "proficiency" in sizes else next(iter(sizes))
            elif sizes:
                raise CmapError("some competencies have no levels in the package and there are "
                                "several scales (" + listing(sorted(sizes)) + "): choose the "
                                "one to use with --scale.")
            else:
                self.fallback = "proficiency"
                self.draft.scales[self.fallback] = default_scale()
                self.size_of[self.fallback] = len(DEFAULT_LEVELS)
                self.note("Neither the package nor the map has a proficiency scale, so a default "
                          "five-level scale `proficiency` was written: adjust its levels.")
        return self.fallback, self.size_of[self.fallback]

    def finish(self) -> None:
        if self.plain:
            size = self.size_of[self.fallback]
            self.note(f"{len(self.plain)} competenc{'y has' if len(self.plain) == 1 else 'ies have'} "
                      f"no levels in the package: each statement became the one indicator of level "
                      f"{size // 2 + 1} of `{self.fallback}`. Describe what people do at each level "
                      "before using them in role profiles: " + ", ".join(
                          f"`{c}`" for c in self.plain[:6]) + (" …" if len(self.plain) > 6 else "") + ".")
        lost = {what: n for what, n in self.lost.items() if n}
        if lost:
            self.note("Left out of the levels: " + ", ".join(
                f"{n} × {what}" for what, n in sorted(lost.items())) + ".")


def numbered(criterion: Json, by_score: bool) -> Numbered:
    """A criterion's levels with their level numbers: the scores, or 1, 2, 3 … by position."""
    levels = records(criterion.get("CFRubricCriterionLevels"))
    if by_score:
        return sorted(((_score(lv) or 0, lv) for lv in levels), key=lambda pair: pair[0])
    ranked = sorted(enumerate(levels), key=lambda pair: Order.of(pair[1], "position", pair[0]))
    return [(rank, level) for rank, (_, level) in enumerate(ranked, 1)]


def _score(level: Json) -> int | None:
    value: Any = level.get("score")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        return None
    return int(value) if 1 <= value <= 10 else None


def default_scale() -> Json:
    return {"id": "proficiency", "name": "Proficiency",
            "description": "A default five-level scale written by `cmap import case`: adjust the "
                           "names and meanings to your company.",
            "levels": [{"level": n, "name": name, "description": text}
                       for n, (name, text) in enumerate(DEFAULT_LEVELS, 1)]}
