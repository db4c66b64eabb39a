"""Plots of calcsim results with matplotlib. Every function returns the Figure.

- :func:`trajectories`: outputs over time, one panel each, units on the axes;
- :func:`comparison`: the arms of a Comparison overlaid (or their differences);
- :func:`intervals`: a Comparison run with ``uncertainty=N``: each arm's (or
  difference's) point estimate with its 90% posterior band; :func:`bands`
  shades those bands onto panels already drawn (the explorer's toggle);
- :func:`calcium_balance`: where the calcium eaten goes, stacked bars or areas;
- :func:`arterial_score`: the Agatston-equivalent score with its category bands;
- :func:`dose_response`: an output against a varied dose or parameter, from a DataFrame.

Pass ``ax=`` (or ``axes=``) to draw into existing axes. Time runs in days for
runs up to two years and in years beyond (``time_unit='day'|'week'|'year'``).

Axes are labelled with the outputs' readable names and units ("Plasma calcium
[mmol/L]"), and a y-axis never spans less than the output's
:data:`RESOLUTION`: a change smaller than that (a 0.004 mmol/L wiggle in plasma
calcium, say) stays a flat line instead of filling the panel.
"""

from __future__ import annotations

import textwrap
from typing import Any, Iterable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import _core
from ._labels import DAYS_PER_YEAR, label, name_of, split_label
from ._result import Result, outputs
from ._comparison import Comparison

#: The outputs :func:`trajectories` shows by default.
DEFAULT_QUANTITIES = ("dp_ucmgp", "ucoc_fraction", "mk7_plasma", "plasma_ca", "bmd_change", "arterial_score",
                      "cfpwv", "systolic_bp")

#: Arterial score categories (lower bound in AU, label), as the engine's cac_category draws them.
CATEGORY_BANDS = ((0.0, "0"), (1.0, "1-99"), (100.0, "100-399"), (400.0, "400+"))
_BAND_COLOURS = ("#e8f5e9", "#fff8e1", "#ffe0b2", "#ffcdd2")

# Calcium balance terms (mg/day), in stacking order, with display names.
BALANCE_TERMS = (
    ("faecal_ca", "faeces"),
    ("urinary_ca", "urine"),
    ("dialysis_ca", "dialysis"),
    ("net_to_bone", "net to bone"),
    ("net_to_artery", "net to arteries"),
)
_TIME_UNITS = {"day": 1.0, "week": 7.0, "month": DAYS_PER_YEAR / 12.0, "year": DAYS_PER_YEAR}

#: The smallest span a y-axis shows for an output, in its unit ({output: span}):
#: about the smallest change that matters to a reader (a laboratory's reporting
#: step, a change a trial would notice). From the engine, which the HTML report
#: shares; outputs not listed get 1% of their largest magnitude (1 when zero).
RESOLUTION = dict(_core.display_resolutions())


# --- helpers -------------------------------------------------------------------

def _frames(data: Any) -> tuple[dict[str, pd.DataFrame], Result | None]:
    """{arm name: DataFrame} and one Result (for labels) from what the functions accept."""
    if isinstance(data, Result):
        return {data.arm: data.df}, data
    if isinstance(data, Comparison):
        arms = data.arms
        return {n: r.df for n, r in arms.items()}, next(iter(arms.values()))
    if isinstance(data, pd.DataFrame):
        return {"": data}, None
    if isinstance(data, Mapping):
        frames, first = {}, None
        for name, value in data.items():
            if isinstance(value, Result):
                frames[str(name)] = value.df
                first = first or value
            elif isinstance(value, pd.DataFrame):
                frames[str(name)] = value
            else:
                raise TypeError(f"'{name}': expected a calcsim.Result or a DataFrame")
        return frames, first
    raise TypeError("expected a calcsim.Result, a calcsim.Comparison, a DataFrame indexed by 'time [day]', "
                    f"or a dict of them; got {type(data).__name__}")


def _column(frame: pd.DataFrame, quantity: str) -> str:
    """The column label of `quantity` (a name such as 'dp_ucmgp' or a full label)."""
    if quantity in frame.columns:
        return quantity
    matches = [c for c in frame.columns if name_of(c) == quantity]
    if not matches:
        raise KeyError(f"no column '{quantity}'; the columns are: {', '.join(map(str, frame.columns))}")
    return matches[0]


_descriptions: dict[str, str] = {}


