"""Arms side by side: the Comparison that compare() returns, and the arms it is given."""

from __future__ import annotations

import os
from typing import Any, Mapping

import pandas as pd

from . import _checks, _core, _report
from ._result import Result
from ._scenario import Scenario

# More threads than this only add overhead (compare runs one thread per arm).
MAX_THREADS = 1024


def _resolve_arms(base: Scenario, arms: Mapping[str, Any], years: Any, every: Any,
                  dosing: Any = None) -> list[tuple[str, Scenario]]:
    """Arms given as {name: Scenario, path, dict or function of the scenario}, as Scenarios."""
    if not isinstance(arms, Mapping) or not arms:
        raise TypeError("arms must be a non-empty dict {name: Scenario, path, dict, or function of the scenario} "
                        "or a list of the scenario's arm names")
    out = []
    for name, arm in arms.items():
        if callable(arm) and not isinstance(arm, Scenario):
            arm = arm(base)
            if not isinstance(arm, Scenario):
                raise TypeError(f"arm '{name}': the function must return a calcsim.Scenario")
        else:
            arm = Scenario.coerce(arm)._for_run(years, every, dosing)
        out.append((str(name), arm))
    return out


class Comparison:
    """Arms of one patient side by side (from :func:`compare`).

    - ``c["without K2"]`` or ``c.arms``: each arm's :class:`Result`;
    - :attr:`long`: every arm stacked, an 'arm' column then 'time [day]' and the
      outputs, as ``calcsim compare --out x.csv`` writes;
    - :attr:`wide`: indexed by time, columns (output label, arm), so that
      ``c.wide["dp_ucmgp [pmol/L]"]`` has one column per arm;
    - :meth:`difference`: one arm minus the reference (the first) over time;
    - :meth:`report`: the table ``calcsim compare`` prints, as text
      (``print(c.report())`` in a plain Python shell); :meth:`summary`: the same
      as a DataFrame, printed in full; in a notebook a Comparison displays as
      that table; :meth:`to_html`: a self-contained page to share;
    - :attr:`legend`: for a scenario's declared arms, what each arm changes.
    """

    __slots__ = ("_arms", "_scenario", "_legend", "_intervals", "_uncertainty")

    def __init__(self, arms: Mapping[str, Result], scenario: Scenario | None = None, legend: str = ""):
        """Arms as an ordered {name: Result}; the first is the reference. `scenario` is the base;
        `legend` the engine's lines on what each declared arm changes (empty for other arms)."""
        if not arms:
            raise ValueError("a Comparison needs at least one arm")
        self._arms = dict(arms)
        self._scenario = scenario
        self._legend = legend
        self._intervals = None
        self._uncertainty = None

    @property
    def intervals(self) -> pd.DataFrame | None:
        """With ``compare(..., uncertainty=N)``: one row per time, quantity, arm and kind
        ('value' or 'difference' from the first arm) with the point estimate ('point', the
        parameters as given), the 'median' and the 5th and 95th percentiles ('p05', 'p95') over
        the posterior draws. None without `uncertainty`."""
        return None if self._intervals is None else self._intervals.copy()

    @property
    def uncertainty(self) -> dict | None:
        """With ``compare(..., uncertainty=N)``: the draws asked for, how many failed (and the
        first messages), the seed, the dosing of the draws and the posterior file's provenance.
        None without `uncertainty`."""
        return None if self._uncertainty is None else {k: v for k, v in self._uncertainty.items() if k != "table"}

    @property
    def legend(self) -> str:
        """For a scenario's declared arms, the lines ``calcsim compare`` prints under its table: each
        arm's name and what it changes, marked '[own starting state]' when it starts from its own
        steady state. Empty for the with/without-K2 comparison and for arms given in Python."""
        return self._legend

    @property
    def scenario(self) -> Scenario | None:
        """The base scenario the arms start from (None when not known)."""
        return self._scenario

    @property
    def arms(self) -> dict[str, Result]:
        """The arms in order, {name: Result} (a new dict)."""
        return dict(self._arms)

    @property
    def names(self) -> list[str]:
        """Arm names in order."""
        return list(self._arms)

    @property
    def reference(self) -> str:
        """The arm differences are taken against: the first."""
        return next(iter(self._arms))

    def __getitem__(self, arm: str) -> Result:
        try:
            return self._arms[arm]
        except KeyError:
            raise KeyError(f"no arm named '{arm}'; the arms are: {', '.join(self._arms)}") from None

    def __iter__(self):
        return iter(self._arms)

    def __len__(self) -> int:
        return len(self._arms)

    @property
    def long(self) -> pd.DataFrame:
        """Every arm stacked: columns 'arm', 'time [day]', then the outputs ('name [unit]')."""
        frames = []
        for name, result in self._arms.items():
            frame = result.df.reset_index()
            frame.insert(0, "arm", name)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    @property
    def wide(self) -> pd.DataFrame:
        """Indexed by 'time [day]'; columns a MultiIndex (quantity, arm)."""
        first = next(iter(self._arms.values()))
        joined = pd.concat({name: r.df for name, r in self._arms.items()}, axis=1, names=["arm", "quantity"])
        joined = joined.swaplevel(0, 1, axis=1)
        order = pd.MultiIndex.from_product([list(first.df.columns), list(self._arms)], names=["quantity", "arm"])
        return joined.reindex(columns=order)

    def difference(self, arm: str | None = None, reference: str | None = None) -> pd.DataFrame:
        """`arm` minus `reference` for every output over time (columns 'name [unit]').

        Defaults: the second arm minus the first, the ``difference`` column of
        ``calcsim compare``.
        """
        reference = self.reference if reference is None else reference
        if arm is None:
            others = [n for n in self._arms if n != reference]
            if not others:
                raise ValueError("difference() needs two arms")
            arm = others[0]
        diff = self[arm].df - self[reference].df
        diff.attrs.update({"arm": arm, "reference": reference})
        return diff

    def summary(self, at: Any = None) -> pd.DataFrame:
        """The table ``calcsim compare`` prints, as a DataFrame.

        Index (time, quantity) with time labelled 'start', '1y', ...; columns
        'label', 'unit', one per arm, then the differences against the first
        arm ('difference' with two arms, 'diff <arm>' with more). `at` as in
        :meth:`Result.summary`.
        """
        first = next(iter(self._arms.values()))
        requested = _report.summary_times(at, first.duration)
        numbers = _core.summary_values(self._pairs(), requested)
        names = list(self._arms)
        values = numbers["values"]  # (arms, quantities, times)
        n_times = values.shape[2]
        # Rows time-major (every quantity at the first time, then the next), as the engine prints them.
        columns = {"label": numbers["label"] * n_times, "unit": numbers["unit"] * n_times}
        for a, name in enumerate(names):
            columns[name] = values[a].T.ravel()
        for a, name in enumerate(names[1:], start=1):
            columns["difference" if len(names) == 2 else f"diff {name}"] = (values[a] - values[0]).T.ravel()
        when = [_report.time_label(t) for t in numbers["requested_days"]]
        index = pd.MultiIndex.from_product([when, numbers["quantity"]], names=["time", "quantity"])
        table = _report.SummaryTable(columns, index=index)
        table.attrs["times_days"] = numbers["times_days"].tolist()
        return table

    def report(self, at: Any = None, format: str = "table") -> str:
        """The summary exactly as ``calcsim compare`` prints it: format 'table', 'csv' or 'json'
        (a table of declared arms ends with the :attr:`legend`)."""
        if self._uncertainty is not None and at is None and format == "table":
            return self._uncertainty["table"]
        first = next(iter(self._arms.values()))
        requested = _report.summary_times(at, first.duration)
        text = _core.comparison_summary(self._pairs(), requested, format)
        return text + self._legend if format == "table" else text

    def to_html(self, path: str | os.PathLike | None = None, at: Any = None, targets: bool = False) -> str:
        """The comparison as one self-contained HTML page to share, as ``calcsim report --html``
        writes it: the scenario in words and as YAML, the comparison table, charts of the key
        outputs (inline SVG), the calibration and validation status, the disclaimer and the
        provenance. It opens without a network. Returns the page; with `path` (.html) also
        writes it there atomically. ``targets=True`` also runs the calibration and validation
        targets with these parameters (a minute or more). `at` as in :meth:`summary`."""
        first = next(iter(self._arms.values()))
        requested = _report.summary_times(at, first.duration)
        scenario = self._scenario
        yaml_text, origin = "", "The scenario is not known to this comparison."
        if scenario is not None:
            yaml_text = scenario.to_yaml()
            origin = (f"Scenario '{first.meta['scenario']}' as this comparison ran it"
                      + (f" (from {first.meta['scenario_file']})" if first.meta["scenario_file"] else "") + ":")
        targets = _checks.flag(targets, "targets")
        return _core.comparison_html(self._pairs(), requested, yaml_text, origin, self._legend, targets,
                                     None if path is None else os.fspath(path))

    def save(self, path: str | os.PathLike) -> None:
        """Writes every arm to a .csv (with an 'arm' column) or .json file, as ``calcsim compare --out``."""
        _core.write_trajectories(os.fspath(path), self._pairs())

    def _pairs(self) -> list:
        return [(name, r._core) for name, r in self._arms.items()]

    def __reduce__(self):
        return (Comparison, (self._arms, self._scenario, self._legend))

    def __repr__(self) -> str:
        first = next(iter(self._arms.values()))
        return (f"<calcsim.Comparison '{first.meta['scenario']}', {_core.format_duration(first.duration)}: "
                f"{' | '.join(self._arms)}; print(c.report()) shows the table calcsim compare prints>")

    def _repr_html_(self) -> str:
        table = self.summary()
        value_columns = [c for c in table.columns if c not in ("label", "unit")]
        arm_columns = list(self._arms)
        cells: dict[str, list] = {"unit": list(table["unit"])}
        for c in value_columns:
            signed = c not in arm_columns
            cells[c] = [_report.fmt(q, v, signed) for q, v in zip(table.index.get_level_values(1), table[c])]
        index = pd.MultiIndex.from_arrays(
            [["at the start" if t == "start" else f"after {t}" for t in table.index.get_level_values(0)],
             list(table["label"])], names=["", "quantity"])
        shown = pd.DataFrame(cells, index=index)
        first = next(iter(self._arms.values()))
        meta = first.meta
        lines = [meta["description"]] if meta["description"] else []
        lines.append(f"Arms: {' | '.join(arm_columns)}; differences are against '{arm_columns[0]}'.")
        lines.extend(line.strip() for line in self._legend.splitlines()[2:] if line.strip())
        title = (f"calcsim {_core.__version__} compare: {meta['scenario']} "
                 f"({_core.format_duration(first.duration)} simulated)")
        return _report.html_block(title, lines, shown)
