"""Parameter uncertainty: the shipped posterior, its fingerprints, and intervals.

The posterior (data/posterior.json, written by scripts/fit/fit_posterior.py) is
a multivariate normal over the parameters the calibration rows inform, in each
parameter's fitting scale (log for positive parameters). docs/UNCERTAINTY.md
states the method and its limits.
"""
from __future__ import annotations

import hashlib
import json
import os

from . import _core
from ._comparison import MAX_THREADS, Comparison, _resolve_arms
from ._result import Result
from ._scenario import Scenario

#: Share of the draws outside a reported interval, on each side (90% intervals).
TAIL = 0.05


def calibration_fingerprint(markdown: str) -> str:
    """A fingerprint of the calibration rows as data, from the generated table of
    docs/CALIBRATION.md (which a test keeps equal to `calcsim calibration`): each
    row's id, published value and accepted interval, not the simulated value,
    which moves with the solver. A row added, removed or re-banded changes it."""
    begin, end = "<!-- BEGIN GENERATED", "<!-- END GENERATED"
    if begin not in markdown or end not in markdown:
        raise ValueError("expected the generated calibration table of docs/CALIBRATION.md")
    block = markdown[markdown.index(begin):markdown.index(end)]
    lines = []
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) < 6 or "(`" not in cells[0]:
            continue
        row_id = cells[0][cells[0].rindex("(`") + 2:cells[0].rindex("`)")]
        lines.append(f"{row_id};{cells[2]};{cells[4]}\n")
    if not lines:
        raise ValueError("the calibration table of docs/CALIBRATION.md has no rows")
    return hashlib.sha256("".join(lines).encode()).hexdigest()[:16]


def load_posterior(path: str | None = None) -> dict:
    """The posterior file as a dict (its provenance, parameters, covariance and
    diagnostics). The engine checks it when it is used; this only reads it."""
    with open(path or _core.default_posterior_path(), encoding="utf-8") as f:
        return json.load(f)


def posterior_status(calibration_markdown: str, path: str | None = None) -> list[str]:
    """Why the posterior no longer matches the model (empty when it does): the
    parameter registry's fingerprint and that of the calibration rows, given the
    text of docs/CALIBRATION.md. Regenerate with scripts/fit/fit_posterior.py."""
    post = load_posterior(path)
    problems = []
    if post["parameter_fingerprint"] != _core.registry_fingerprint():
        problems.append(f"the parameter registry changed (posterior {post['parameter_fingerprint']}, model "
                        f"{_core.registry_fingerprint()}): a parameter was added, removed or changed")
    rows = calibration_fingerprint(calibration_markdown)
    if post["calibration_fingerprint"] != rows:
        problems.append(f"the calibration rows changed (posterior {post['calibration_fingerprint']}, "
                        f"docs/CALIBRATION.md {rows}): a row was added, removed or re-banded")
    return problems


def compare_with_uncertainty(scenario, years, every, params, arms, threads, dosing, uncertainty, seed, at,
                             posterior, client):
    """calcsim.compare(..., uncertainty=N): see its docstring."""
    import pandas as pd

    from . import _checks, _report

    expected = f"a number of posterior draws from {_core.min_draws} to {_core.max_draws}"
    draws = _checks.count(uncertainty, "uncertainty", expected, _core.max_draws)
    if draws < _core.min_draws:
        raise _checks.input_error("uncertainty", f"expected {expected} (a 90% interval needs at least "
                                                 f"{_core.min_draws}), got {draws}")
    seed = _checks.count(seed, "seed", "a whole number from 0 to 2**63", 2**63)
    threads = _checks.count(threads, "threads", f"0 (one per core) or a number of threads up to {MAX_THREADS}",
                            MAX_THREADS)
    base = Scenario.coerce(scenario)._for_run(years, every, dosing)
    own_arms = arms is None or (isinstance(arms, (list, tuple)) and all(isinstance(a, str) for a in arms))
    # Arms built in Python (scenarios, dicts or functions of the scenario) run
    # as calcsim.compare runs them without uncertainty: all from the starting
    # state of `scenario`.
    built = [] if own_arms else _resolve_arms(base, arms, years, every, dosing)
    options = {
        "params": params, "draws": draws, "seed": seed,
        "at_days": [] if at is None else _report.summary_times(at, base.duration),
        "select": [str(a) for a in arms] if own_arms and arms is not None else [], "threads": threads,
        "posterior": "" if posterior is None else os.fspath(posterior), "dosing_fixed": dosing is not None,
    }
    samples = None if client is None else _draws_on_cluster(client, base, built, options)
    native, intervals, draws_info, table = _core.compare_uncertainty(
        base._native, arms=[(n, s._native) for n, s in built], samples=samples, **options)
    scenarios = dict(built)
    c = Comparison({name: Result(core, scenarios.get(name, base)) for name, core in native}, base)
    c._intervals = pd.DataFrame(intervals)
    c._uncertainty = {**draws_info, "table": table}
    return c


def _draw_chunk(base, built, options: dict, first: int, count: int) -> list:
    """Draws [first, first + count) of a comparison: one Dask task."""
    return _core.comparison_draw_samples(base._native, arms=[(n, s._native) for n, s in built], first=first,
                                         count=count, **{**options, "threads": 1})


def _draws_on_cluster(client, base, built, options: dict) -> list:
    """Every draw's outcome, in chunks on a distributed.Client's workers. Draw i
    depends only on the seed and i, and the engine reduces the outcomes as it
    reduces its own, so the intervals are those of a run without the client."""
    import math

    n = options["draws"]
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    size = max(1, math.ceil(n / (4 * workers)))
    futures = [client.submit(_draw_chunk, base, built, options, first, min(size, n - first), pure=False)
               for first in range(0, n, size)]
    try:
        parts = client.gather(futures)
    except BaseException:
        client.cancel(futures)
        raise
    return [outcome for part in parts for outcome in part]
