"""A topic's timeline: count, first and last date, and one bar per month with articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

from archive.timeline import BAR_HEIGHT, MOST_LABELS, SHORTEST_BAR, timeline
from archive.ui import format_date


def dated(*days: str, offset: int = 0) -> list[SimpleNamespace]:
    zone = timezone(timedelta(hours=offset))
    return [SimpleNamespace(date=datetime.fromisoformat(day).replace(tzinfo=zone)) for day in days]


def percent(length: str) -> float:
    return float(length.removesuffix("%"))


def test_no_articles_no_timeline():
    assert timeline([]) is None


def test_count_first_and_last_date_whatever_the_order():
    line = timeline(dated("2025-06-18", "2024-03-12", "2026-01-14", "2025-06-01"))
    assert line.count == 4
    assert (line.first.date().isoformat(), line.last.date().isoformat()) == ("2024-03-12", "2026-01-14")


def test_one_bar_per_month_with_articles_in_time_order_the_busiest_tallest():
    line = timeline(dated("2025-06-18", "2025-06-01", "2025-06-30", "2024-03-12", "2025-12-03"))
    months = [(bar.year, bar.month, bar.count) for bar in line.bars]
    assert months == [(2024, 3, 1), (2025, 6, 3), (2025, 12, 1)]
    assert [bar.height for bar in line.bars] == [round(BAR_HEIGHT / 3), BAR_HEIGHT, round(BAR_HEIGHT / 3)]
    assert all(bar.y + bar.height == line.baseline for bar in line.bars)  # standing on the axis
    xs = [percent(bar.x) for bar in line.bars]
    assert xs == sorted(xs)


def test_the_axis_runs_from_january_of_the_first_year_to_december_of_the_last():
    """Two years are 24 slots: March of the first year starts in slot 2, December of the last
    ends at the right edge."""
    line = timeline(dated("2024-03-12", "2025-12-03"))
    first, last = line.bars
    slot = 100 / 24
    assert abs(percent(first.x) - 2.1 * slot) < 0.01
    assert abs(percent(last.x) + percent(last.width) - 23.9 * slot) < 0.01
    assert [(mark.year, percent(mark.x)) for mark in line.marks] == [(2024, 0), (2025, 50)]


def test_a_topic_of_one_month_is_one_narrow_bar_among_twelve():
    [bar] = timeline(dated("2025-06-18")).bars
    assert percent(bar.width) < 100 / 12
    assert bar.height == BAR_HEIGHT


def test_a_month_among_hundreds_still_shows():
    line = timeline(dated(*["2025-01-05"] * 400, "2025-02-01"))
    assert line.bars[1].height == SHORTEST_BAR


def test_a_long_span_labels_at_most_a_few_years_but_ticks_every_one():
    line = timeline(dated("2001-01-01", "2026-12-31"))
    assert len(line.marks) == 26
    labelled = [mark.year for mark in line.marks if mark.labelled]
    assert 1 < len(labelled) <= MOST_LABELS and labelled[0] == 2001


def test_months_are_counted_as_the_month_archives_count_them():
    """By the article's own date (as Pelican's archives/<year>/<month>/ pages group), and a bar's
    label date falls in that month in any timezone the site shows dates in."""
    line = timeline(dated("2025-03-31T23:30", offset=-10))
    [bar] = line.bars
    assert (bar.year, bar.month) == (2025, 3)
    strings = {"months": [f"M{n}" for n in range(1, 13)]}
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"):
        assert format_date(bar.date, "{month_name} {year}", strings, zone) == "M3 2025"
    assert bar.date.tzinfo == UTC
