"""A topic through time: how many articles, from when to when, and how many in each month.

A topic page opens with these (theme/templates/tag.html): the count and the first and last dates
as text, a bar chart of articles per month, and the same figures as a table (a row per year, a
column per month) for screen readers. The chart is inline SVG drawn when the site is built: no
script, and its bars and labels take their colours from the stylesheet (`currentColor`), so it
reads in the light and the dark scheme alike.

Weight matters: the chart sits on a listing page that must stay within the page budget with 20
articles under it, and a topic of 10,000 articles spans every month of seven years. So the bars
are one SVG path (about 10 bytes a month) in an inner SVG whose viewBox is a month wide per bar
and is stretched to the page's width (`preserveAspectRatio="none"`); the year labels sit outside
it, placed in percent, so they keep their size on a phone. Heights are pixels.

Months are counted as Pelican's month archives count them (`article.date`'s year and month), so a
bar and the archive page of its month agree.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

BAR_HEIGHT = 64  # pixels of the month with the most articles
SHORTEST_BAR = 2  # pixels: a month with one article among hundreds still shows
TICK = 6  # pixels of a year's tick under the axis
LABELS = 16  # pixels under the ticks for the year labels
MOST_LABELS = 8  # year labels under the axis; longer spans label every other year (or fewer)
BAR_SHARE = 0.8  # of a month's slot; the rest is the gap between bars (archive.css: .chart .bars)


@dataclass(frozen=True)
class Bar:
    """One month with articles: its count, its slot on the axis (months since the first January)
    and its height in pixels."""

    year: int
    month: int
    count: int
    slot: int
    height: int


@dataclass(frozen=True)
class YearMark:
    """Where a year starts on the axis, in percent of the width, and whether it is labelled."""

    year: int
    x: str
    labelled: bool


@dataclass(frozen=True)
class Timeline:
    count: int
    first: datetime
    last: datetime
    bars: tuple[Bar, ...]  # in time order, one per month with articles
    marks: tuple[YearMark, ...]
    rows: tuple[tuple[int, tuple[int, ...]], ...]  # (year, its 12 monthly counts), oldest first

    baseline = BAR_HEIGHT
    plot_height = BAR_HEIGHT + TICK
    height = BAR_HEIGHT + TICK + LABELS

    @property
    def slots(self) -> int:
        """Months on the axis: January of the first year to December of the last."""
        return 12 * len(self.rows)

    @property
    def bars_path(self) -> str:
        """Every bar as one SVG path in the inner viewBox's units (a month wide, pixels high): a
        vertical line up the middle of its month's slot, drawn BAR_SHARE of a month wide by the
        stylesheet's stroke-width (10 bytes a bar; a filled rectangle took twice that)."""
        return "".join(f"M{bar.slot + 0.5:g} {BAR_HEIGHT}V{BAR_HEIGHT - bar.height}" for bar in self.bars)

    @property
    def axis_path(self) -> str:
        """The baseline and a tick where each year starts."""
        ticks = "".join(f"M{12 * n} {BAR_HEIGHT}v{TICK}" for n in range(len(self.rows)))
        return f"M0 {BAR_HEIGHT}H{self.slots}{ticks}"


def _percent(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def timeline(articles) -> Timeline | None:
    """The timeline of a list of articles (any order), or None for an empty list.

    The axis runs from January of the first year to December of the last, so years start at the
    same place on every topic's chart of the same span, and a topic of one month is one bar among
    twelve, not a block across the page.
    """
    articles = list(articles)
    if not articles:
        return None
    months = Counter((a.date.year, a.date.month) for a in articles)
    first_year = min(year for year, _ in months)
    years = max(year for year, _ in months) - first_year + 1
    most = max(months.values())
    bars = tuple(
        Bar(year, month, count, (year - first_year) * 12 + month - 1,
            max(SHORTEST_BAR, round(BAR_HEIGHT * count / most)))
        for (year, month), count in sorted(months.items()))
    step = math.ceil(years / MOST_LABELS)
    marks = tuple(YearMark(first_year + n, _percent(100 * n / years), n % step == 0) for n in range(years))
    rows = tuple((year, tuple(months.get((year, month), 0) for month in range(1, 13)))
                 for year in range(first_year, first_year + years))
    dates = [a.date for a in articles]
    return Timeline(len(articles), min(dates), max(dates), bars, marks, rows)
