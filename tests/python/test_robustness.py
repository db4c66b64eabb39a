"""Robustness of the Python package: the catalogue of bad inputs
(tests/robustness/catalogue.yaml, shared with the command line's runner),
numerical failures, KeyboardInterrupt and runs on several threads.

Every bad input raises ValueError (calcsim.InputError) or TypeError with a
message that names the file, line and key or the argument and says what was
expected; nothing crashes the interpreter and no file is written.
"""

import _thread
import math
import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import yaml

import calcsim

CATALOGUE = Path(__file__).resolve().parents[1] / "robustness" / "catalogue.yaml"
CASE_FILE = "case.yaml"
# In range each, together too much for the solver (tests/cli/cli_runner.hpp: failing_overrides).
FAILING_PARAMS = {"pth.min_ratio": 0, "gut.endogenous_secretion": 0, "renal.fractional_excretion": 0.001,
                  "renal.pth_exponent": 0, "bone.pth_exponent": 0, "renal.calcium_exponent": 2,
                  "ca.ultrafilterable_fraction": 0.4, "pth.calcitriol_exponent": 1, "ca.phosphate_association": 0.02}


def generated_content(kind: str) -> bytes:
    """The generated files of the catalogue, as tests/robustness/catalogue.hpp makes them."""
    if kind == "binary":
        return b"\x89PNG\r\n\x1a\n" + bytes((i * 151 + 7) % 256 for i in range(4096))
    if kind == "nul":
        return b"name: x\n\x00\x00\x00\n"
    if kind == "utf16":
        return b"\xff\xfe" + "duration: 1 year\n".encode("utf-16-le")
    if kind == "huge":
        size = 100 << 20
        head = b"description: |\n"
        line = b"  " + b"x" * 97 + b"\n"
        lines = (size - len(head)) // len(line)
        body = head + line * lines
        rest = size - len(body)
        return body + (b"#" + b"x" * (rest - 2) + b"\n" if rest >= 2 else b"\n" * rest)
    if kind == "deep":
        return b"interventions: " + b"[" * 100000 + b"]" * 100000 + b"\n"
    if kind == "laughs":
        text = "interventions:\n  - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in range(1, 10):
            text += f"  - &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]\n"
        return text.encode()
    if kind == "recursive":
        return b"interventions: &loop [*loop]\n"
    raise ValueError(f"catalogue: unknown generated content '{kind}'")


def recursive_dict() -> dict:
    """A scenario dict that contains itself."""
    spec: dict = {"name": "loop"}
    spec["patient"] = spec
    return spec


def python_cases():
    """The catalogue's cases with a Python side, as pytest parameters named by id."""
    cases = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    out = []
    for case in cases:
        py = case.get("python", {})
        has_file = "file" in case or "generate" in case
        if py == "none" or not (has_file or isinstance(py, dict) and "code" in py):
            continue
        out.append(pytest.param(case, id=case["id"]))
    return out


def test_the_catalogue_has_a_python_side_for_most_cases():
    cases = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    assert len(cases) >= 50
    assert len(python_cases()) >= 50
    assert sum(case["category"] == "python" for case in cases) >= 20


