"""calcsim benchmarks: every workload and contender in one run, one table.

    bash scripts/bench.sh [--quick] [options]       (builds, then runs this)
    /usr/bin/python3 bench/bench.py --build-dir build/release [--quick] [options]

W1 the default scenario over 10 years, W2 over 30 (calcsim with exact and with
daily-averaged dosing, CVODE re-initialised at every event, scipy LSODA and BDF
through calcsim._core.Model), W3 a virtual population through
calcsim::population on 1 and 2 threads, W4 notebook latency, and the
instruction count of one W1-style run under callgrind. Contenders are compared at matched
achieved error (see bench/README.md). The table goes to standard output,
progress to standard error; --json writes every measurement.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
LADDER = [1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 3e-7, 1e-7, 3e-8, 1e-8]
SCIPY_METHODS = ("LSODA", "BDF")

# The targets.
W1_MAX_MS = 50.0
DAILY_MAX_MS = 5.0          # daily-averaged dosing, W1
DAILY_MAX_VS_EXACT = 0.01   # ... on BMD change and arterial score against exact dosing
DAILY_CRITERION = ("bmd_change", "arterial_score")
STROBE_MAX_VS_EXACT = 1e-3  # stroboscopic dosing against exact, on each slow output (its stated tolerance)
MIN_VS_SCIPY = 100.0
MIN_VS_CVODE = 25.0
MAX_W2_OVER_W1 = 3.1
STEADY_STATE_MAX_MS = 10.0  # the exact starting state
W3_MAX_S = 30.0
W3_MIN_SPEEDUP = 1.7
W3_MAX_MIB = 2048.0
W4_MAX_OVERHEAD = 0.05


@dataclass
class Settings:
    w1_years: float = 10.0
    w2_years: float = 30.0
    repeats: int = 5
    min_total_s: float = 2.0
    cvode_repeats: int = 3
    reference_rtol: float = 1e-10
    scipy_years: float = 10.0
    population_n: int = 10000
    population_years: float = 10.0
    population_every_days: float = 30.0
    population_exact_n: int = 20
    notebook_calls: int = 1000
    notebook_days: float = 30.0
    notebook_budget_s: float = 120.0
    callgrind_years: float = 1.0


QUICK = Settings(w1_years=0.1, w2_years=0.3, repeats=1, min_total_s=0.0, cvode_repeats=1, reference_rtol=1e-8, scipy_years=0.05,
                 population_n=4, population_years=0.05, population_exact_n=2, notebook_calls=5,
                 notebook_budget_s=30.0, callgrind_years=0.01)


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


class Bench:
    def __init__(self, build: Path, settings: Settings, scenario: str, workdir: Path):
        self.exe = build / "bench" / "calcsim_bench"
        if not self.exe.exists():
            raise SystemExit(f"bench: {self.exe} is missing; build it first (bash scripts/bench.sh does)")
        self.s = settings
        self.scenario = scenario
        self.workdir = workdir

    def cpp(self, *args: str) -> dict:
        cmd = [str(self.exe), *args]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"bench: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
        return json.loads(done.stdout)

    # --- W1/W2 -----------------------------------------------------------------

    def solvers(self, years: float, ladder: list[float], reference_csv: Path) -> dict:
        return self.cpp("solvers", "--scenario", self.scenario, "--years", f"{years}", "--repeats", str(self.s.repeats),
                        "--min-total-seconds", f"{self.s.min_total_s}",
                        "--cvode-repeats", str(self.s.cvode_repeats), "--reference-rtol", f"{self.s.reference_rtol}",
                        "--cvode-ladder", ",".join(f"{r:g}" for r in ladder), "--write-reference", str(reference_csv))

    def scipy(self, years: float, ladders: dict[str, list[float]], reference_csv: Path, atol_per_rtol: float) -> dict:
        """scipy LSODA and BDF on min(years, scipy_years) against the reference's
        first part, matched to calcsim's error on the same horizon."""
        import calcsim
        import python_contenders as pc

        horizon = min(years, self.s.scipy_years)
        scenario = calcsim.Scenario.load(self.scenario)._for_run(horizon, None)
        ref_times, ref_values = read_reference(reference_csv)
        init = calcsim.initial_condition(scenario)
        target = pc.calcsim_error(scenario, init, ref_times, ref_values)
        out = {"horizon_years": horizon, "scale": years / horizon, "calcsim_error": target, "methods": {}}
        for method, ladder in ladders.items():
            rungs = pc.scipy_ladder(scenario, init, method, ladder, target, ref_times, ref_values, atol_per_rtol)
            matched = rungs[-1]["error"] <= target
            out["methods"][method] = {"ladder": rungs, "matched": matched,
                                      "wall_s": rungs[-1]["wall_s"] * out["scale"]}
        return out

    # --- W3 ----------------------------------------------------------------------

    def population(self, threads: int, dosing: str, count: int = 0) -> dict:
        """calcsim::population: the first `count` of the population_n patients (0: all)."""
        return self.cpp("population", "--scenario", self.scenario, "--years", f"{self.s.population_years}",
                        "--dosing", dosing, "--n", str(self.s.population_n), "--count", str(count), "--threads",
                        str(threads), "--seed", "1", "--cv", "0.3", "--every", f"{self.s.population_every_days}")

    # --- W4 ----------------------------------------------------------------------

    def notebook(self) -> dict:
        import calcsim
        import python_contenders as pc

        years = self.s.notebook_days / 365.25
        cpp = self.cpp("notebook", "--scenario", self.scenario, "--years", f"{years}", "--calls",
                       str(self.s.notebook_calls), "--budget", f"{self.s.notebook_budget_s}")
        py = pc.notebook_latency(calcsim.Scenario.load(self.scenario), years, self.s.notebook_calls,
                                 self.s.notebook_budget_s)
        return {"cpp": cpp, "python": py}

    # --- callgrind -----------------------------------------------------------------

    def callgrind(self) -> dict:
        valgrind = shutil.which("valgrind")
        if valgrind is None:
            return {"error": "valgrind is not installed"}
        out_file = self.workdir / "callgrind.out"
        args = ["run", "--scenario", self.scenario, "--years", f"{self.s.callgrind_years}"]

        def run(at_start: str) -> tuple[dict, int]:
            cmd = [valgrind, "--tool=callgrind", f"--callgrind-out-file={out_file}", f"--instr-atstart={at_start}",
                   "--toggle-collect=calcsim::simulate_from*", str(self.exe), *args]
            done = subprocess.run(cmd, capture_output=True, text=True)
            found = re.findall(r"Collected\s*:\s*(\d+)", done.stderr)
            if done.returncode != 0 or not found:
                raise SystemExit(f"bench: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
            return json.loads(done.stdout), int(found[-1])

        # Instrumented from the solve only when the program was built with
        # callgrind's client requests; otherwise the whole run (slower).
        info, instructions = run("no")
        if not info.get("callgrind_client_requests"):
            info, instructions = run("yes")
        return {"years": self.s.callgrind_years, "instructions": instructions, "stats": info["stats"]}


def read_reference(path: Path):
    import numpy as np

    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    data = np.array([[float(v) for v in row] for row in rows[1:]])
    return data[:, 0], data[:, 1:]


# --- the table -------------------------------------------------------------------------


def ms(v: float) -> str:
    if v is None or not math.isfinite(v):
        return "n/a"
    if v >= 10000:
        return f"{v / 1000:.1f} s"
    if v < 10:
        return f"{v:.2f} ms"
    return f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"


def secs(v: float) -> str:
    if v >= 3600:
        return f"{v / 3600:.1f} h"
    if v < 1:
        return ms(1e3 * v)
    return f"{v:.1f} s" if v < 100 else f"{v:.0f} s"


def tol(v: float) -> str:
    """1e-3 rather than 0.001."""
    mantissa, exponent = f"{v:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def err(v) -> str:
    return "n/a" if v is None or not math.isfinite(v) else f"{v:.1e}"


def ratio(v: float) -> str:
    return "n/a" if v is None or not math.isfinite(v) else f"{v:.1f}x" if v < 100 else f"{v:.0f}x"


def pct(v) -> str:
    return "n/a" if v is None or not math.isfinite(v) else f"{100 * v:.2g}%"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "MISSED")


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, workload, contender, setting, time_, error="", vs="", target="", met=""):
        self.rows.append([workload, contender, setting, time_, error, vs, target, met])

    def render(self) -> str:
        head = ["workload", "contender", "setting", "time", "error", "ratio", "target", "met?"]
        widths = [max(len(r[i]) for r in [head, *self.rows]) for i in range(len(head))]
        line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
        out = [line(head), line(["-" * w for w in widths])]
        out += [line(r) for r in self.rows]
        return "\n".join(out + [""] + self.notes)


