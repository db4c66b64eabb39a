"""Virtual populations: one scenario over many patients whose parameters vary.

:func:`population` runs the engine's population (``calcsim population`` on
the command line) and returns a :class:`Population` with two DataFrames:
``.patients`` (one row per virtual patient: its sampled parameters and its
outputs) and ``.bands`` (the 5th, 25th, 50th, 75th and 95th percentiles of
each output over time). Patient i depends only on the seed and i, so a run
split into chunks, on threads or on a Dask cluster (``client=``), gives the
same numbers as one local run.
"""

from __future__ import annotations

import math
import numbers
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import pandas as pd

from . import _checks, _core
from ._labels import TIME_LABEL, label
from ._analysis import _times
from ._report import _days
from ._scenario import Scenario

PERCENTILES = tuple(_core.population_percentiles)
PERCENTILE_COLUMNS = tuple(f"p{p:g}" for p in PERCENTILES)


def _names(value: Any, what: str) -> list[str]:
    """None (the default), 'a,b' or a list of names."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, Iterable) and all(isinstance(v, str) for v in value):
        return list(value)
    raise TypeError(f"{what} must be a list of names or 'a,b' text, not {value!r}")


def _count(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what} must be a whole number, not {value!r}")
    return int(value)


def _run_chunk(scenario: Scenario, params: Any, options: dict, first: int, count: int) -> Any:
    """Patients [first, first + count) of the population: one Dask task."""
    return _core.population(scenario._native, params, first=first, count=count, **options)


def population(scenario: Any = None, n: int = 100, cv: float = 0.3, seed: int = 1, *, years: Any = None,
               every: Any = "30d", outputs: Any = None, at: Any = None, parameters: Any = None,
               params: Mapping[str, float | str] | None = None, threads: int | None = None, client: Any = None,
               chunk_size: int | None = None, progress: Callable[[int, int], Any] | None = None,
               dosing: str | None = None) -> "Population":
    """Runs a virtual population of `n` patients and returns a :class:`Population`.

    Each patient's parameters are drawn log-normally around the scenario's
    values (the median) with coefficient of variation `cv`, redrawn within
    each parameter's valid range; each patient starts from its own steady
    state. ``calcsim population SCENARIO --n N --cv CV --seed S`` gives the same numbers.

    scenario: as :func:`calcsim.run` (None, a Scenario, a path or bundled name, a dict).
    years: run length (number or text), like ``--years``.
    every: interval of the percentile bands in days or text ('30d', '1y'); at least a day.
    outputs: output names (default dp_ucmgp, arterial_score, bmd_change).
    at: the times of each patient's outputs in ``.patients`` (default: the end of the run).
    parameters: the parameters that vary (default: all but the structural
        exponents and steepnesses, the reference points where curves are
        centred and the measurement conventions; see
        ``calcsim._core.default_population_parameters()``).
    params: parameter overrides, which move the medians, as in :func:`calcsim.run`.
    threads: worker threads (default: one per core; with `client`, threads per chunk, default 1).
    client: a ``distributed.Client``: the patients are split into chunks of
        `chunk_size` (default: about four chunks per worker) run as tasks on
        its cluster, and joined. The result is the same as a local run's.
    progress: called as ``progress(done, total)`` while patients run (about
        every 50 ms locally, once per chunk with `client`).
    dosing: 'exact', 'daily-averaged' or 'stroboscopic', as in :func:`calcsim.run`. Daily-averaged
        dosing makes a ten-year patient cost about 4 ms instead of about a second,
        within 1% on BMD and arterial score; the natural choice for large populations.

    The run releases the GIL; KeyboardInterrupt (Ctrl-C) stops it within about
    a second once the patients running have finished (with `client`, the
    remaining chunks are cancelled).
    """
    sc = Scenario.coerce(scenario)._for_run(years, None, dosing)
    n = _count(n, "n")
    if n < 1:
        raise _checks.input_error("n", f"expected a number of patients of 1 or more, got {n}")
    options = {
        "n": n,
        "cv": float(cv),
        "seed": _count(seed, "seed"),
        "outputs": _names(outputs, "outputs"),
        "every_days": _days(every),
        "at_days": _times(at),
        "parameters": _names(parameters, "parameters"),
    }
    if client is None:
        options["threads"] = 0 if threads is None else _count(threads, "threads")
        core = _core.population(sc._native, params, progress=progress, **options)
    else:
        options["threads"] = 1 if threads is None else _count(threads, "threads")
        core = _on_cluster(client, sc, params, options, chunk_size, progress)
    return Population(core, sc)


def _on_cluster(client: Any, scenario: Scenario, params: Any, options: dict, chunk_size: int | None,
                progress: Callable[[int, int], Any] | None) -> Any:
    from distributed import as_completed

    n = options["n"]
    if chunk_size is None:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        chunk_size = max(1, math.ceil(n / (4 * workers)))
    chunk_size = _count(chunk_size, "chunk_size")
    if chunk_size < 1:
        raise _checks.input_error("chunk_size", f"expected 1 or more patients per chunk, got {chunk_size}")
    chunks = [(first, min(chunk_size, n - first)) for first in range(0, n, chunk_size)]
    futures = [client.submit(_run_chunk, scenario, params, options, first, count, pure=False)
               for first, count in chunks]
    sizes = {f.key: count for f, (_, count) in zip(futures, chunks)}
    try:
        done = 0
        for future in as_completed(futures):
            done += sizes[future.key]
            if progress is not None:
                progress(done, n)
        parts = client.gather(futures)
    except BaseException:
        client.cancel(futures)
        raise
    return _core.merge_populations(parts)


class Population:
    """A virtual population (from :func:`population`).

    - :attr:`patients`: one row per patient (index 'patient'): 'status' ('ok'
      or 'failed'), each varied parameter ('mk7.half_life [h]'), each output
      at the summary times ('dp_ucmgp [pmol/L]', or 'dp_ucmgp 5y [pmol/L]'
      with several) and 'failure' (the solver's message, '' when it ran);
    - :attr:`bands`: the percentiles over the patients that ran, indexed by
      (quantity 'dp_ucmgp [pmol/L]', 'time [day]'), columns p5, p25, p50,
      p75, p95; ``pop.bands.loc['dp_ucmgp [pmol/L]']`` is one output over time;
    - :attr:`failed`, :attr:`n`, :attr:`seed`, :attr:`cv`, :attr:`parameters`;
    - :meth:`report` is what ``calcsim population`` prints; :meth:`save` and
      :meth:`save_bands` write the files of ``--out`` and ``--bands-out``.
    """

    __slots__ = ("_core", "_scenario")

    def __init__(self, core: Any, scenario: Scenario | None = None):
        self._core = core
        self._scenario = scenario

    @property
    def scenario(self) -> Scenario | None:
        """The scenario every patient ran (with `years` applied)."""
        return self._scenario

    @property
    def n(self) -> int:
        """Patients in the population."""
        return self._core.n

    @property
    def seed(self) -> int:
        """The seed the patients were drawn with."""
        return self._core.seed

    @property
    def cv(self) -> float:
        """The coefficient of variation of every varied parameter."""
        return self._core.cv

    @property
    def failed(self) -> int:
        """Patients whose solve failed (left out of the bands; see ``patients['failure']``)."""
        return self._core.failed

    @property
    def parameters(self) -> list[str]:
        """The varied parameters, in registry order."""
        return list(self._core.parameters)

    @property
    def outputs(self) -> list[str]:
        """The output names, in the order of the columns and bands."""
        return list(self._core.outputs)

    @property
    def band_days(self) -> list[float]:
        """The times of the bands, in days (midnights)."""
        return list(self._core.band_days)

    @property
    def patients(self) -> pd.DataFrame:
        """One row per patient: status, sampled parameters, outputs and failure message."""
        c = self._core
        index = pd.Index(c.patient_index.astype("int64"), name="patient")
        failures = list(c.failures)
        columns: dict[str, Any] = {"status": ["failed" if f else "ok" for f in failures]}
        for j, (name, unit) in enumerate(zip(c.parameters, c.parameter_units)):
            columns[label(name, unit)] = c.parameter_values[:, j]
        values = c.values
        times = len(c.times_days)
        for o in range(len(c.outputs)):
            for t in range(times):
                columns[c.output_label(o, t)] = values[:, o * times + t]
        columns["failure"] = failures
        return pd.DataFrame(columns, index=index)

    @property
    def bands(self) -> pd.DataFrame:
        """Percentiles (columns p5 ... p95) by (quantity, 'time [day]')."""
        c = self._core
        bands = c.bands
        days = list(c.band_days)
        index = pd.MultiIndex.from_product([[label(o, u) for o, u in zip(c.outputs, c.units)], days],
                                           names=["quantity", TIME_LABEL])
        table = pd.DataFrame(bands.reshape(-1, len(PERCENTILES)), index=index, columns=list(PERCENTILE_COLUMNS))
        table.attrs["patients"] = len(c.patient_index) - c.failed
        return table

    def report(self, format: str = "table") -> str:
        """The summary ``calcsim population`` prints: 'table', 'csv' (the bands) or 'json'."""
        return self._core.report(format)

    def save(self, path: str | os.PathLike) -> None:
        """Writes the patients as ``calcsim population --out FILE.csv`` does."""
        Path(path).write_text(self._core.patients_csv(), encoding="utf-8")

    def save_bands(self, path: str | os.PathLike) -> None:
        """Writes the bands as ``calcsim population --bands-out FILE.csv`` does."""
        Path(path).write_text(self._core.bands_csv(), encoding="utf-8")

    def __reduce__(self):
        return (Population, (self._core, self._scenario))

    def __repr__(self) -> str:
        c = self._core
        return (f"<calcsim.Population '{c.scenario}': {len(c.patient_index)} patients, cv {c.cv:g}, seed {c.seed}, "
                f"{_core.format_duration(c.run_days)}, {c.failed} failed>")


__all__ = ["Population", "population", "PERCENTILES"]
