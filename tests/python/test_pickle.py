"""Scenario, Result and Comparison pickle, so that multiprocessing (and later
cluster runs) can ship them between processes."""

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

import calcsim
from calcsim import Scenario


def _round_trip(obj):
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def test_scenarios_pickle():
    loaded = Scenario.load("ckd-stage4-mk7")
    for s in (Scenario.default(), loaded, loaded.with_dose("mk7", 360).with_patient(age=75),
              Scenario.default().without_k2(), Scenario.from_dict({"duration": "30 days"})):
        copy = _round_trip(s)
        assert copy == s and copy.to_dict() == s.to_dict() and copy.name == s.name
    assert _round_trip(loaded).file == loaded.file


def test_results_pickle(short_run):
    copy = _round_trip(short_run)
    np.testing.assert_array_equal(copy.array, short_run.array)
    assert type(copy.array.base).__name__ == "PyCapsule"
    assert copy.columns == short_run.columns and copy.units == short_run.units
    assert copy.meta == short_run.meta
    assert copy.scenario == short_run.scenario
    pd.testing.assert_frame_equal(copy.df, short_run.df)


def test_comparisons_pickle(short_comparison):
    copy = _round_trip(short_comparison)
    assert copy.names == short_comparison.names
    pd.testing.assert_frame_equal(copy.long, short_comparison.long)


def _simulate(dose):
    s = Scenario.default().with_settings(duration="20 days").with_dose("mk7", dose)
    return calcsim.run(s)


def test_multiprocessing_gives_the_serial_results():
    doses = [90, 360]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        parallel = list(pool.map(_simulate, doses))
    for dose, result in zip(doses, parallel):
        np.testing.assert_array_equal(result.array, _simulate(dose).array)
