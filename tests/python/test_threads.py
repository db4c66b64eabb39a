"""The GIL is released while solving: simulations on Python threads overlap in
time and give exactly the serial results."""

import threading
import time

import numpy as np

import calcsim
from calcsim import Scenario

SCENARIOS = [Scenario.default().with_settings(duration="1 year"),
             Scenario.default().with_settings(duration="1 year").with_dose("mk7", 360)]


def _run_in_threads(scenarios):
    results = [None] * len(scenarios)
    spans = [None] * len(scenarios)
    barrier = threading.Barrier(len(scenarios))

    def work(k):
        barrier.wait()
        start = time.perf_counter()
        results[k] = calcsim.run(scenarios[k])
        spans[k] = (start, time.perf_counter())

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(scenarios))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, spans


def test_threads_give_the_serial_results_and_overlap():
    serial = [calcsim.run(s) for s in SCENARIOS]
    parallel, spans = _run_in_threads(SCENARIOS)
    for a, b in zip(serial, parallel):
        np.testing.assert_array_equal(a.array, b.array)
    # With the GIL held during the solve the second run could only start when
    # the first ended; released, they run side by side for most of their time.
    overlap = min(end for _, end in spans) - max(start for start, _ in spans)
    shortest = min(end - start for start, end in spans)
    assert overlap > 0.5 * shortest, f"runs overlapped {overlap:.3f} s of {shortest:.3f} s"


def test_compare_threads_do_not_change_results():
    s = Scenario.default().with_settings(duration="60 days")
    one = calcsim.compare(s, threads=1)
    two = calcsim.compare(s, threads=2)
    for name in one.names:
        np.testing.assert_array_equal(one[name].array, two[name].array)


def test_compare_arms_equal_runs_from_the_same_start():
    s = Scenario.default().with_settings(duration="60 days")
    c = calcsim.compare(s)
    init = calcsim._core.initial_condition(s._native)
    alone = calcsim._core.simulate_from(s.without_k2()._native, init, arm="without K2")
    np.testing.assert_array_equal(c["without K2"].array, alone.array)
