"""Scales and behavioural indicators from a CASE package (see `mapping.py`).

A competency's levels come from the first of:

1. the rubric criterion linked to its item (`CFItemURI`), as `cmap export case` writes
   them: a rubric per scale, whose criterion without an item holds the scale's levels,
   each criterion level an indicator per line, numbered by `score` (or by position);
2. its ladder (`ladders.py`): level items linked by `hasSkillLevel`, or the level nodes of
   a progression framework. Ladders with the same level names share one scale, named and
   numbered as the framework names them ("Level 1" is level 1, "Stage III" level 3, words
   such as "Beginner" in the framework's order); each step's text is that level's indicators;
3. neither: the package states no levels for it. Its statement becomes the one indicator of
   the fallback scale's middle level, and a warning (I670) lists these competencies: people
   describe their levels before using them in role profiles.

The fallback scale is `--scale`, else the only scale (or `proficiency`) of the package and
the map, else a default five-level scale that is written for the purpose.
"""

from __future__ import annotations

from typing import Any

from generator.exchange.case.draft import Draft
from generator.exchange.case.exporter import Json
from generator.exchange.case.findings import Findings
from generator.exchange.case.ladders import Step, numbered
from generator.exchange.case.names import cut_at_word, one_line
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
from generator.problems import CmapError, clip, did_you_mean

DEFAULT_LEVELS = (
    ("Awareness", "Knows what the competency is and why it matters; works with guidance."),
    ("Developing", "Handles routine situations with occasional help."),
    ("Proficient", "Works independently in the normal range of situations of the job."),
    ("Advanced", "Handles complex situations, improves the way of working and coaches others."),
    ("Expert", "Is a reference across the company and sets its standard."),
)
MAX_LEVELS = 10
INDICATOR_LIMIT, INDICATORS_PER_LEVEL = 500, 20
Numbered = list[tuple[int, Json]]