def solver_rows(t: Table, name: str, w: dict, sp: dict) -> tuple[dict, dict]:
    """The calcsim, CVODE and scipy rows of one workload; returns the times (ms)
    and the rows, by contender."""
    c = w["calcsim"]
    base = c["median_ms"]
    times = {"calcsim": base}
    rows = {"calcsim": len(t.rows)}
    t.add(name, "calcsim", f"rtol {tol(c['rtol'])}, atol {tol(c['atol'])}, median of {len(c['runs_ms'])}", ms(base),
          err(c["error"]), "1x")
    cv = w["cvode"]
    rows["cvode"] = len(t.rows)
    if cv["matched"] is not None:
        rung = cv["ladder"][cv["matched"]]
        times["cvode"] = cv["median_ms"]
        t.add("", "CVODE, re-init per event", f"rtol {tol(rung['rtol'])}, median of {len(cv['runs_ms'])}",
              ms(cv["median_ms"]), err(rung["error"]), ratio(cv["median_ms"] / base))
    else:
        tight = cv["ladder"][-1]
        t.add("", "CVODE, re-init per event", f"rtol {tol(tight['rtol'])}, NOT matched", ms(tight["wall_ms"]),
              err(tight["error"]), ratio(tight["wall_ms"] / base))
    extrapolated = sp["scale"] > 1.0 + 1e-9
    for method, m in sp["methods"].items():
        rung = m["ladder"][-1]
        span = "W1's run" if sp.get("reused") else f"{sp['horizon_years']:g} y"
        how = f"{span} x{sp['scale']:g}*" if extrapolated else "1 run"
        setting = f"rtol {tol(rung['rtol'])}, {how}" + ("" if m["matched"] else ", NOT matched")
        times[method] = m["wall_s"] * 1e3
        rows[method] = len(t.rows)
        t.add("", f"scipy {method}", setting,
              ms(m["wall_s"] * 1e3) + ("*" if extrapolated else ""), err(rung["error"]) + ("*" if extrapolated else ""),
              ratio(m["wall_s"] * 1e3 / base))
    return times, rows


