"""calcsim.population: DataFrames with units, the same numbers as the command
line and as a Dask cluster, errors, pickling and KeyboardInterrupt. Populations
are a few patients over about a month so the file stays fast."""

import os
import pickle
import signal
import subprocess
import threading

import numpy as np
import pandas as pd
import pytest

import calcsim

SMALL = dict(n=4, years=0.1, every="10d")


@pytest.fixture(scope="session")
def pop():
    return calcsim.population(**SMALL, threads=2)


def test_patients_are_one_row_each_with_units_in_the_labels(pop):
    table = pop.patients
    assert list(table.index) == [0, 1, 2, 3] and table.index.name == "patient"
    assert list(table["status"]) == ["ok"] * 4 and list(table["failure"]) == [""] * 4
    assert table.columns[0] == "status" and table.columns[-1] == "failure"
    assert "mk7.half_life [h]" in table.columns and "k1.bioavailability_food [1]" in table.columns
    # Structural parameters do not vary, so they are not columns.
    assert "pth.calcium_steepness [1]" not in table.columns
    assert list(table.columns[-4:-1]) == ["dp_ucmgp [pmol/L]", "arterial_score [AU]", "bmd_change [%]"]
    registry = calcsim.params()
    for column in table.columns[1:-4]:
        name, unit = calcsim.split_label(column)
        assert registry.loc[name, "unit"] == unit
        assert ((table[column] >= registry.loc[name, "min"]) & (table[column] <= registry.loc[name, "max"])).all()
    # The patients differ, around the defaults.
    assert table["mk7.half_life [h]"].nunique() == 4
    assert pop.n == 4 and pop.seed == 1 and pop.cv == 0.3 and pop.failed == 0
    assert len(pop.parameters) == len(table.columns) - 5


def test_bands_are_percentiles_over_the_patients(pop):
    bands = pop.bands
    assert list(bands.columns) == ["p5", "p25", "p50", "p75", "p95"]
    assert bands.index.names == ["quantity", "time [day]"]
    assert list(bands.index.get_level_values(0).unique()) == ["dp_ucmgp [pmol/L]", "arterial_score [AU]",
                                                                "bmd_change [%]"]
    assert list(bands.loc["dp_ucmgp [pmol/L]"].index) == [0.0, 10.0, 20.0, 30.0, 36.0] == pop.band_days
    assert (np.diff(bands.to_numpy(), axis=1) >= 0).all()
    # At the end of the run, the bands are numpy's percentiles of the patients' outputs.
    for quantity in bands.index.get_level_values(0).unique():
        expected = np.percentile(pop.patients[quantity], [5, 25, 50, 75, 95])
        np.testing.assert_allclose(bands.loc[(quantity, 36.0)].to_numpy(), expected, rtol=1e-12)


def test_same_numbers_as_the_command_line(pop, cli, tmp_path):
    done = subprocess.run([cli, "population", "--n", "4", "--years", "0.1", "--every", "10d", "--threads", "1",
                           "--out", "patients.csv", "--bands-out", "bands.csv"],
                          cwd=tmp_path, capture_output=True, text=True, check=True)
    assert calcsim.DISCLAIMER in done.stdout
    # The same table; only the last line (threads and wall time) differs.
    assert done.stdout.rsplit("\n\n", 1)[0] == pop.report().rsplit("\n\n", 1)[0]
    # The files hold 17 significant digits: read back exactly.
    patients = pd.read_csv(tmp_path / "patients.csv", comment="#", index_col="patient", keep_default_na=False,
                           na_values=[""], float_precision="round_trip")
    patients["failure"] = patients["failure"].fillna("")
    pd.testing.assert_frame_equal(patients, pop.patients, check_exact=True, check_dtype=False)
    bands = pd.read_csv(tmp_path / "bands.csv", comment="#", float_precision="round_trip")
    assert (bands["patients"] == 4).all()
    bands["quantity"] = bands["output"] + " [" + bands["unit"] + "]"
    bands["time_days"] = bands["time_days"].astype(float)
    bands = bands.rename(columns={"time_days": "time [day]"}).set_index(["quantity", "time [day]"])
    pd.testing.assert_frame_equal(bands[list(pop.bands.columns)], pop.bands, check_exact=True)
    assert (tmp_path / "bands.csv").read_text() == pop._core.bands_csv()


def test_same_seed_same_patients_whatever_the_threads_other_seed_others(pop):
    one = calcsim.population(**SMALL, threads=1)
    pd.testing.assert_frame_equal(one.patients, pop.patients, check_exact=True)
    pd.testing.assert_frame_equal(one.bands, pop.bands, check_exact=True)
    other = calcsim.population(n=2, years=0.1, every="10d", seed=2, parameters=["mk7.half_life"])
    assert list(other.parameters) == ["mk7.half_life"]
    assert other.patients["mk7.half_life [h]"].iloc[0] != pop.patients["mk7.half_life [h]"].iloc[0]


def test_a_dask_cluster_gives_the_same_result(pop):
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        seen = []
        remote = calcsim.population(**SMALL, client=client, chunk_size=1, progress=lambda d, n: seen.append((d, n)))
    pd.testing.assert_frame_equal(remote.patients, pop.patients, check_exact=True)
    pd.testing.assert_frame_equal(remote.bands, pop.bands, check_exact=True)
    assert sorted(seen) == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_options_and_errors():
    with pytest.raises(ValueError, match="n: expected a number of patients"):
        calcsim.population(n=0)
    with pytest.raises(TypeError, match="n must be a whole number"):
        calcsim.population(n="10")
    with pytest.raises(calcsim.InputError, match=r"cv: expected a coefficient of variation from 0 to 2"):
        calcsim.population(n=2, cv=-0.5)
    with pytest.raises(calcsim.InputError, match="outputs: unknown output 'dp_ucmpg' \\(did you mean 'dp_ucmgp'\\?\\)"):
        calcsim.population(n=2, outputs=["dp_ucmpg"])
    with pytest.raises(calcsim.InputError, match="parameters: unknown parameter 'mk7.halflife'"):
        calcsim.population(n=2, parameters="mk7.halflife")
    with pytest.raises(calcsim.InputError, match="every: expected a band interval of at least one day"):
        calcsim.population(n=2, every="12h")
    with pytest.raises(calcsim.InputError, match="params"):
        calcsim.population(n=2, params={"mk7.half_life": 1000})


def test_times_outputs_and_progress():
    seen = []
    p = calcsim.population(n=2, years=0.1, outputs="arterial_score", at=["10d", 20], every=30,
                           progress=lambda done, total: seen.append((done, total)))
    assert list(p.patients.columns[-3:]) == ["arterial_score 10d [AU]", "arterial_score 20d [AU]", "failure"]
    assert p.band_days == [0.0, 30.0, 36.0]
    assert seen and seen[-1] == (2, 2) and all(total == 2 for _, total in seen)


def test_pickles(pop):
    again = pickle.loads(pickle.dumps(pop))
    pd.testing.assert_frame_equal(again.patients, pop.patients)
    pd.testing.assert_frame_equal(again.bands, pop.bands)
    assert repr(again) == repr(pop) == "<calcsim.Population 'default': 4 patients, cv 0.3, seed 1, 36d, 0 failed>"


def test_keyboard_interrupt_stops_a_long_population():
    # Ten thousand ten-year patients would take hours; Ctrl-C (SIGINT) stops them.
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            calcsim.population(n=10000, years=10, threads=2)
    finally:
        timer.cancel()