class Levels:
    def __init__(self, package: Json, items: dict[str, Json], draft: Draft, findings: Findings,
                 target_scales: dict[str, int], choice: str | None) -> None:
        self.items, self.draft, self.findings = items, draft, findings
        self.target_scales, self.choice = target_scales, choice
        self.title = flat(text_of(package["CFDocument"].get("title")), 100) or "Imported framework"
        self.linked: dict[str, tuple[str, Numbered]] = {}
        self.fallback = ""
        self.plain: list[str] = []
        # Scale ids per number of levels, all from one set: the map's scale of the same id
        # with other levels is another scale, so that id is refused for this number only.
        self.scale_ids: dict[int, Ids] = {}
        self.taken: set[str] = set()
        #: levels per scale id, the map's and the package's (read for every competency)
        self.size_of = dict(target_scales)
        #: the scale made for each sequence of level names (casefolded)
        self.ladder_scales: dict[tuple[str, ...], str] = {}
        for rubric in records(package.get("CFRubrics")):
            self.rubric(rubric)

    def rubric(self, rubric: Json) -> None:
        at = link_id(rubric) or "CFRubrics"
        fit = self.findings.fit
        title = fit(one_line(text_of(rubric.get("title"))), 120, "The rubric's title", at) or "Scale"
        criteria = records(rubric.get("CFRubricCriteria"))
        general = [c for c in criteria if not link_id(c.get("CFItemURI"))][:1]
        linked = [c for c in criteria if link_id(c.get("CFItemURI")) in self.items]
        levels = [lv for c in criteria for lv in records(c.get("CFRubricCriterionLevels"))]
        by_score = bool(levels) and all(_score(lv) is not None for lv in levels)
        scale_levels: dict[int, Json] = {}
        for criterion in general or linked:
            for number, level in _criterion_levels(criterion, by_score):
                if number in scale_levels:
                    continue
                name = fit(one_line(text_of(level.get("quality"))), 60,
                           f"The name of level {number} of the rubric `{title}`", at) or f"Level {number}"
                meaning = fit(one_line(text_of(level.get("description"))), 2000,
                              f"The meaning of level {number} of the rubric `{title}`", at) if general else ""
                scale_levels[number] = {"level": number, "name": name, "description": meaning or name}
        numbers = sorted(scale_levels)
        if numbers != list(range(1, len(numbers) + 1)) or not 2 <= len(numbers) <= MAX_LEVELS:
            self.findings.warn("I671", f"The rubric `{title}` has no usable scale (2 to 10 levels "
                               "numbered 1, 2, 3 …), so its levels were not imported.",
                               "Its competencies get the fallback scale; describe their levels by "
                               "hand, or fix the rubric at its source and import again.", at)
            return
        written = cmap_extension(rubric).get("scale")
        base = str(written) if good_id(written) else slug(title) or "scale"
        scale_id = self.new_scale_id(base, len(numbers))
        if scale_id != base and base in self.target_scales:
            self.findings.warn(
                "I672", f"The map's scale `{base}` has {self.target_scales[base]} levels, the "
                f"package's has {len(numbers)}: the package's was imported as `{scale_id}`, with "
                "the competencies described on it.", "Keep both, or move the competencies to "
                "one scale and rewrite their levels.", at)
        description = self.findings.fit(text_of(rubric.get("description")), 2000,
                                        f"The description of the rubric `{title}`", at)
        self.draft.scales[scale_id] = {"id": scale_id, "name": title, **(
            {"description": description} if description else {}),
            "levels": [scale_levels[n] for n in numbers]}
        for criterion in linked:
            self.linked.setdefault(link_id(criterion["CFItemURI"]),
                                   (scale_id, _criterion_levels(criterion, by_score)))
        if len(criteria) > len(general) + len(linked):
            self.findings.warn("I669", f"{len(criteria) - len(general) - len(linked)} criteria of the "
                               f"rubric `{title}` are about no imported item; they were left out.",
                               "They stay in the framework; describe those levels by hand if the "
                               "company needs them.", at)

    def new_scale_id(self, base: str, size: int) -> str:
        if size not in self.scale_ids:
            self.scale_ids[size] = Ids(self.taken, lambda s: self.target_scales.get(s, size) != size)
        scale_id = self.scale_ids[size].new(base)
        self.size_of[scale_id] = size
        return scale_id

    def of(self, identifier: str, name: str, statement: str,
           ladder: list[Step]) -> tuple[str, dict[int, list[str]]]:
        """The scale and the indicators per level of the competency `name` made from an item."""
        if identifier in self.linked:
            scale_id, levels = self.linked[identifier]
            texts: list[tuple[int, tuple[str, ...]]] = [
                (n, (text_of(level.get("description")),)) for n, level in levels]
            described = self.described(texts, self.size_of[scale_id], name, identifier)
            if described:
                return scale_id, described
        if ladder:
            scale_id, steps = self.ladder_scale(numbered(ladder), name, identifier)
            described = self.described([(n, step.texts) for n, step in steps],
                                       self.size_of[scale_id], name, identifier)
            if described:
                return scale_id, described
        scale_id, size = self.fallback_scale()
        self.plain.append(identifier)
        return scale_id, {size // 2 + 1: [self.findings.fit(
            " ".join(statement.split()), INDICATOR_LIMIT, f"The statement of `{clip(name)}`, made "
            "its indicator,", identifier)]}

    def ladder_scale(self, steps: list[tuple[int, Step]], name: str,
                     at: str) -> tuple[str, list[tuple[int, Step]]]:
        """The scale of a ladder's level names (made the first time they are seen)."""
        if steps[-1][0] > MAX_LEVELS:
            self.findings.warn("I669", f"`{clip(name)}` has {steps[-1][0]} levels; the map's "
                               f"scales have at most {MAX_LEVELS}, so the levels above were left out.",
                               "Merge levels in the framework, or describe them by hand.", at)
            steps = [(n, s) for n, s in steps if n <= MAX_LEVELS]
        named = {n: s.label for n, s in steps}
        size = max(2, steps[-1][0])
        names = [self.findings.fit(named[n], 60, f"The name of level {n} of `{clip(name)}`", at)
                 if n in named else f"Level {n}" for n in range(1, size + 1)]
        key = tuple(n.casefold() for n in names)
        if key not in self.ladder_scales:
            scale_id = self.new_scale_id(f"{slug(self.title, 57)}-levels".lstrip("-"), size)
            self.ladder_scales[key] = scale_id
            self.draft.scales[scale_id] = {
                "id": scale_id, "name": cut_at_word(f"{self.title}: {names[0]} – {names[-1]}", 120),
                "description": cut_at_word(f"The levels of “{self.title}”, as the framework names "
                                           "them (imported from its CASE package).", 2000),
                "levels": [{"level": n, "name": level_name, "description": level_name
                            if n in named else "Not described by the framework."}
                           for n, level_name in enumerate(names, 1)]}
        return self.ladder_scales[key], steps

    def described(self, levels: list[tuple[int, tuple[str, ...]]], size: int, name: str,
                  at: str) -> dict[int, list[str]]:
        described: dict[int, list[str]] = {}
        for number, texts in levels:
            lines = [line.strip() for text in texts for line in text.split("\n") if line.strip()]
            if number > size:
                self.findings.warn("I669", f"Level {number} of `{clip(name)}` is beyond its "
                                   f"scale's {size} levels; it was left out.",
                                   "Describe it by hand on a scale that has that level.", at)
            elif lines and number not in described:
                if len(lines) > INDICATORS_PER_LEVEL:
                    self.findings.warn(
                        "I669", f"Level {number} of `{clip(name)}` states {len(lines)} indicators; "
                        f"the map keeps {INDICATORS_PER_LEVEL} per level, so those after the "
                        f"{INDICATORS_PER_LEVEL}th were left out.",
                        "Merge indicators, or move the ones that matter into the first 20.", at)
                described[number] = [
                    self.findings.fit(" ".join(line.split()), INDICATOR_LIMIT,
                                      f"An indicator of level {number} of `{clip(name)}`", at)
                    for line in lines[:INDICATORS_PER_LEVEL]]
        return described

    def fallback_scale(self) -> tuple[str, int]:
        if not self.fallback:
            sizes = self.size_of
            if self.choice:
                if self.choice not in sizes:
                    raise CmapError(f"there is no scale `{clip(self.choice)}` in the package or in "
                                    f"{entity_folder('scale')}/.{did_you_mean(self.choice, sizes)}")
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
                self.findings.warn("I673", "Neither the package nor the map has a proficiency "
                                   "scale, so a default five-level scale `proficiency` was written.",
                                   "Adjust its level names and meanings to the company.")
        return self.fallback, self.size_of[self.fallback]

    def finish(self, ids: dict[str, str]) -> None:
        """Say which competencies got no levels from the package (`ids`: item → competency)."""
        if self.plain:
            size = self.size_of[self.fallback]
            count = len(self.plain)
            self.findings.warn(
                "I670", f"{count} competenc{'y has' if count == 1 else 'ies have'} no levels in "
                f"the package (no rubric, no `hasSkillLevel` items, no level nodes), so each "
                f"statement was assumed to describe level {size // 2 + 1} of `{self.fallback}` and "
                "became its one indicator: " + listing([ids[i] for i in self.plain]) + ".",
                "Describe what people do at each level before using these competencies in "
                "role profiles.", self.plain[0])


def _criterion_levels(criterion: Json, by_score: bool) -> Numbered:
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
    return int(value) if 1 <= value <= MAX_LEVELS else None


def default_scale() -> Json:
    return {"id": "proficiency", "name": "Proficiency",
            "description": "A default five-level scale written by `cmap import case`: adjust the "
                           "names and meanings to your company.",
            "levels": [{"level": n, "name": name, "description": text}
                       for n, (name, text) in enumerate(DEFAULT_LEVELS, 1)]}