def _description(quantity: str) -> str:
    """The engine's description of an output ('' for a column that is not an output)."""
    if not _descriptions:
        table = outputs()
        _descriptions.update(zip(table.index, table["description"]))
    return _descriptions.get(name_of(quantity), "")


def readable_name(quantity: str) -> str:
    """An output's short readable name: the summary table's ('Plasma calcium', 'dp-ucMGP
    (inactive MGP)') where it has one, else the engine's description; else the name itself."""
    name = name_of(quantity)
    return _core.summary_label(name) or _description(name) or name


def _time_unit(unit: str, span_days: float) -> str:
    if unit == "auto":
        unit = "year" if span_days > 2 * DAYS_PER_YEAR else "day"
    if unit not in _TIME_UNITS:
        raise ValueError(f"time_unit must be 'auto', {', '.join(repr(u) for u in _TIME_UNITS)}; got {unit!r}")
    return unit


def _time(index: Any, unit: str, span_days: float) -> tuple[np.ndarray, str]:
    """Times in days converted to `unit` ('auto': years beyond two years) and the axis label."""
    unit = _time_unit(unit, span_days)
    return np.asarray(index, dtype=float) / _TIME_UNITS[unit], label("time", unit)


def _span(frames: Mapping[str, pd.DataFrame]) -> float:
    return max((float(f.index.max()) - float(f.index.min()) for f in frames.values() if len(f)), default=0.0)


def _grid(n: int, ncols: int, axes: Any, panel_size=(4.6, 3.0)):
    if axes is not None:
        flat = list(np.ravel(axes)) if not isinstance(axes, plt.Axes) else [axes]
        if len(flat) < n:
            raise ValueError(f"need {n} axes, got {len(flat)}")
        return flat[0].figure, flat[:n]
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows),
                             squeeze=False, constrained_layout=True)
    flat = list(grid.ravel())
    for extra in flat[n:]:
        extra.set_visible(False)
    return fig, flat[:n]


def axis_label(column: str) -> str:
    """An output's readable name with its unit, for an axis: 'Plasma calcium [mmol/L]';
    a plain number or fraction (unit '1') shows no unit."""
    name, unit = split_label(column)
    text = readable_name(name)
    return text if unit in (None, "1") else f"{text} [{unit}]"


def _resolve_span(ax: plt.Axes, quantity: str) -> None:
    """Widens the y-axis to at least the output's :data:`RESOLUTION`, around the data."""
    low, high = ax.dataLim.intervaly
    if not (np.isfinite(low) and np.isfinite(high)):
        return
    magnitude = max(abs(low), abs(high))
    need = _core.display_resolution(name_of(quantity), magnitude)
    if high - low >= need:
        return
    middle = 0.5 * (low + high)
    ax.set_ylim(middle - 0.5 * need, middle + 0.5 * need)


def _decorate(ax: plt.Axes, column: str, xlabel: str) -> None:
    """Title (the output's description), readable y label with unit, x label, grid, y resolution."""
    ax.set_title("\n".join(textwrap.wrap(_description(column) or readable_name(column), 38)), fontsize="medium")
    ax.set_ylabel("\n".join(textwrap.wrap(axis_label(column), 34)))
    ax.set_xlabel(xlabel)
    ax.grid(True, alpha=0.3)
    _resolve_span(ax, column)


# --- public functions ---------------------------------------------------------------

def trajectories(data: Any, quantities: str | Sequence[str] | None = None, *, time_unit: str = "auto",
                 ncols: int = 2, axes: Any = None, **line_kw: Any) -> plt.Figure:
    """Outputs over time, one panel per quantity, labelled 'name [unit]'.

    data: a Result, a Comparison (one line per arm), a DataFrame indexed by
        'time [day]' (such as ``Result.df``) or a dict of them.
    quantities: output names or labels (default :data:`DEFAULT_QUANTITIES`).
    Extra keywords go to ``Axes.plot``.
    """
    frames, _ = _frames(data)
    if quantities is None:
        quantities = list(DEFAULT_QUANTITIES)
    elif isinstance(quantities, str):
        quantities = [quantities]
    any_frame = next(iter(frames.values()))
    columns = [_column(any_frame, q) for q in quantities]
    fig, axs = _grid(len(columns), ncols, axes)
    span = _span(frames)
    for ax, column in zip(axs, columns):
        for name, frame in frames.items():
            t, xlabel = _time(frame.index, time_unit, span)
            ax.plot(t, frame[column].to_numpy(), label=name or None, **line_kw)
        _decorate(ax, column, xlabel)
        if len(frames) > 1:
            ax.legend(fontsize="small")
    return fig