@pytest.mark.parametrize("case", python_cases())
def test_catalogue(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    has_file = "file" in case or "generate" in case
    if "file" in case:
        Path(CASE_FILE).write_text(case["file"], encoding="utf-8")
    if "generate" in case:
        Path(CASE_FILE).write_bytes(generated_content(case["generate"]))
    py = case.get("python") or {}
    code = py.get("code", f"calcsim.run({CASE_FILE!r})")
    raises = {"ValueError": ValueError, "TypeError": TypeError}[py.get("raises", "ValueError")]
    before = sorted(os.listdir("."))
    started = time.monotonic()
    with pytest.raises(raises) as caught:
        eval(code, {"calcsim": calcsim, "np": np, "math": math, "path": CASE_FILE,
                    "recursive_dict": recursive_dict})
    seconds = time.monotonic() - started
    error = caught.value
    message = str(error)
    for fragment in py.get("expect", case.get("expect", [])):
        assert fragment in message, f"{case['id']}: message lacks {fragment!r}:\n{message}"
    if raises is ValueError:
        assert isinstance(error, calcsim.InputError), f"{case['id']}: {type(error).__name__}: {message}"
    if has_file and "code" not in py:
        # Where: the same file, line and key as the command line's message.
        assert error.file == CASE_FILE and error.line == case.get("line", 0), message
        assert error.key == case.get("key", ""), message
    assert seconds <= case.get("within", 20), f"{case['id']} took {seconds:.2f} s"
    assert sorted(os.listdir(".")) == before, "a failing call wrote a file"


# --- numerical failure --------------------------------------------------------------


def test_numerical_failure_names_time_and_state_and_writes_nothing(tmp_path):
    with pytest.raises(RuntimeError) as caught:
        calcsim.run(years=1, params=FAILING_PARAMS)
    error = caught.value
    assert isinstance(error, calcsim.NumericalError)
    assert str(error).startswith("numerical failure at t = ") and " days in state '" in str(error)
    assert math.isfinite(error.time_days) and error.state
    with pytest.raises(calcsim.NumericalError):
        calcsim.compare(years=1, params=FAILING_PARAMS)
    assert not any(tmp_path.iterdir())


def test_results_hold_only_finite_numbers():
    c = calcsim.compare(years=0.5, include_states=True)
    for result in c.arms.values():
        assert np.isfinite(result.array).all()


# --- KeyboardInterrupt ----------------------------------------------------------------


def _interrupted_after(seconds: float, interrupt, call):
    """Runs call() with interrupt() from a timer after `seconds`; returns the CPU seconds the
    process (the engine's threads included) spent from the interrupt to KeyboardInterrupt
    reaching this thread. CPU time, not wall time: a load on the machine does not stretch it."""
    fired = []

    def fire():
        fired.append(time.process_time())
        interrupt()

    timer = threading.Timer(seconds, fire)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
    finally:
        timer.cancel()
    stopped = time.process_time()
    assert fired, "the run ended before the interrupt"
    return stopped - fired[0]


def _cpu_seconds(call):
    """The CPU seconds the process spends in call()."""
    started = time.process_time()
    call()
    return time.process_time() - started


# Promptly: the engine reads the flag once per interval between meals and doses, so a
# run stops within an interval of the interrupt. The bound is the CPU time of the same
# call over five simulated years, uncancelled (a run that missed the interrupt would go on
# for over a hundred years).
# The long runs: the default scenario with the patient's age held, as a run may not
# outlive any human (a 58-year-old ageing for 120 years is refused).
HELD_AGE = calcsim.Scenario.default().with_settings(ageing=False)


def test_keyboard_interrupt_stops_a_long_run_promptly():
    five_years = _cpu_seconds(lambda: calcsim.run(HELD_AGE, years=5, every=30))
    # 120 years take well over ten seconds.
    cpu = _interrupted_after(1.0, _thread.interrupt_main, lambda: calcsim.run(HELD_AGE, years=120, every=30))
    assert cpu < five_years, (f"the run went on for {cpu:.2f} s of CPU after the interrupt; "
                              f"five years take {five_years:.2f} s")


def test_sigint_stops_a_comparison_promptly():
    five_years = _cpu_seconds(lambda: calcsim.compare(HELD_AGE, years=5, every=30))
    cpu = _interrupted_after(1.0, lambda: os.kill(os.getpid(), signal.SIGINT),
                             lambda: calcsim.compare(HELD_AGE, years=120, every=30))
    assert cpu < five_years, (f"the comparison went on for {cpu:.2f} s of CPU after SIGINT; "
                              f"five years take {five_years:.2f} s")


def test_a_run_after_an_interrupt_is_normal():
    _interrupted_after(0.5, _thread.interrupt_main, lambda: calcsim.run(HELD_AGE, years=120, every=30))
    first = calcsim.run(years=0.1)
    second = calcsim.run(years=0.1)
    np.testing.assert_array_equal(first.array, second.array)


# --- threads ----------------------------------------------------------------------------------


def test_threads_with_failures_give_the_serial_results():
    """Several threads at once, some of them failing, give exactly the serial results and errors."""
    jobs = [
        lambda: calcsim.run(years=0.3).array,
        lambda: calcsim.run("warfarin-user", years=0.3).array,
        lambda: calcsim.run(years=0.3, params={"mk7.half_life": 10**400}),
        lambda: [r.array for r in calcsim.compare(years=0.2).arms.values()],
        lambda: calcsim.run(years=1, params=FAILING_PARAMS),
        lambda: calcsim.run({"duration": "1 year", "interventions": [{"agent": "mk7", "dose": "180 mg",
                                                                     "with": "breakfast"}]}),
    ]

    def outcome(job):
        try:
            return ("ok", job())
        except Exception as e:  # the errors are part of what must match
            return (type(e).__name__, str(e))

    serial = [outcome(job) for job in jobs]
    parallel = [None] * len(jobs)
    barrier = threading.Barrier(len(jobs))

    def work(k):
        barrier.wait()
        parallel[k] = outcome(jobs[k])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [kind for kind, _ in serial] == ["ok", "ok", "InputError", "ok", "NumericalError", "InputError"]
    for (kind, value), (kind_p, value_p) in zip(serial, parallel):
        assert kind == kind_p
        if kind == "ok":
            np.testing.assert_array_equal(value, value_p)
        else:
            assert value == value_p
