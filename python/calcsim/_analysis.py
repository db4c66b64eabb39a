"""Dose-response sweeps and sensitivity analysis (virtual populations: _population.py).

:func:`sweep` and :func:`sensitivity` run the engine's own implementations
(``calcsim sweep`` and ``calcsim sensitivity``, bound in
bindings/register_analysis.cpp) and return pandas DataFrames whose columns
carry their units ('dp_ucmgp [pmol/L]'). The engine runs the points on its
own threads with the GIL released. The engine's tables, exactly as the
command line prints them, are in ``df.attrs['report']``.
"""

from __future__ import annotations

import numbers
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from . import _core, _report
from ._labels import TIME_LABEL, label
from ._scenario import DOSE_UNITS, Scenario

def _names(value: str | Iterable[str] | None, what: str) -> list[str] | None:
    """None, 'a,b' or ['a', 'b'] as a list of names."""
    if value is None:
        return None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, Iterable):
        names = list(value)
        if all(isinstance(v, str) for v in names):
            return names
    raise TypeError(f"{what} must be a name, 'a,b' or a list of names; got {value!r}")


def _times(at: Any) -> list[float]:
    """None (the end of the run), '12w,3y', a number of days, or a list of days or texts."""
    if at is None:
        return []
    if isinstance(at, str):
        return list(_core.parse_times(at))
    if isinstance(at, Iterable):
        return sorted(_report._days(t) for t in at)
    return [_report._days(at)]


def _vary_text(vary: Any, unit: str | None) -> str:
    """The engine's --vary text from 'mk7.dose=0..360mcg:9' or {'mk7.dose': '0..360 mcg:9' or [0, 90, 180]}."""
    if isinstance(vary, str):
        return vary
    if not isinstance(vary, Mapping) or len(vary) != 1:
        raise TypeError("vary must be text such as 'mk7.dose=0..360mcg:9' or a one-entry dict such as "
                        "{'mk7.dose': '0..360 mcg:9'} or {'mk7.dose': [0, 90, 180]}")
    (target, values), = vary.items()
    target = str(target)
    if isinstance(values, str):
        return f"{target}={values}"
    if isinstance(values, Iterable):
        values = list(values)
        if not values or not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
            raise TypeError(f"vary['{target}']: expected a list of numbers or text such as '0..360 mcg:9'")
        if unit is None and target.endswith(".dose"):
            unit = DOSE_UNITS.get(target[: -len(".dose")])
        return f"{target}=" + ",".join(repr(float(v)) for v in values) + (unit or "")
    raise TypeError(f"vary['{target}']: expected a list of numbers or text such as '0..360 mcg:9'")


def sweep(scenario: Any = None, vary: Any = None, *, outputs: str | Sequence[str] | None = None, at: Any = None,
          years: float | str | None = None, params: Mapping[str, float | str] | None = None,
          unit: str | None = None, rtol: float | None = None, atol: float | None = None,
          threads: int = 0) -> pd.DataFrame:
    """Dose-response: the scenario run once per value of a dose or a parameter (``calcsim sweep``).

    scenario: as in :func:`calcsim.run` (None: the built-in default).
    vary: what to vary and over which values, as ``--vary`` takes it:
        ``'mk7.dose=0..360mcg:9'`` (9 evenly spaced doses), ``'mk7.dose=10..1000mcg:7:log'``,
        ``'mk7.dose=0,45,90mcg'`` or a parameter ``'mk7.half_life=24..120:5'`` (its unit as in
        :func:`calcsim.params`); or a one-entry dict ``{'mk7.dose': '0..360 mcg:9'}`` or
        ``{'mk7.dose': [0, 90, 180]}`` (numbers in `unit`, by default mcg for vitamin K, mg
        for calcium, magnesium and warfarin; vitamin D3 needs ``unit='IU'``). Every
        intervention of the agent gets the dose; 0 means it is not taken.
    outputs: output names ('dp_ucmgp' or 'dp_ucmgp,arterial_score'; default
        dp_ucmgp, mgp_carboxylated, ucoc_fraction, bmd_change, arterial_score).
    at: times to read ('12w,3y', days, or a list; default the end of the run),
        each at midnight of its day; every run stops at the last one.
    years, params, rtol, atol: as in :func:`calcsim.run`; threads: 0 for one per core.

    Returns a DataFrame with one row per value and time: the varied quantity
    ('mk7.dose [mcg]'), 'time [day]', then the outputs ('dp_ucmgp [pmol/L]').
    Dose points share one starting state; parameter points each start from
    their own steady state. Each point equals :func:`calcsim.run` of the same
    scenario stopped at the last time read. ``df.attrs`` holds the scenario,
    target, unit, run_days, wall_seconds, threads and ``report`` (the table
    ``calcsim sweep`` prints). Plot it with :func:`calcsim.plot.dose_response`.
    Bad input raises :class:`calcsim.InputError` (a ValueError).

    >>> df = calcsim.sweep("mk7-dose-response", "mk7.dose=0..360mcg:5", outputs="dp_ucmgp", at="12w")
    """
    if vary is None:
        raise TypeError("sweep() needs vary=, such as 'mk7.dose=0..360mcg:9'")
    sc = Scenario.coerce(scenario)._for_run(years)
    native = _core.sweep(sc._native, _vary_text(vary, unit), params, _names(outputs, "outputs"), _times(at),
                         rtol, atol, threads)
    results = native.results
    x_label = label(native.target, native.unit)
    rows = []
    for k, value in enumerate(native.values):
        for t, day in enumerate(native.times_days):
            row = {x_label: value, TIME_LABEL: day}
            row.update({label(o, u): results[k, j, t] for j, (o, u) in enumerate(zip(native.outputs, native.units))})
            rows.append(row)
    df = pd.DataFrame(rows)
    df.attrs.update({
        "scenario": native.scenario, "target": native.target, "unit": native.unit, "is_dose": native.is_dose,
        "shared_initial_state": native.shared_initial_state, "run_days": native.run_days,
        "requested_days": list(native.requested_days), "wall_seconds": native.wall_seconds,
        "threads": native.threads, "report": native.report("table"), "disclaimer": _core.disclaimer,
    })
    return df


