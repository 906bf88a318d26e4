"""What a page looks like on a phone, measured in the browser: words broken in the middle,
tables that do not scroll in a labelled region, boxes that scroll up and down inside the
page, and chart text too small to read. Used by the browser tour (tests/site/test_browser.py).
"""

from __future__ import annotations

from typing import Any

#: The checks `phone_layout` runs, by name: what each reports.
CHECKS = ("broken_words", "unlabelled_tables", "nested_scroll", "small_chart_text")
#: The smallest chart text a phone shows, in CSS pixels.
MIN_CHART_TEXT_PX = 11

PHONE_LAYOUT_JS = """minChartPx => {
  const content = document.querySelector('.md-content');
  const name = el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const found = {broken_words: [], unlabelled_tables: [], nested_scroll: [], small_chart_text: []};

  // A word (a run of Latin letters: Chinese may break between any two characters) whose
  // letters land on two lines. Code is left out: a long token there may wrap on purpose.
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {acceptNode: node =>
    node.parentElement.closest('code, pre, kbd, script, style, svg, .cmap-sr')
      || !shown(node.parentElement) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[A-Za-z\\u00C0-\\u024F]{4,24}/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      // Lines run down the page in vertical text (the heatmaps' column headers).
      const vertical = getComputedStyle(node.parentElement).writingMode.startsWith('vertical');
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0 && r.height > 0)
        .map(r => Math.round(vertical ? r.left : r.top)));
      if (lines.size > 1) found.broken_words.push(`${match[0]} in ${name(node.parentElement)}`);
    }
  }

  // A table scrolls sideways inside a region a screen reader names and a keyboard reaches.
  for (const table of content.querySelectorAll('table')) {
    const region = table.parentElement;
    const ok = region.getAttribute('role') === 'region' && region.getAttribute('aria-label')
      && region.getAttribute('tabindex') === '0'
      && ['auto', 'scroll'].includes(getComputedStyle(region).overflowX);
    if (!ok) found.unlabelled_tables.push(`${name(table)} in ${name(region)}`);
  }

  // The page scrolls up and down; nothing inside it does (a trap for the thumb).
  for (const el of content.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (['auto', 'scroll'].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 2) {
      found.nested_scroll.push(`${name(el)} (${el.scrollHeight} > ${el.clientHeight} px)`);
    }
  }

  // SVG text scales with its drawing: its size on screen is its font size times the scale.
  for (const text of content.querySelectorAll('svg text')) {
    const px = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
    if (px < minChartPx - 0.05) found.small_chart_text.push(
      `"${text.textContent.trim()}" at ${px.toFixed(1)} px`);
  }
  for (const key in found) found[key] = found[key].slice(0, 5);
  return found;
}"""


def phone_layout(page: Any) -> dict[str, list[str]]:
    """What each of `CHECKS` finds on the page as it is laid out now (at most five each)."""
    found: dict[str, list[str]] = page.evaluate(PHONE_LAYOUT_JS, MIN_CHART_TEXT_PX)
    return found
