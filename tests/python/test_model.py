"""calcsim._core.Model: the model as an ODE system for other solvers. Its
right-hand side, Jacobian, jumps and output mapping reproduce the engine's
own run when another solver (scipy, as the benchmarks drive it) integrates
them, and misuse is refused."""

import sys
from pathlib import Path

import numpy as np
import pytest

import calcsim
from calcsim import _core

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import python_contenders  # noqa: E402  (bench/, the scipy contender)

SCENARIO = calcsim.Scenario.default().with_settings(duration="5 days")


@pytest.fixture(scope="module")
def start():
    return calcsim.initial_condition(SCENARIO)


@pytest.fixture()
def model(start):
    return _core.Model(SCENARIO._native, None, start)


def test_layout(model, start):
    assert model.n_ode == len(model.ode_states) < model.n_states == len(model.state_names)
    assert np.array_equal(model.initial_state, start.state)
    assert model.t_end == pytest.approx(5.0)
    assert np.array_equal(model.output_times, np.arange(6.0))
    assert model.output_columns[0] == "time"
    bounds = [model.segment_bounds(i) for i in range(model.segment_count)]
    assert bounds[0][0] == 0.0 and bounds[-1][1] == pytest.approx(5.0)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    # Breakfast: the meal's calcium and vitamin K, and the MK-7 capsule.
    assert len(model.jumps(1)) > 0 and all(0 <= s < model.n_states for s, _ in model.jumps(1))


def test_start_segment_applies_the_jumps(model):
    x = model.initial_state
    y = model.start_segment(1, x)
    after = x.copy()
    for state, amount in model.jumps(1):
        after[state] += amount
    assert np.allclose(y, after[model.ode_states])
    t0, _ = model.segment_bounds(1)
    assert np.allclose(model.full_state(t0, y), after)


def test_jacobian_matches_difference_quotients(model):
    y = model.start_segment(1, model.initial_state)
    t = model.segment_bounds(1)[0] + 0.05
    jac = model.jacobian(t, y)
    numeric = np.empty_like(jac)
    for k in range(model.n_ode):
        h = 1e-6 * max(abs(y[k]), 1e-3)
        up, down = y.copy(), y.copy()
        up[k] += h
        down[k] -= h
        numeric[:, k] = (model.rhs(t, up) - model.rhs(t, down)) / (2 * h)
    # Each entry against the largest of its row (rows of zeros: an absolute floor).
    scale = np.maximum(np.abs(jac).max(axis=1, keepdims=True), 1e-12)
    assert np.max(np.abs(numeric - jac) / scale) < 1e-5


def test_scipy_through_the_model_reproduces_the_engine(model, start):
    engine = calcsim.run(SCENARIO, start=start, rtol=1e-9, atol=1e-12)
    times, outputs, nfev = python_contenders.solve_with_scipy(model, "LSODA", 1e-9, 1e-12)
    assert nfev > 0
    assert np.array_equal(times, engine.array[:, 0])
    assert outputs.shape == engine.array.shape
    cols = python_contenders.slow_columns(engine.columns)
    error = python_contenders.slow_error(times, outputs[:, cols], engine.array[:, 0], engine.array[:, cols])
    assert error < 1e-6
    # Every output, not just the slow ones (fast hormones and balance columns included).
    assert np.allclose(outputs, engine.array, rtol=1e-5, atol=1e-8)


def test_misuse_is_refused(start):
    fresh = _core.Model(SCENARIO._native, None, start)
    y = np.zeros(fresh.n_ode)
    with pytest.raises(RuntimeError, match="start_segment"):
        fresh.rhs(0.0, y)
    with pytest.raises(IndexError):
        fresh.segment_bounds(fresh.segment_count)
    with pytest.raises(ValueError, match="vector of"):
        fresh.start_segment(0, np.zeros(3))
    fresh.start_segment(0, fresh.initial_state)
    with pytest.raises(ValueError, match="vector of"):
        fresh.rhs(0.0, np.zeros(fresh.n_ode + 1))