def daily_rows(t: Table, w: dict) -> dict:
    """The rows of calcsim with daily-averaged dosing; returns them by name."""
    d = w["daily_averaged"]
    exact = w["calcsim"]["median_ms"]
    vs_exact = d["error_vs_exact"]
    rows = {"solve": len(t.rows)}
    t.add("", "calcsim, daily-averaged", f"solve only, median of {d['runs']}", ms(d["solve_median_ms"]),
          err(d["error"]), f"{ratio(exact / d['solve_median_ms'])} faster than exact")
    rows["with_start"] = len(t.rows)
    t.add("", "  with its starting state", f"+ {ms(d['starting_state_median_ms'])} steady state, median",
          ms(d["with_starting_state_median_ms"]))
    rows["vs_exact"] = len(t.rows)
    t.add("", "  vs exact calcsim", "BMD change, arterial score", ", ".join(pct(vs_exact[k]) for k in DAILY_CRITERION),
          "", f"dp-ucMGP {pct(vs_exact['dp_ucmgp'])}", f"<= {100 * DAILY_MAX_VS_EXACT:g}%",
          verdict(all(vs_exact[k] is not None and vs_exact[k] <= DAILY_MAX_VS_EXACT for k in DAILY_CRITERION)))
    return rows


def strobe_rows(t: Table, w: dict, max_ms: float | None) -> None:
    """The rows of calcsim with stroboscopic dosing (exact meals, identical days extrapolated)."""
    d = w["stroboscopic"]
    exact = w["calcsim"]["median_ms"]
    vs_exact = d["error_vs_exact"]
    days = w["workload"]["years"] * 365.25
    t.add("", "calcsim, stroboscopic", f"{d['projections']} steps skip {d['projected_days']} of {days:.0f} d, "
          f"median of {len(d['runs_ms'])}", ms(d["median_ms"]), err(d["error"]),
          f"{ratio(exact / d['median_ms'])} faster than exact",
          *([f"<= {max_ms:g} ms", verdict(d["median_ms"] <= max_ms)] if max_ms is not None else []))
    worst = max(v for v in vs_exact.values() if v is not None) if vs_exact else None
    t.add("", "  vs exact calcsim", "BMD change, arterial score, dp-ucMGP",
          ", ".join(err(vs_exact[k]) for k in ("bmd_change", "arterial_score", "dp_ucmgp")), "", "",
          f"<= {STROBE_MAX_VS_EXACT:g}", verdict(worst is not None and worst <= STROBE_MAX_VS_EXACT))


