"""Running scenarios: run() for one, compare() for arms side by side."""

from __future__ import annotations

import os
from typing import Any, Mapping

import pandas as pd

from . import _checks, _core, _uncertainty
from ._comparison import MAX_THREADS, Comparison, _resolve_arms
from ._result import Result
from ._scenario import Scenario


def initial_condition(scenario: Any = None, params: Mapping[str, float | str] | None = None) -> Any:
    """The patient's starting state: the steady state of their profile and usual diet
    (interventions play no part), with their bone-remodelling set point.

    Computing it is most of the cost of a short run. Pass it to :func:`run` as
    ``start=`` to reuse it for runs of the same patient, diet and `params` that
    differ only in interventions, duration or sampling (a dose slider, say).
    It pickles.
    """
    return _core.initial_condition(Scenario.coerce(scenario)._native, params)


def run(scenario: Any = None, years: float | str | None = None, every: float | str | None = None,
        params: Mapping[str, float | str] | None = None, *, start: Any = None, rtol: float | None = None,
        atol: float | None = None, include_states: bool = False, dosing: str | None = None) -> Result:
    """Simulates one scenario and returns its :class:`Result`.

    scenario: None (the built-in default), a :class:`Scenario`, a path or a
        bundled scenario's name ('warfarin-user'), or a dict of the
        scenario-file schema.
    years: run length in years (a number) or text ('18 months'); overrides the
        scenario's duration, like ``--years``.
    every: output sampling in days (a number) or text ('7d', '12h'), like ``--every``.
    params: parameter overrides in the unit ``calcsim.params()`` shows,
        ``{'mk7.half_life': 72}``, or text with that unit ``{'mk7.half_life': '72 h'}``.
    start: a starting state from :func:`initial_condition` for the same patient,
        usual diet and params; by default it is computed for this scenario.
    rtol, atol: solver tolerances (defaults 3e-3 and 1e-5).
    include_states: also return the raw model states (columns 'state.*').
    dosing: 'exact' (each meal and dose at its time), 'daily-averaged' (the
        same intake spread over each day: about 100 times faster, within 1% on
        BMD and arterial score over years; for sliders and populations) or
        'stroboscopic' (exact meals and doses, but long stretches of identical
        days extrapolated from a few integrated ones: about 8 times faster over
        ten years, within about 0.1% of exact on BMD change, arterial score
        and dp-ucMGP; the rows of skipped days are interpolated, counted in
        ``meta["solver"]["projected_days"]``). Default: the scenario's own
        (exact unless its file says otherwise).

    Bad input raises :class:`calcsim.InputError` (a ValueError) with the
    engine's message; a failed solve raises :class:`calcsim.NumericalError`
    (a RuntimeError). The solve releases the GIL, so runs on several Python
    threads proceed in parallel.

    >>> r = calcsim.run("postmenopausal-mk7", years=1)
    >>> r.df["dp_ucmgp [pmol/L]"].iloc[-1]
    """
    rtol, atol = _checks.tolerance(rtol, "rtol"), _checks.tolerance(atol, "atol")
    include_states = _checks.flag(include_states, "include_states")
    if start is not None and not isinstance(start, _core.InitialCondition):
        raise TypeError(f"start: expected a starting state from calcsim.initial_condition(), not {start!r}")
    sc = Scenario.coerce(scenario)._for_run(years, every, dosing)
    if start is None:
        core = _core.simulate(sc._native, params, rtol=rtol, atol=atol, include_states=include_states)
    else:
        core = _core.simulate_from(sc._native, start, params, rtol=rtol, atol=atol, include_states=include_states)
    return Result(core, sc)


