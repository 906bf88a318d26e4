"""The day cmap works for (generator/build_day.py): today, or `CMAP_TODAY`."""

from __future__ import annotations

from datetime import date

import pytest

from generator.build_day import build_day
from generator.problems import CmapError


def test_without_cmap_today_it_is_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CMAP_TODAY", raising=False)
    assert build_day() == date.today()


def test_cmap_today_names_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMAP_TODAY", "2026-12-15")
    assert build_day() == date(2026, 12, 15)


@pytest.mark.parametrize("text", ["15.12.2026", "2026-02-30", "tomorrow"])
def test_a_cmap_today_that_is_no_day_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv("CMAP_TODAY", text)
    with pytest.raises(CmapError, match=f"CMAP_TODAY={text} is not a day: write it as YYYY-MM-DD"):
        build_day()