def daily_ratios(t: Table, w: dict, times: dict) -> None:
    """For information: the daily-averaged solve against CVODE and the best scipy."""
    solve = w["daily_averaged"]["solve_median_ms"]
    best = min(SCIPY_METHODS, key=lambda k: times[k])
    parts = ([f"CVODE {ratio(times['cvode'] / solve)}"] if "cvode" in times else []) + \
        [f"{best} {ratio(times[best] / solve)}"]
    t.add("", "  vs CVODE, best scipy", "solve only, for information", "", "", "; ".join(parts))


def build_table(r: dict, s: Settings, quick: bool) -> Table:
    t = Table()
    w1, w2 = r["w1"], r["w2"]
    y1, y2 = w1["workload"]["years"], w2["workload"]["years"]

    times1, rows1 = solver_rows(t, f"W1 {y1:g} y", w1, r["w1_scipy"])
    base1 = times1["calcsim"]
    t.rows[rows1["calcsim"]][6:] = [f"<= {W1_MAX_MS:g} ms", verdict(base1 <= W1_MAX_MS)]
    t.rows[rows1["cvode"]][6:] = [f">= {MIN_VS_CVODE:g}x",
                                  verdict(times1["cvode"] / base1 >= MIN_VS_CVODE) if "cvode" in times1 else "n/a"]
    best = min(SCIPY_METHODS, key=lambda k: times1[k])
    t.rows[rows1[best]][6:] = [f"best scipy >= {MIN_VS_SCIPY:g}x", verdict(times1[best] / base1 >= MIN_VS_SCIPY)]
    daily1 = daily_rows(t, w1)
    with_start = w1["daily_averaged"]["with_starting_state_median_ms"]
    t.rows[daily1["with_start"]][6:] = [f"<= {DAILY_MAX_MS:g} ms", verdict(with_start <= DAILY_MAX_MS)]
    daily_ratios(t, w1, times1)
    strobe_rows(t, w1, W1_MAX_MS)

    cg = r["callgrind"]
    if "instructions" in cg:
        t.add("", "calcsim, callgrind", f"{cg['years']:g} y run, instructions",
              f"{cg['instructions'] / 1e9:.3f} G", "", f"{cg['instructions'] / cg['years'] / 1e9:.2f} G/year")
    else:
        t.add("", "calcsim, callgrind", cg["error"], "n/a")
    t.add("", "steady state (not above)", f"exact dosing, median of {len(w1['initial_condition_runs_ms'])}",
          ms(w1["initial_condition_ms"]), target=f"<= {STEADY_STATE_MAX_MS:g} ms",
          met=verdict(w1["initial_condition_ms"] <= STEADY_STATE_MAX_MS))

    times2, rows2 = solver_rows(t, f"W2 {y2:g} y", w2, r["w2_scipy"])
    growth = times2["calcsim"] / base1
    t.rows[rows2["calcsim"]][5:] = [f"{ratio(growth)} W1", f"<= {MAX_W2_OVER_W1:g}x W1",
                                    verdict(growth <= MAX_W2_OVER_W1)]
    for contender in ("cvode", *SCIPY_METHODS):
        if contender in times2 and contender in times1:
            t.rows[rows2[contender]][5] += f" ({ratio(times2[contender] / times1[contender])} W1)"
    daily2 = daily_rows(t, w2)
    daily_growth = w2["daily_averaged"]["solve_median_ms"] / w1["daily_averaged"]["solve_median_ms"]
    t.rows[daily2["solve"]][5] += f" ({ratio(daily_growth)} W1)"
    t.rows[daily2["solve"]][6:] = [f"<= {MAX_W2_OVER_W1:g}x W1", verdict(daily_growth <= MAX_W2_OVER_W1)]
    daily_ratios(t, w2, times2)
    strobe_rows(t, w2, None)

    w3 = r["w3"]
    p1, p2 = w3["daily-averaged"]["1"], w3["daily-averaged"]["2"]
    n = p1["n_requested"]

    def full_time(p):
        return p["wall_s"] * n / p["n_done"]

    def speedup(one, two):
        return (one["wall_s"] / one["n_done"]) / (two["wall_s"] / two["n_done"])

    name = f"W3 {n} x {p1['workload']['years']:g} y"
    t.add(name, "daily-averaged, 1 thread", f"{n} patients, CPU {secs(p1['cpu_s'])}", secs(p1["wall_s"]),
          f"{p1['failed']} failed", "1x")
    sp = speedup(p1, p2)
    t.add("", "daily-averaged, 2 threads", f"{n} patients, CPU {secs(p2['cpu_s'])}", secs(p2["wall_s"]),
          f"{p2['failed']} failed", f"{ratio(sp)} speed-up", f"<= {W3_MAX_S:g} s; >= {W3_MIN_SPEEDUP:g}x",
          f"{verdict(p2['wall_s'] <= W3_MAX_S)}; {verdict(sp >= W3_MIN_SPEEDUP)}")
    t.add("", "peak RSS, 2 threads", "measured", f"{p2['peak_rss_mib']:.0f} MiB", "", "",
          f"<= {W3_MAX_MIB / 1024:g} GiB", verdict(p2["peak_rss_mib"] <= W3_MAX_MIB))
    if "exact" in w3:
        e1, e2 = w3["exact"]["1"], w3["exact"]["2"]
        t.add("", "exact, 1 thread", f"{e1['n_done']} of {n} run*", secs(full_time(e1)) + "*",
              f"{e1['failed']} failed", "1x")
        t.add("", "exact, 2 threads", f"{e2['n_done']} of {n} run*", secs(full_time(e2)) + "*",
              f"{e2['failed']} failed", f"{ratio(speedup(e1, e2))} speed-up")

    nb = r["w4"]
    py, cpp = nb["python"], nb["cpp"]
    overhead = (py["per_call_ms"] - py["engine_per_call_ms"]) / py["engine_per_call_ms"]
    w4 = f"W4 {py['calls']} x {s.notebook_days:g} d"
    t.add(w4, "calcsim.run(...).df", "per call, from Python", ms(py["per_call_ms"]))
    t.add("", "  engine solve", "solver stats wall time", ms(py["engine_per_call_ms"]))
    t.add("", "  binding overhead", "the rest of the call",
          ms(py["per_call_ms"] - py["engine_per_call_ms"]), "", f"{100 * overhead:.1f}% of solve",
          f"<= {100 * W4_MAX_OVERHEAD:g}%", verdict(overhead <= W4_MAX_OVERHEAD))
    t.add("", "C++ loop, same runs", f"{cpp['calls']} calls, simulate_from", ms(cpp["mean_ms"]), "",
          ratio(py["per_call_ms"] / cpp["mean_ms"]) + " Python/C++")

    ref = w1["reference"]
    per = w1["calcsim"]["rtol"] / w1["calcsim"]["atol"]
    every = p1["every_days"]
    t.notes += [
        "error: max over BMD change, arterial score and dp-ucMGP of max_t |y - ref| / max_t |ref|, daily outputs;",
        f"  ref = CVODE BDF at rtol {tol(ref['rtol'])} with the model's Jacobian. Every solver uses atol = rtol / {per:.0f}",
        "  (the ratio of calcsim's default tolerances).",
        "matched error: CVODE and scipy take the loosest rtol of " + ", ".join(tol(x) for x in LADDER),
        "  whose error is no worse than exact calcsim's at its defaults (W2 starts from W1's rtol).",
        "ratio: contender time / calcsim time on the same workload (larger = calcsim faster); (x W1): W2 / W1 time.",
        "  The targets compare calcsim with exact dosing (every meal and dose an event) with CVODE and scipy, which",
        "  run the exact events too; each starts from the exact starting state, computed beforehand (not timed).",
        "daily-averaged: meals and doses spread over each day (Scenario::dosing); same default tolerances. 'solve only'",
        "  starts from its own starting state computed beforehand, as the rows above; 'with its starting state' adds",
        "  computing it (initial_condition for daily-averaged dosing), i.e. a whole run from nothing, the one held to",
        "  the target. 'vs exact calcsim': max_t |y - exact| / max_t |exact| on each output, exact = calcsim with",
        "  exact dosing at its default tolerances (the issue's criterion: BMD change and arterial score).",
        "stroboscopic: exact meals and doses (Scenario::dosing); the days of long stretches of identical days are",
        "  extrapolated (ROS2 steps on the drift of the state sampled at midnight); from the exact starting state,",
        "  default tolerances. 'vs exact calcsim' as for daily-averaged, held to 1e-3 on each of the three outputs;",
        "  the W1 row is held to the 50 ms of the exact-dosing target.",
        "CVODE: BDF, dense Newton with the model's AD Jacobian, CVodeReInit at every meal and dose.",
        "scipy: solve_ivp once per interval between events on calcsim._core.Model's rhs and jacobian.",
        "W3: calcsim::population (seed 1, every varied parameter log-normal, median = default, CV 30%, within its",
        f"  range), each patient from its own steady state; bands every {every:g} d of dp-ucMGP, arterial score, BMD.",
        "  CPU: the process's CPU time, all threads; CPU / wall = the cores the run got on average.",
        "W4: calcsim.run(scenario, years=..., start=init).df; overhead = call time - the engine's own wall time.",
    ]
    if any(v["scale"] > 1 for v in (r["w1_scipy"], r["w2_scipy"])):
        t.notes.append("* scipy run on fewer years (the years shown, or W1's run, not run again), time scaled "
                       "linearly;")
        t.notes.append("  its error is that run's, matched to calcsim's error over the same years.")
    if "exact" in w3:
        t.notes.append("* W3 exact: exact dosing, the first patients of the same population only (calcsim::population's")
        t.notes.append(f"  count); time scaled to {n} patients. For information: no target applies to it.")
    if quick:
        t.notes.append("QUICK MODE: tiny workloads to check the programs run; the figures mean nothing.")
    return t


