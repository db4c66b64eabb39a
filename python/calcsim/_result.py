"""The result of one run: a time-major table of named outputs with units."""

from __future__ import annotations

import difflib
import functools
import os
from typing import Any

import numpy as np
import pandas as pd

from . import _core, _report
from ._labels import TIME_LABEL, label, name_of


@functools.lru_cache(maxsize=8)
def _labelled(names: tuple[str, ...], units: tuple[str, ...]) -> tuple[str, ...]:
    """'name [unit]' for each column. Every run has the same columns (with or without
    the states), so the labels are made once."""
    return tuple(label(n, u) for n, u in zip(names, units))


@functools.lru_cache(maxsize=8)
def _output_index(names: tuple[str, ...], units: tuple[str, ...]) -> pd.Index:
    """The DataFrame columns of the outputs (time is the index), made once: a pandas Index
    is immutable, so every Result's DataFrame can share it."""
    return pd.Index(_labelled(names, units)[1:], dtype=object)


class Result:
    """The outputs of one simulation, sampled over time.

    - :attr:`df`: a pandas DataFrame indexed by ``"time [day]"`` whose columns
      are labelled with their units, PyBaMM style (``"dp_ucmgp [pmol/L]"``),
      as in the CSV files ``calcsim run --out`` writes;
    - :attr:`array`: the same numbers (time first) as a read-only numpy array
      that shares the engine's memory (no copy);
    - :attr:`units`, :attr:`descriptions`: by output name; :attr:`meta`: the
      scenario, arm, every parameter value used, solver statistics;
    - :meth:`report`: the table ``calcsim run`` prints, as text (``print(r.report())``);
      :meth:`summary`: the same as a DataFrame;
      ``r["dp_ucmgp"]`` is one output as a Series; :meth:`at` interpolates.

    Results pickle (for multiprocessing). Build them with :func:`calcsim.run`.
    """

    __slots__ = ("_core", "_df", "_scenario")

    def __init__(self, core: Any, scenario: Any = None):
        """Wraps an engine result (``calcsim._core.Result``); `scenario` is the Scenario it ran."""
        self._core = core
        self._df: pd.DataFrame | None = None
        self._scenario = scenario

    @property
    def scenario(self) -> Any:
        """The :class:`calcsim.Scenario` that was run (None when not known)."""
        return self._scenario

    # --- data -----------------------------------------------------------------

    @property
    def array(self) -> np.ndarray:
        """All outputs as a read-only float64 array, one row per output time, columns as
        :attr:`columns` (time in days first). It shares the result's memory: no copy is
        made, and its ``.base`` is the capsule that keeps the result alive."""
        return self._core.array

    @property
    def columns(self) -> list[str]:
        """Output names in column order, 'time' first."""
        return self._core.columns

    @property
    def labels(self) -> list[str]:
        """Column labels with units, 'time [day]' first: 'dp_ucmgp [pmol/L]'."""
        return list(_labelled(tuple(self._core.columns), tuple(self._core.units)))

    @property
    def units(self) -> dict[str, str]:
        """Unit of every output, by name ('1' for a plain number or fraction)."""
        return dict(zip(self._core.columns, self._core.units))

    @property
    def descriptions(self) -> dict[str, str]:
        """What every output is, by name."""
        return dict(zip(self._core.columns, self._core.descriptions))

    @property
    def meta(self) -> dict:
        """Metadata: scenario, scenario_file, description, arm, calcsim_version, disclaimer,
        parameters (every value used), parameter_overrides and solver statistics."""
        return self._core.meta

    @property
    def arm(self) -> str:
        """The arm this run is ('as written' for a plain run)."""
        return self._core.meta["arm"]

    @property
    def time(self) -> np.ndarray:
        """Output times in days (a read-only view, no copy)."""
        return self._core.array[:, 0]

    @property
    def df(self) -> pd.DataFrame:
        """The outputs as a DataFrame: index 'time [day]', columns 'name [unit]'.

        Built once and kept; it is an ordinary writable copy of :attr:`array`
        (``.array`` is the zero-copy view).
        """
        if self._df is None:
            a = self._core.array
            index = pd.Index(np.array(a[:, 0]), name=TIME_LABEL)
            columns = _output_index(tuple(self._core.columns), tuple(self._core.units))
            self._df = pd.DataFrame(np.array(a[:, 1:]), index=index, columns=columns, copy=False)
        return self._df

    def _column(self, key: str) -> int:
        name = name_of(key)
        names = self._core.columns
        if name in names and (key == name or key == self.labels[names.index(name)]):
            return names.index(name)
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise KeyError(f"no output named '{key}'{hint}; Result.units lists them")

    def __getitem__(self, key: str) -> pd.Series:
        """One output over time as a Series, by name ('dp_ucmgp') or label ('dp_ucmgp [pmol/L]')."""
        j = self._column(key)
        if j == 0:
            return pd.Series(self.df.index.to_numpy(), index=self.df.index, name=TIME_LABEL)
        return self.df[self.labels[j]]

    def __contains__(self, key: object) -> bool:
        try:
            self._column(str(key))
            return True
        except KeyError:
            return False

    def values(self, name: str) -> np.ndarray:
        """One output's values over time as a read-only view of :attr:`array` (no copy)."""
        return self._core.array[:, self._column(name)]

    def at(self, name: str, t: Any) -> float:
        """An output's value at time `t` (days, or text such as '1y'), linearly interpolated;
        `t` must lie within the run."""
        j = self._column(name)
        return self._core.at(self._core.columns[j], _report.within_run(_report._days(t), self.duration))

    def final(self, name: str) -> float:
        """An output's value at the end of the run."""
        return float(self.values(name)[-1])

    @property
    def end_time(self) -> float:
        """The last output time, days: the run's last midnight (day 3652 of a 10-year run)."""
        return self._core.end_time

    @property
    def duration(self) -> float:
        """The run's length in days, as asked for (3652.5 for 10 years). Outputs sampled in whole
        days are all at midnight, so the last one is at :attr:`end_time`, the run's last midnight;
        :meth:`summary`, :meth:`at` and the plots all read that row for the end."""
        return self._core.duration

    # --- summaries --------------------------------------------------------------

    def summary(self, at: Any = None) -> pd.DataFrame:
        """The table ``calcsim run`` prints, as a DataFrame: one row per summary quantity
        (index: output name), columns 'label', 'unit' and one per time.

        `at`: None (start, 1y, 5y and the end), text ('6mo,1y,5y'), or a list of
        days or texts. Times are read at midnight of their day, as the command
        line does; the times in days are in ``.attrs['times_days']``.
        """
        requested = _report.summary_times(at, self.duration)
        numbers = _core.summary_values([(self.arm, self._core)], requested)
        table = _report.SummaryTable({"label": numbers["label"], "unit": numbers["unit"]},
                                     index=pd.Index(numbers["quantity"], name="quantity"))
        for k, t in enumerate(numbers["requested_days"]):
            table[_report.time_label(t)] = numbers["values"][0, :, k]
        table.attrs["times_days"] = numbers["times_days"].tolist()
        return table

    def report(self, at: Any = None, format: str = "table") -> str:
        """The summary exactly as ``calcsim run`` prints it: format 'table', 'csv' or 'json'."""
        requested = _report.summary_times(at, self.duration)
        return _core.run_summary(self._core, requested, format)

    def save(self, path: str | os.PathLike) -> None:
        """Writes every output at every time to a .csv or .json file, as ``calcsim run --out``."""
        _core.write_trajectories(os.fspath(path), [(self.arm, self._core)])

    # --- Python protocols --------------------------------------------------------

    def __len__(self) -> int:
        return self._core.shape[0]

    def __reduce__(self):
        return (Result, (self._core, self._scenario))

    def __repr__(self) -> str:
        rows, cols = self._core.shape
        return (f"<calcsim.Result '{self.meta['scenario']}' ({self.arm}): {rows} times x {cols - 1} outputs, "
                f"{_core.format_duration(self.duration)}; print(r.report()) shows the summary table>")

    def _repr_html_(self) -> str:
        table = self.summary()
        times = [c for c in table.columns if c not in ("label", "unit")]
        cells: dict[str, list] = {"unit": list(table["unit"])}
        for t in times:
            cells[t] = []
        for quantity, row in table.iterrows():
            for t in times:
                cells[t].append(_report.fmt(quantity, row[t]))
        shown = pd.DataFrame(cells, index=pd.Index(list(table["label"]), name="quantity"))
        meta = self.meta
        lines = [meta["description"]] if meta["description"] else []
        title = (f"calcsim {_core.__version__} run: {meta['scenario']} ({self.arm}), "
                 f"{_core.format_duration(self.duration)} simulated")
        return _report.html_block(title, lines, shown)


def outputs() -> pd.DataFrame:
    """Every output column of a run: index name, columns unit, label ('name [unit]') and description."""
    rows = _core.output_columns()
    table = pd.DataFrame(rows, columns=["name", "unit", "description"]).set_index("name")
    table.insert(1, "label", [label(n, u) for n, u in zip(table.index, table["unit"])])
    return table


__all__ = ["Result", "outputs"]