def comparison(c: Comparison, quantities: str | Sequence[str] | None = None, *, difference: bool = False,
               time_unit: str = "auto", ncols: int = 2, axes: Any = None, **line_kw: Any) -> plt.Figure:
    """The arms of a Comparison overlaid, one panel per quantity (with vs without K2).

    With ``difference=True`` each panel shows every other arm minus the
    reference arm instead (zero line drawn).
    """
    if not isinstance(c, Comparison):
        raise TypeError(f"expected a calcsim.Comparison, got {type(c).__name__}")
    if not difference:
        fig = trajectories(c, quantities, time_unit=time_unit, ncols=ncols, axes=axes, **line_kw)
        fig.suptitle(f"{c.reference} vs " + ", ".join(c.names[1:]) if len(c) > 1 else c.reference)
        return fig
    diffs = {f"{arm} - {c.reference}": c.difference(arm) for arm in c.names[1:]}
    if not diffs:
        raise ValueError("difference=True needs at least two arms")
    fig = trajectories(diffs, quantities, time_unit=time_unit, ncols=ncols, axes=axes, **line_kw)
    for ax in fig.axes:
        if ax.get_visible():
            ax.axhline(0.0, color="grey", lw=0.8)
            ax.set_ylabel("difference in\n" + ax.get_ylabel())
    return fig


def intervals(c: Comparison, quantities: str | Sequence[str] | None = None, *, difference: bool = False,
              time_unit: str = "auto", ncols: int = 2, axes: Any = None) -> plt.Figure:
    """A Comparison from ``calcsim.compare(..., uncertainty=N)`` as bands: for each quantity, each
    arm's point estimate at the summary times (line) and its 90% interval over the posterior
    draws (shaded). With ``difference=True``, every other arm minus the reference instead. Ask
    ``compare`` for more times (``at=``) for a smoother band."""
    if not isinstance(c, Comparison):
        raise TypeError(f"expected a calcsim.Comparison, got {type(c).__name__}")
    table = c.intervals
    if table is None:
        raise ValueError("this Comparison has no intervals: run calcsim.compare(..., uncertainty=N)")
    kind = "difference" if difference else "value"
    table = table[table["kind"] == kind]
    if table.empty:
        raise ValueError("difference=True needs at least two arms")
    names = [quantities] if isinstance(quantities, str) else list(quantities or DEFAULT_QUANTITIES)
    span = float(table["time [day]"].max())
    fig, flat = _grid(len(names), ncols, axes)
    for ax, quantity in zip(flat, names):
        rows = table[table["quantity"] == quantity]
        if rows.empty:
            raise ValueError(f"no intervals for {quantity!r}; expected one of {sorted(set(table['quantity']))}")
        for k, (arm, g) in enumerate(rows.groupby("arm", sort=False)):
            x, xlabel = _time(g["time [day]"].to_numpy(), time_unit, span)
            colour = f"C{k}"
            name = f"{arm} - {c.reference}" if difference else arm
            ax.fill_between(x, g["p05"], g["p95"], color=colour, alpha=0.25, lw=0, label=f"{name}: 90% interval")
            ax.plot(x, g["point"], color=colour, marker="o", label=name)
        unit = rows["unit"].iloc[0]
        ax.set_xlabel(xlabel)
        ax.set_ylabel(("difference in\n" if difference else "") + f"{readable_name(quantity)} [{unit}]")
        if difference:
            ax.axhline(0.0, color="grey", lw=0.8)
        ax.legend(fontsize="small")
    fig.suptitle(f"{c.reference} vs " + ", ".join(c.names[1:]) + " with parameter uncertainty"
                 if len(c) > 1 else f"{c.reference} with parameter uncertainty")
    return fig