def machine() -> dict:
    model = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = re.search(r"Model name:\s*(.+)", lscpu).group(1).strip()
    except (OSError, AttributeError):
        model = platform.processor()
    return {"cpu": model, "cores": os.cpu_count(), "load_average": os.getloadavg()}


def check(r: dict) -> list[str]:
    """What the smoke test insists on: every error measured and finite, every workload ran."""
    problems = []
    errors = []
    for w in ("w1", "w2"):
        errors += [r[w]["calcsim"]["error"], r[w]["daily_averaged"]["error"],
                   *r[w]["daily_averaged"]["error_vs_exact"].values(), r[w]["stroboscopic"]["error"],
                   *r[w]["stroboscopic"]["error_vs_exact"].values()]
        errors += [rung["error"] for rung in r[w]["cvode"]["ladder"]]
        for m in r[f"{w}_scipy"]["methods"].values():
            errors += [rung["error"] for rung in m["ladder"]]
    if any(e is None or not math.isfinite(e) for e in errors):
        problems.append(f"non-finite errors: {errors}")
    for dosing, runs in r["w3"].items():
        for threads, p in runs.items():
            if p["n_done"] < 1 or p["failed"] >= p["n_done"]:
                problems.append(f"W3 {dosing} on {threads} thread(s): no patient ran ({p})")
    if r["w4"]["python"]["calls"] < 1 or r["w4"]["cpp"]["calls"] < 1:
        problems.append("W4 made no calls")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=str(HERE.parent / "build" / "release"), help="CMake build tree")
    ap.add_argument("--scenario", default="postmenopausal-mk7")
    ap.add_argument("--quick", action="store_true", help="tiny workloads (seconds), to check that everything runs")
    ap.add_argument("--check", action="store_true", help="exit 1 unless every error is finite and every workload ran")
    ap.add_argument("--json", help="also write every measurement to this file")
    defaults = Settings()
    for name, value in vars(defaults).items():
        ap.add_argument("--" + name.replace("_", "-"), type=type(value), default=None,
                        help=f"default {value:g}" if isinstance(value, float) else f"default {value}")
    args = ap.parse_args(argv)
    settings = QUICK if args.quick else defaults
    for name in vars(defaults):
        if getattr(args, name) is not None:
            setattr(settings, name, getattr(args, name))

    build = Path(args.build_dir).resolve()
    sys.path.insert(0, str(build / "python"))
    sys.path.insert(0, str(HERE))
    import calcsim
    import numpy
    import scipy

    r: dict = {"settings": vars(settings), "machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    with tempfile.TemporaryDirectory(prefix="calcsim-bench-") as tmp:
        b = Bench(build, settings, args.scenario, Path(tmp))
        ref1, ref2 = Path(tmp) / "w1.csv", Path(tmp) / "w2.csv"
        say(f"W1: calcsim and CVODE, {settings.w1_years:g} years (reference CVODE rtol {settings.reference_rtol:g})")
        r["w1"] = b.solvers(settings.w1_years, LADDER, ref1)
        say("W1: scipy LSODA and BDF")
        atol_per_rtol = r["w1"]["calcsim"]["atol"] / r["w1"]["calcsim"]["rtol"]
        r["w1_scipy"] = b.scipy(settings.w1_years, {m: LADDER for m in SCIPY_METHODS}, ref1, atol_per_rtol)

        # W2 starts each ladder at the tolerance W1 settled on.
        def from_w1(rungs):
            return [x for x in LADDER if x <= rungs[-1]["rtol"] * (1 + 1e-9)] or LADDER[-1:]

        say(f"W2: calcsim and CVODE, {settings.w2_years:g} years")
        r["w2"] = b.solvers(settings.w2_years, from_w1(r["w1"]["cvode"]["ladder"]), ref2)
        w1_scipy = r["w1_scipy"]
        if min(settings.w2_years, settings.scipy_years) == w1_scipy["horizon_years"]:
            # The same run as W1's, scaled: not run again.
            scale = settings.w2_years / w1_scipy["horizon_years"]
            r["w2_scipy"] = {**w1_scipy, "scale": scale, "reused": True, "methods": {
                m: {**v, "wall_s": v["wall_s"] / w1_scipy["scale"] * scale} for m, v in w1_scipy["methods"].items()}}
        else:
            say("W2: scipy LSODA and BDF")
            r["w2_scipy"] = b.scipy(settings.w2_years, {m: from_w1(v["ladder"]) for m, v in
                                                        w1_scipy["methods"].items()}, ref2, atol_per_rtol)
        say(f"W3: population of {settings.population_n}, daily-averaged dosing, 1 and 2 threads")
        r["w3"] = {"daily-averaged": {str(n): b.population(n, "daily-averaged") for n in (1, 2)}}
        if settings.population_exact_n > 0:
            say(f"W3: the first {settings.population_exact_n} patients with exact dosing, 1 and 2 threads")
            r["w3"]["exact"] = {str(n): b.population(n, "exact", settings.population_exact_n) for n in (1, 2)}
        say(f"W4: {settings.notebook_calls} calls of a {settings.notebook_days:g}-day run")
        r["w4"] = b.notebook()
        say(f"callgrind: {settings.callgrind_years:g}-year run")
        r["callgrind"] = b.callgrind()
    r["machine"]["load_average_end"] = os.getloadavg()
    r["versions"] = {**r["w1"]["versions"], "python": platform.python_version(), "numpy": numpy.__version__,
                     "scipy": scipy.__version__, "calcsim": calcsim.__version__}

    table = build_table(r, settings, args.quick)
    m, v = r["machine"], r["versions"]
    print(f"calcsim {v['calcsim']} benchmarks, scenario {args.scenario}, {r['started']}")
    print(f"machine: {m['cpu']}, {m['cores']} cores; load average {m['load_average'][0]:.2f} at the start, "
          f"{m['load_average_end'][0]:.2f} at the end")
    print(f"versions: gcc {v['compiler']}, Boost {v['boost']}, Eigen {v['eigen']}, SUNDIALS {v['sundials']}, "
          f"Python {v['python']}, numpy {v['numpy']}, scipy {v['scipy']}")
    print()
    print(table.render())
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1))
    if args.check:
        problems = check(r)
        if problems:
            for p in problems:
                print(f"bench: CHECK FAILED: {p}", file=sys.stderr)
            return 1
        say("check: every error finite, every workload ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