def compare(scenario: Any = None, years: float | str | None = None, every: float | str | None = None,
            params: Mapping[str, float | str] | None = None, *, arms: Any = None,
            rtol: float | None = None, atol: float | None = None, include_states: bool = False,
            threads: int = 0, dosing: str | None = None, uncertainty: int | None = None, seed: int = 1,
            at: Any = None, posterior: str | os.PathLike | None = None, client: Any = None) -> "Comparison":
    """Runs arms side by side and returns a :class:`Comparison`, as ``calcsim compare``.

    Without `arms`, the engine's arms: a scenario that declares ``arms:`` (such
    as 'mk7-dose-response') runs the scenario as written first, then each arm
    in file order; one without runs the scenario as written ('with K2')
    against the same patient with every vitamin K2 source removed from day 0
    ('without K2'). An arm that changes only interventions or the diet starts
    from the state of the scenario as written; one that changes the patient or
    a parameter starts from its own steady state (see :attr:`Comparison.legend`).
    `arms` may be a list of those arms' names, keeping only them in that order
    (``--arms``), or an ordered dict ``{name: arm}`` of your own, an arm being a
    Scenario (or path, name or dict) or a function of the scenario such as
    ``lambda s: s.with_dose('mk7', 360)``; your own arms all start from the
    steady state of `scenario`'s patient on their usual diet. Differences are
    against the first arm.

    The arms run on up to `threads` threads (0: one per arm, at most one per
    core) with the GIL released. Other arguments as :func:`run`.

    ``uncertainty=N`` (20 to 5000) also runs the comparison for N parameter sets
    drawn from the shipped posterior (``calcsim compare --uncertainty N``;
    docs/UNCERTAINTY.md): :attr:`Comparison.intervals` then holds each
    quantity's and each difference's point estimate, median and 90% interval at
    the times `at` (default: start, 1 y, 5 y, end), the same for the same
    `seed`, and :meth:`Comparison.report` prints them. Parameters given in
    `params` are held, not drawn. Arms of your own take `uncertainty` too.
    `client`: a ``distributed.Client`` whose workers run the draws in chunks
    (the same intervals as without it, for the same seed).
    """
    if uncertainty is not None:
        return _uncertainty.compare_with_uncertainty(scenario, years, every, params, arms, threads, dosing,
                                                     uncertainty, seed, at, posterior, client)
    if client is not None:
        raise _checks.input_error("client", "expected together with uncertainty (the posterior draws run on it)")
    rtol, atol = _checks.tolerance(rtol, "rtol"), _checks.tolerance(atol, "atol")
    include_states = _checks.flag(include_states, "include_states")
    threads = _checks.count(threads, "threads", f"0 (one per core) or a number of threads up to {MAX_THREADS}",
                            MAX_THREADS)
    base = Scenario.coerce(scenario)._for_run(years, every, dosing)
    if arms is None or (isinstance(arms, (list, tuple)) and all(isinstance(a, str) for a in arms)):
        select = [] if arms is None else [str(a) for a in arms]
        native, legend, _, _ = _core.compare_arms(base._native, params, rtol=rtol, atol=atol,
                                                  include_states=include_states, threads=threads, select=select)
        results = {name: Result(core, Scenario._make(arm.to_dict(), arm)) for name, _, _, core, arm in native}
        return Comparison(results, base, legend=legend if base.to_dict().get("arms") else "")
    resolved = _resolve_arms(base, arms, years, every, dosing)
    cores = _core.simulate_arms(base._native, [(n, s._native) for n, s in resolved], params, rtol=rtol,
                                atol=atol, include_states=include_states, threads=threads)
    return Comparison({n: Result(c, s) for (n, s), c in zip(resolved, cores)}, base)


def params() -> pd.DataFrame:
    """Every model parameter as a DataFrame indexed by name ('mk7.half_life'), with columns
    value (the default), unit, min, max, source, hypothetical and description.

    Override any of them in :func:`run` and :func:`compare` with
    ``params={'mk7.half_life': 72}`` (in the unit shown here).
    """
    table = pd.DataFrame(_core.parameter_registry())
    return table.set_index("name")


def scenarios() -> pd.DataFrame:
    """The bundled scenarios: index name, columns description and path. Load one with
    ``calcsim.Scenario.load(name)`` or pass its name to :func:`run` / :func:`compare`."""
    table = pd.DataFrame(_core.bundled_scenarios(), columns=["name", "description", "path"])
    return table.set_index("name")


__all__ = ["run", "compare", "Comparison", "initial_condition", "params", "scenarios"]
