"""A topic's timeline: count, first and last date, one bar per month with articles, a table."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from archive.timeline import BAR_HEIGHT, MOST_LABELS, SHORTEST_BAR, timeline

BAR = re.compile(r"M([\d.]+) (\d+)V(\d+)")  # a bar: the middle of its slot, the baseline, its top


def dated(*days: str, offset: int = 0) -> list[SimpleNamespace]:
    zone = timezone(timedelta(hours=offset))
    return [SimpleNamespace(date=datetime.fromisoformat(day).replace(tzinfo=zone)) for day in days]


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


def test_the_bars_are_one_path_standing_on_the_axis_each_in_its_months_slot():
    """Two years are 24 slots: March of the first year is slot 2, December of the second slot 23."""
    line = timeline(dated("2024-03-12", "2025-12-03", "2025-12-04"))
    drawn = [(float(x), int(base), int(top)) for x, base, top in BAR.findall(line.bars_path)]
    assert len(drawn) == 2 and line.slots == 24
    assert [x for x, _, _ in drawn] == [2.5, 23.5]  # the middle of the slot
    assert all(base == line.baseline for _, base, _ in drawn)  # from the axis up
    assert [base - top for _, base, top in drawn] == [round(BAR_HEIGHT / 2), BAR_HEIGHT]
    assert line.axis_path == f"M0 {BAR_HEIGHT}H24M0 {BAR_HEIGHT}v6M12 {BAR_HEIGHT}v6"
    assert [(mark.year, mark.x) for mark in line.marks] == [(2024, "0%"), (2025, "50%")]


def test_the_table_has_a_row_per_year_and_a_count_per_month():
    line = timeline(dated("2024-03-12", "2025-12-03", "2025-12-04"))
    assert line.rows == ((2024, (0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0)), (2025, (0,) * 11 + (2,)))


def test_a_topic_of_one_month_is_one_narrow_bar_among_twelve():
    line = timeline(dated("2025-06-18"))
    assert line.slots == 12 and len(BAR.findall(line.bars_path)) == 1
    assert line.bars[0].slot == 5 and line.bars[0].height == BAR_HEIGHT


def test_a_month_among_hundreds_still_shows():
    line = timeline(dated(*["2025-01-05"] * 400, "2025-02-01"))
    assert line.bars[1].height == SHORTEST_BAR


def test_a_long_span_labels_at_most_a_few_years():
    line = timeline(dated("2001-01-01", "2026-12-31"))
    assert len(line.marks) == len(line.rows) == 26
    labelled = [mark.year for mark in line.marks if mark.labelled]
    assert 1 < len(labelled) <= MOST_LABELS and labelled[0] == 2001
    assert line.axis_path.count("v6") == 26  # but every year has its tick


def test_seven_full_years_stay_small():
    """A topic with articles in every month of seven years (10,000 articles): the bars are a few
    KB of the listing page's budget."""
    days = [f"{year}-{month:02d}-15" for year in range(2020, 2027) for month in range(1, 13)]
    line = timeline(dated(*days * 3))
    assert len(line.bars) == 84 and len(line.bars_path) + len(line.axis_path) < 1500


def test_months_are_counted_as_the_month_archives_count_them():
    """By the article's own date, as Pelican's archives/<year>/<month>/ pages group."""
    [bar] = timeline(dated("2025-03-31T23:30", offset=-10)).bars
    assert (bar.year, bar.month) == (2025, 3)
