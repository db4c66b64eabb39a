"""Summary tables: times as the engine reads them, number formatting and HTML."""

from __future__ import annotations

import html
import math
import numbers
import shutil
from typing import Any, Iterable, Sequence

import pandas as pd

from . import _checks, _core

CATEGORY = "arterial_category"


def _days(value: Any) -> float:
    """One time: a number of days or text such as '1y', '6mo', '30 days'."""
    if isinstance(value, str):
        parsed = _core.parse_times(value)
        if len(parsed) != 1:
            raise _checks.input_error("at", f"expected one time per entry, got '{value}'")
        return parsed[0]
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if not (math.isfinite(value) and value >= 0):
            raise _checks.input_error("at", f"expected days from 0 (a finite number) or text such as '1y', "
                                            f"got {value!r}")
        return float(value)
    raise TypeError(f"at: expected days (a number) or text such as '1y', not {value!r}")


def within_run(days: float, end_days: float) -> float:
    """`days`, refused when after the end of a run of `end_days` days: reading such a time
    would silently show the end instead (``calcsim run --at`` refuses it the same way)."""
    if days > end_days * (1.0 + 1e-12):
        raise _checks.input_error("at", f"time {_core.format_duration(days)} is after the end of the run "
                                        f"({_core.format_duration(end_days)}): times must lie within the run "
                                        f"(years= runs longer)")
    return days


def summary_times(at: Any, end_days: float) -> list[float]:
    """The times to ask the engine for, days: `at` is None (start, 1 y, 5 y and the end),
    text such as '1y,5y,10y', or a list of days or texts, each within the run of
    `end_days` days. The engine reads them at midnight of their day and drops repeats
    (``_core.summary_values`` reports where each is read)."""
    if at is None:
        requested = list(_core.default_summary_times(end_days))
    elif isinstance(at, str):
        requested = list(_core.parse_times(at))
    elif isinstance(at, Iterable):
        requested = sorted(_days(t) for t in at)
    else:
        requested = [_days(at)]
    if not requested:
        raise _checks.input_error("at", "expected at least one time, such as '1y'")
    return [within_run(t, end_days) for t in requested]


class SummaryTable(pd.DataFrame):
    """A summary as a DataFrame that prints in full in a plain Python shell.

    pandas fits a wide frame to the terminal by hiding middle columns behind
    '...', which hid the arms of a comparison. This prints every column,
    wrapped to the terminal's width; notebooks show the HTML table as usual.
    """

    @property
    def _constructor(self):
        return SummaryTable

    def __repr__(self) -> str:
        width = shutil.get_terminal_size().columns
        return self.to_string(line_width=max(width, 40), max_cols=self.shape[1] + 1,
                              max_rows=pd.get_option("display.max_rows") or None)


def time_label(days: float) -> str:
    """'start' for day 0, else the engine's compact duration ('1y', '6mo', '30d')."""
    return "start" if days == 0 else _core.format_duration(days)


def fmt(quantity: str, value: float, signed: bool = False) -> str:
    """A summary cell as the command line prints it (the engine's rule: the quantity's decimals,
    never '-0.00'; signed for a change or difference)."""
    return _core.summary_cell(quantity, float(value), signed)


def html_block(title: str, lines: Sequence[str], table: pd.DataFrame) -> str:
    """A title, a few lines of text and a table of strings as notebook HTML."""
    head = f"<p><b>{html.escape(title)}</b>"
    for line in lines:
        head += "<br>" + html.escape(line)
    head += "</p>"
    body = table.to_html(escape=True, border=0, classes="calcsim-summary", na_rep="")
    note = f"<p><i>{html.escape(_core.disclaimer)}</i></p>"
    return f"<div>{head}{body}{note}</div>"
