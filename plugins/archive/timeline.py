"""A topic through time: how many articles, from when to when, and how many in each month.

A topic page opens with these (theme/templates/tag.html): the count and the first and last dates
as text, a bar chart of articles per month, and the same figures as a table for screen readers.
The chart is inline SVG drawn when the site is built: no script, and its bars and labels are
`currentColor`, so the stylesheet colours them in the light and the dark scheme alike.

The chart has no viewBox: its width is the page's, and each bar's `x` and `width` are percentages
of it, while heights and the year labels are in pixels. So the bars stretch with the column and
the labels keep their size (a scaled SVG would shrink its text to nothing on a phone).

Months are counted as Pelican's month archives count them (`article.date`'s year and month), so a
bar and the archive page of its month agree.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

BAR_HEIGHT = 64  # pixels of the month with the most articles
SHORTEST_BAR = 2  # pixels: a month with one article among hundreds still shows
MOST_LABELS = 8  # year labels under the axis; longer spans label every other year (or fewer)
BAR_SHARE = 0.8  # of a month's slot; the rest is the gap between bars


@dataclass(frozen=True)
class Bar:
    """One month with articles: its count, and where the chart draws it."""

    year: int
    month: int
    count: int
    x: str  # percent of the chart's width, as an SVG length
    width: str
    height: int  # pixels
    y: int

    @property
    def date(self) -> datetime:
        """A moment inside the month, in every timezone, for the `ui_date('month')` filter."""
        return datetime(self.year, self.month, 15, 12, tzinfo=UTC)


@dataclass(frozen=True)
class YearMark:
    """Where a year starts on the axis (a tick), and whether it is labelled."""

    year: int
    x: str
    labelled: bool


@dataclass(frozen=True)
class Timeline:
    count: int
    first: datetime
    last: datetime
    bars: tuple[Bar, ...]  # newest last, one per month with articles
    marks: tuple[YearMark, ...]
    baseline: int = BAR_HEIGHT
    height: int = BAR_HEIGHT + 22  # room for the year labels under the axis

    @property
    def first_month(self) -> Bar:
        return self.bars[0]

    @property
    def last_month(self) -> Bar:
        return self.bars[-1]


def _percent(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "%"


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
    slot = 100 / (12 * years)
    most = max(months.values())
    bars = []
    for (year, month), count in sorted(months.items()):
        height = max(SHORTEST_BAR, round(BAR_HEIGHT * count / most))
        index = (year - first_year) * 12 + month - 1
        bars.append(Bar(year, month, count, _percent((index + (1 - BAR_SHARE) / 2) * slot),
                        _percent(BAR_SHARE * slot), height, BAR_HEIGHT - height))
    step = math.ceil(years / MOST_LABELS)
    marks = tuple(YearMark(first_year + n, _percent(n * 12 * slot), n % step == 0) for n in range(years))
    dates = [a.date for a in articles]
    return Timeline(len(articles), min(dates), max(dates), tuple(bars), marks)