def sensitivity(scenario: Any = None, outputs: str | Sequence[str] = "arterial_score", *, at: Any = None,
                years: float | str | None = None, params: Mapping[str, float | str] | None = None,
                parameters: str | Sequence[str] | None = None, step: float = 0.01, rtol: float = 1e-4,
                threads: int = 0) -> pd.DataFrame:
    """Normalised local sensitivities of outputs to model parameters, ranked (``calcsim sensitivity``).

    For each parameter the scenario runs at 1% (`step`) below and above its
    value (clipped to its valid range) and S = d ln(output) / d ln(parameter)
    is estimated: S = +0.5 means 1% more of the parameter gives about 0.5%
    more output. Each run starts from its own steady state, with solver
    tolerance `rtol` (atol = rtol / 1000). It costs two runs per parameter.

    outputs: one name or several ('arterial_score', ['dp_ucmgp', 'bmd_change']).
    at: times to read (default: the end of the run, at most one year in).
    parameters: only these (names or 'a,b'; default every parameter of
        :func:`calcsim.params`). years, params, threads as in :func:`sweep`.

    Returns a DataFrame indexed by parameter, ranked by |S| of the first
    output at the first time (largest first, undefined last), with columns
    'rank', 'value', 'unit', one 'S <output> <time> [1]' per output and time
    ('S arterial_score 1y [1]'), 'lower' and 'upper' (the values run),
    'hypothetical', 'source' and 'note'. ``df.attrs`` holds the unperturbed
    outputs ('base': {'arterial_score 1y [AU]': value}), runs, wall_seconds and ``report`` (the table
    ``calcsim sensitivity`` prints). Bad input raises
    :class:`calcsim.InputError` (a ValueError).

    >>> calcsim.sensitivity(outputs="dp_ucmgp", at="90d", parameters=["mk7.half_life", "mgp.k_half"])
    """
    sc = Scenario.coerce(scenario)._for_run(years)
    at_days = _times(at) or list(_core.default_sensitivity_times(sc.duration))
    native = _core.sensitivity(sc._native, params, _names(outputs, "outputs"), at_days, float(step),
                               _names(parameters, "parameters") or [], float(rtol), threads)
    when = ["start" if d == 0 else _core.format_duration(d) for d in native.requested_days]
    columns = [label(f"S {o} {w}", "1") for o in native.outputs for w in when]
    base = [label(f"{o} {w}", u) for o, u in zip(native.outputs, native.units) for w in when]
    rows = []
    for rank, p in enumerate(native.parameters, start=1):
        row = {"rank": rank, "value": p["value"], "unit": p["unit"]}
        row.update(zip(columns, p["sensitivity"]))
        row.update({k: p[k] for k in ("lower", "upper", "hypothetical", "source", "note")})
        rows.append(row)
    df = pd.DataFrame(rows, index=pd.Index([p["name"] for p in native.parameters], name="parameter"))
    df.attrs.update({
        "scenario": native.scenario, "outputs": list(native.outputs), "units": list(native.units),
        "times_days": list(native.times_days), "base": dict(zip(base, native.base)),
        "relative_step": native.relative_step, "rtol": native.rtol, "run_days": native.run_days,
        "runs": native.runs, "wall_seconds": native.wall_seconds, "threads": native.threads,
        "report": native.report("table"), "disclaimer": _core.disclaimer,
    })
    return df