def bands(c: Comparison, quantities: str | Sequence[str], axes: Sequence[plt.Axes], *, time_unit: str = "auto",
          span_days: float | None = None) -> None:
    """Shades each arm's 90% interval over the posterior draws (a Comparison from
    ``calcsim.compare(..., uncertainty=N)``) onto `axes`, one per quantity, in the
    arms' colours of :func:`comparison`; `span_days` (default: the last interval
    time) picks the time unit as the panels did."""
    table = c.intervals
    if table is None:
        raise ValueError("this Comparison has no intervals: run calcsim.compare(..., uncertainty=N)")
    table = table[table["kind"] == "value"]
    names = [quantities] if isinstance(quantities, str) else list(quantities)
    span = float(table["time [day]"].max()) if span_days is None else float(span_days)
    for ax, quantity in zip(axes, names):
        rows = table[table["quantity"] == quantity]
        if rows.empty:
            raise ValueError(f"no intervals for {quantity!r}; expected one of {sorted(set(table['quantity']))}")
        for k, arm in enumerate(c.names):
            g = rows[rows["arm"] == arm]
            x, _ = _time(g["time [day]"].to_numpy(), time_unit, span)
            ax.fill_between(x, g["p05"], g["p95"], color=f"C{k}", alpha=0.2, lw=0, label=f"{arm}: 90% interval")


def _period(span_days: float, period: str) -> float:
    if period == "auto":
        period = "year" if span_days >= 2 * DAYS_PER_YEAR else "month" if span_days >= 60 else "day"
    if period not in _TIME_UNITS:
        raise ValueError(f"period must be 'auto', {', '.join(repr(u) for u in _TIME_UNITS)}; got {period!r}")
    return _TIME_UNITS[period], period


def balance_table(result: Result, period: str = "auto") -> pd.DataFrame:
    """The calcium balance averaged over periods (mg/day): intake and where it went.

    Columns: 'intake', the :data:`BALANCE_TERMS` (faeces, urine, dialysis, net
    to bone, net to arteries) and 'body pools' (the change in the gut and
    extracellular calcium, the remainder). Index: the start of each period in
    days. `period` is 'day', 'week', 'month', 'year' or 'auto'.
    """
    df = result.df
    span = float(df.index.max() - df.index.min()) if len(df) else 0.0
    width, _ = _period(span, period)
    body = df.iloc[1:] if len(df) > 1 else df   # the first row has no interval before it
    bins = np.floor((body.index.to_numpy() - 1e-9) / width) * width
    bins = np.maximum(bins, 0.0)
    table = pd.DataFrame({"intake": body[_column(df, "intake_ca")].to_numpy()}, index=bins)
    for term, shown in BALANCE_TERMS:
        table[shown] = body[_column(df, term)].to_numpy()
    table = table.groupby(level=0).mean()
    table["body pools"] = table["intake"] - table[[s for _, s in BALANCE_TERMS]].sum(axis=1)
    table.index.name = "period start [day]"
    return table


def calcium_balance(data: Result | Comparison, *, kind: str = "bar", period: str = "auto",
                    time_unit: str = "auto", axes: Any = None) -> plt.Figure:
    """Where the calcium eaten goes, as a stacked bar (or area) chart per period.

    Losses (faeces, urine, dialysis) and deposits (net to bone, net to
    arteries) stack upwards when positive and downwards when negative (bone
    giving calcium back); the black line is the intake. They add up to the
    intake, less the small change in the body's fluid and gut pools.
    A Comparison gets one panel per arm on a shared scale.
    """
    if kind not in ("bar", "area"):
        raise ValueError(f"kind must be 'bar' or 'area', got {kind!r}")
    results = data.arms if isinstance(data, Comparison) else {data.arm: data} if isinstance(data, Result) else None
    if results is None:
        raise TypeError(f"expected a calcsim.Result or Comparison, got {type(data).__name__}")
    fig, axs = _grid(len(results), len(results), axes, panel_size=(5.5, 3.6))
    terms = [s for _, s in BALANCE_TERMS] + ["body pools"]
    colours = plt.get_cmap("tab10").colors
    for ax, (name, result) in zip(axs, results.items()):
        table = balance_table(result, period)
        span = float(result.end_time)
        width, period_name = _period(span, period)
        x, xlabel = _time(table.index.to_numpy() + width / 2.0, time_unit, span)
        bar_width = 0.8 * width / _TIME_UNITS[_time_unit(time_unit, span)]
        up = np.zeros(len(table))
        down = np.zeros(len(table))
        for k, term in enumerate(terms):
            v = table[term].to_numpy()
            if not np.any(np.abs(v) > 1e-9):
                continue
            base = np.where(v >= 0, up, down)
            if kind == "bar":
                ax.bar(x, v, bottom=base, width=bar_width, color=colours[k % 10], label=term)
            else:
                ax.fill_between(x, base, base + v, color=colours[k % 10], label=term, alpha=0.85, step=None)
            up = up + np.where(v >= 0, v, 0.0)
            down = down + np.where(v < 0, v, 0.0)
        ax.plot(x, table["intake"].to_numpy(), color="black", marker="o" if len(x) < 40 else None,
                lw=1.2, label="intake")
        ax.axhline(0.0, color="grey", lw=0.8)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("calcium [mg/day]")
        ax.set_title(f"{name}: calcium balance, {period_name}ly means" if period_name != "day"
                     else f"{name}: calcium balance, daily", fontsize="medium")
        ax.grid(True, axis="y", alpha=0.3)
    axs[-1].legend(fontsize="small", loc="center left", bbox_to_anchor=(1.0, 0.5))
    return fig


