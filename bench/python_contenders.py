"""The Python sides of the benchmarks: scipy's solve_ivp driving calcsim's
compiled model (W1/W2), and notebook latency of calcsim.run (W4).

Imported by bench.py once the calcsim package of the build tree is on
sys.path.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.integrate import solve_ivp

import calcsim
from calcsim import _core

SLOW_OUTPUTS = ("bmd_change", "arterial_score", "dp_ucmgp")


def slow_error(times, values, ref_times, ref_values) -> float:
    """max over the slow outputs of max_t |y - ref| / max_t |ref|, on the times both
    have (the definition of bench/accuracy.hpp)."""
    keys = np.round(np.asarray(times) * 1e6).astype(np.int64)
    ref_keys = np.round(np.asarray(ref_times) * 1e6).astype(np.int64)
    _, mine, theirs = np.intersect1d(keys, ref_keys, return_indices=True)
    if len(mine) == 0:
        raise ValueError("the run and the reference share no output time")
    a = np.asarray(values)[mine]
    r = np.asarray(ref_values)[theirs]
    return float(np.max(np.max(np.abs(a - r), axis=0) / np.max(np.abs(r), axis=0)))


def slow_columns(columns) -> list[int]:
    return [list(columns).index(name) for name in SLOW_OUTPUTS]


def solve_with_scipy(model, method: str, rtol: float, atol: float):
    """The notebook way: one solve_ivp call per interval between events, with
    calcsim's compiled right-hand side and Jacobian; the depots' closed form
    and the jumps come from the model. Returns (times, outputs, right-hand side evaluations)."""
    times = model.output_times
    states = np.empty((len(times), model.n_states))
    x = model.initial_state
    count = model.segment_count
    first = 0
    nfev = 0
    for i in range(count):
        t0, t1 = model.segment_bounds(i)
        y0 = model.start_segment(i, x)
        last = i == count - 1
        end = first
        while end < len(times) and (times[end] < t1 or (last and times[end] <= t1)):
            end += 1
        here = np.clip(times[first:end], t0, t1)
        if t1 <= t0:
            states[first:end] = model.full_states(here, np.repeat(y0[:, None], len(here), axis=1))
            first = end
            continue
        t_eval = here if len(here) and here[-1] == t1 else np.append(here, t1)
        sol = solve_ivp(model.rhs, (t0, t1), y0, method=method, t_eval=t_eval, rtol=rtol, atol=atol,
                        jac=model.jacobian)
        if sol.status != 0:
            raise RuntimeError(f"solve_ivp {method} failed on day {t0:.3f}: {sol.message}")
        nfev += int(sol.nfev)
        states[first:end] = model.full_states(here, sol.y[:, :len(here)])
        x = model.full_state(t1, sol.y[:, -1])
        first = end
    return times, model.outputs(times, states), nfev


def scipy_ladder(scenario, init, method: str, ladder, target_error: float, ref_times, ref_values,
                 atol_per_rtol: float):
    """Runs `method` at each rtol of `ladder` (loose to tight, atol = atol_per_rtol x rtol)
    until its error is no worse than `target_error`. Returns the rungs tried."""
    model = _core.Model(scenario._native, None, init)
    cols = slow_columns(model.output_columns)
    rungs = []
    for rtol in ladder:
        atol = rtol * atol_per_rtol
        start = time.perf_counter()
        times, outputs, nfev = solve_with_scipy(model, method, rtol, atol)
        seconds = time.perf_counter() - start
        error = slow_error(times, outputs[:, cols], ref_times, ref_values)
        rungs.append({"rtol": rtol, "atol": atol, "wall_s": seconds, "error": error, "rhs_evaluations": nfev})
        if error <= target_error:
            break
    return rungs


def calcsim_error(scenario, init, ref_times, ref_values) -> float:
    """calcsim's own error at its default tolerances on `scenario`."""
    r = calcsim.run(scenario, start=init)
    return slow_error(r.array[:, 0], r.array[:, slow_columns(r.columns)], ref_times, ref_values)


def notebook_latency(scenario, years: float, calls: int, budget_s: float):
    """`calls` calls of calcsim.run(scenario, years=..., start=init).df, as a
    notebook slider makes them. The engine's own time per call is the solver
    statistics' wall time (C++ simulate_from, outputs included); the rest of
    the call (argument conversion, the Python layer, the DataFrame) is the
    binding overhead."""
    init = calcsim.initial_condition(scenario)
    results = []
    start = time.perf_counter()
    while len(results) < calls and (not results or time.perf_counter() - start < budget_s):
        r = calcsim.run(scenario, years=years, start=init)
        r.df  # noqa: B018 -- building the DataFrame is part of the call
        results.append(r)
    total = time.perf_counter() - start
    engine = sum(r.meta["solver"]["wall_seconds"] for r in results)
    return {"calls": len(results), "total_s": total, "engine_s": engine, "per_call_ms": 1e3 * total / len(results),
            "engine_per_call_ms": 1e3 * engine / len(results)}
