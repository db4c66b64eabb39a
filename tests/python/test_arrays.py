"""Arrays come back without copies: a read-only numpy view of the engine's
matrix, time-major, whose base is a capsule that keeps the result alive."""

import gc

import numpy as np

import calcsim


def test_array_is_a_capsule_owned_view(short_run):
    a = short_run.array
    assert type(a.base).__name__ == "PyCapsule"
    assert a.dtype == np.float64 and a.shape == (len(short_run), len(short_run.columns))
    assert a.flags.c_contiguous and not a.flags.owndata and not a.flags.writeable


def test_repeated_access_shares_memory(short_run):
    a, b = short_run.array, short_run.array
    assert a is not b
    assert np.shares_memory(a, b)
    assert a.__array_interface__["data"][0] == b.__array_interface__["data"][0]
    assert np.shares_memory(short_run.values("dp_ucmgp"), a)
    assert np.shares_memory(short_run.time, a)


def test_time_major_layout(short_run):
    a = short_run.array
    np.testing.assert_array_equal(a[:, 0], np.arange(len(short_run), dtype=float))
    j = short_run.columns.index("dp_ucmgp")
    np.testing.assert_array_equal(a[:, j], short_run.df["dp_ucmgp [pmol/L]"].to_numpy())


def test_array_outlives_its_result():
    r = calcsim.run(calcsim.Scenario.default().with_settings(duration="10 days"))
    a = r.array
    expected = np.array(a)
    del r
    gc.collect()
    np.testing.assert_array_equal(a, expected)


def test_array_is_read_only_and_the_dataframe_is_a_copy(short_run):
    a = short_run.array
    try:
        a[0, 1] = 1.0
        raise AssertionError("the engine's array should be read-only")
    except ValueError:
        pass
    df = short_run.df
    assert not np.shares_memory(df.to_numpy(), a)
    assert short_run.df is df  # built once