def arterial_score(data: Any, *, time_unit: str = "auto", log: bool = False, ax: plt.Axes | None = None,
                   **line_kw: Any) -> plt.Figure:
    """The Agatston-equivalent arterial calcium score over time with its category bands
    (0, 1-99, 100-399, 400+) shaded. `data` as in :func:`trajectories`; ``log=True``
    uses a symmetric-log scale."""
    frames, _ = _frames(data)
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 4.0), constrained_layout=True)
    fig = ax.figure
    span = _span(frames)
    top = 0.0
    for name, frame in frames.items():
        column = _column(frame, "arterial_score")
        t, xlabel = _time(frame.index, time_unit, span)
        values = frame[column].to_numpy()
        top = max(top, float(np.nanmax(values)) if len(values) else 0.0)
        ax.plot(t, values, label=name or None, lw=1.8, **line_kw)
    upper = max(top * 1.15, 10.0)
    bounds = [b for b, _ in CATEGORY_BANDS] + [max(upper, 500.0)]
    for k, (low, text) in enumerate(CATEGORY_BANDS):
        high = bounds[k + 1]
        if low >= upper:
            break
        ax.axhspan(low, high, color=_BAND_COLOURS[k], zorder=0)
        ax.text(1.01, min((low + min(high, upper)) / 2.0, upper), text, transform=ax.get_yaxis_transform(),
                va="center", fontsize="small", color="dimgrey")
    if log:
        ax.set_yscale("symlog", linthresh=1.0)
    ax.set_ylim(0.0, upper)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(axis_label(label("arterial_score", "AU")))
    ax.set_title("Arterial calcium score (Agatston-equivalent) and its categories", fontsize="medium")
    if len(frames) > 1:
        ax.legend(fontsize="small", loc="upper left")
    return fig


def dose_response(df: pd.DataFrame, x: str, y: str | Sequence[str], *, hue: str | None = None,
                  logx: bool = False, ncols: int = 2, axes: Any = None, marker: str = "o",
                  **line_kw: Any) -> plt.Figure:
    """An output against a varied dose or parameter, from a DataFrame with one row per value.

    `x` and `y` are column labels ('dose [mcg]', 'dp_ucmgp [pmol/L]') or bare
    names; several `y` give one panel each; `hue` names a column whose values
    get one line each (for example the time read, or the arm). Made for the
    DataFrames of :func:`calcsim.sweep` and for ones built by hand from
    :func:`calcsim.run` in a loop.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a DataFrame, got {type(df).__name__}")
    ys = [y] if isinstance(y, str) else list(y)
    x_col = _column(df, x)
    y_cols = [_column(df, v) for v in ys]
    groups: Iterable[tuple[Any, pd.DataFrame]] = df.groupby(hue, sort=False) if hue else [(None, df)]
    groups = list(groups)
    fig, axs = _grid(len(y_cols), ncols, axes)
    for ax, column in zip(axs, y_cols):
        for key, part in groups:
            part = part.sort_values(x_col)
            ax.plot(part[x_col].to_numpy(), part[column].to_numpy(), marker=marker,
                    label=None if key is None else f"{hue} = {key}", **line_kw)
        _decorate(ax, column, x_col)
        name, unit = split_label(x_col)
        if unit is None:
            ax.set_xlabel(name)
        if logx:
            ax.set_xscale("log")
        if hue:
            ax.legend(fontsize="small")
    return fig


__all__ = ["trajectories", "comparison", "bands", "calcium_balance", "balance_table", "arterial_score",
           "dose_response", "axis_label", "readable_name", "DEFAULT_QUANTITIES", "CATEGORY_BANDS", "BALANCE_TERMS", "RESOLUTION"]
