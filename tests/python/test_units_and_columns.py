"""Column names carry units (PyBaMM style), the time index is in days, and the
names agree with the engine, calcsim.outputs() and the command line's CSV."""

import numpy as np
import pytest

import calcsim
from calcsim import Scenario


def test_column_labels_carry_units(short_run):
    r = short_run
    assert r.df.index.name == "time [day]"
    assert r.columns[0] == "time" and r.labels[0] == "time [day]"
    assert list(r.df.columns) == r.labels[1:]
    assert list(r.df.columns) == list(calcsim.outputs()["label"])[1:]
    for name, unit in r.units.items():
        assert f"{name} [{unit}]" in r.labels
    expected = {"dp_ucmgp": "pmol/L", "arterial_score": "AU", "bmd_change": "%", "plasma_ca": "mmol/L",
                "urinary_ca": "mg/day", "mk7_plasma": "ng/mL", "age": "year", "mgp_carboxylated": "1"}
    assert {k: r.units[k] for k in expected} == expected
    assert r.descriptions["dp_ucmgp"].startswith("Circulating")


def test_labels_split_and_join():
    assert calcsim.label("dp_ucmgp", "pmol/L") == "dp_ucmgp [pmol/L]"
    assert calcsim.split_label("dp_ucmgp [pmol/L]") == ("dp_ucmgp", "pmol/L")
    assert calcsim.split_label("egfr [mL/min/1.73m2]") == ("egfr", "mL/min/1.73m2")
    assert calcsim.split_label("arm") == ("arm", None)


@pytest.mark.parametrize("every, step", [(1, 1.0), ("7d", 7.0), ("12h", 0.5), ("1 week", 7.0)])
def test_time_index_is_in_days(every, step):
    r = calcsim.run(Scenario.default().with_settings(duration="28 days"), every=every)
    t = r.df.index.to_numpy()
    assert t[0] == 0.0 and t[-1] == 28.0
    np.testing.assert_allclose(np.diff(t), step)
    np.testing.assert_array_equal(r.time, t)


def test_years_and_every_override_the_scenario():
    r = calcsim.run(years=0.25, every=30)
    assert r.duration == pytest.approx(0.25 * 365.25)
    assert r.end_time == 91.0   # 0, 30, 60, 90 and the run's last midnight, day 91
    assert list(r.time) == [0.0, 30.0, 60.0, 90.0, 91.0]
    assert r.scenario.duration == pytest.approx(0.25 * 365.25) and r.scenario.output_every == 30
    assert Scenario.default().years == 10  # unchanged


def test_age_advances_in_years(short_run):
    age = short_run["age"]
    assert age.iloc[-1] - age.iloc[0] == pytest.approx(60 / 365.25)


def test_raw_states_on_request():
    r = calcsim.run(Scenario.default().with_settings(duration="5 days"), include_states=True)
    states = [c for c in r.columns if c.startswith("state.")]
    assert len(states) > 20
    assert all(r.units[c] for c in states)
    assert r.df.shape[1] == len(r.columns) - 1


def test_arterial_categories_match_the_engine():
    from calcsim.plot import CATEGORY_BANDS

    for low, text in CATEGORY_BANDS:
        category = calcsim._core.cac_category(low)
        assert calcsim._core.cac_category_label(category) == text
        if low > 0:
            assert calcsim._core.cac_category(low - 1e-9) == category - 1


def test_quantities_from_the_scenario_schema():
    s = Scenario.from_dict({"patient": {"age": "70 years", "egfr": "45 mL/min/1.73m2"},
                            "diet": {"vitamin_d": "800 IU/day"}, "duration": "2 weeks"})
    assert s.patient["age"] == "70 years" and s.diet["vitamin_d"] == "20 mcg/day" and s.duration == 14.0


def test_an_output_time_a_rounding_error_past_the_end_is_filled():
    # 480 * (15 min in days) is 5.000000000000001: that row used to stay unfilled (zeros).
    r = calcsim.run(years="5 days", every="15 min")
    assert len(r) == 481 and r.end_time == 5.0
    last, day_before = r.df.iloc[-1], r.df.iloc[-1 - 96]
    for column in ("plasma_ca [mmol/L]", "pth [pmol/L]", "d25 [nmol/L]"):
        assert last[column] == pytest.approx(day_before[column], rel=0.05), column


def test_the_end_of_a_run_is_read_at_one_instant_everywhere():
    # Daily outputs are all at midnight, the last one too (not at midday after the
    # breakfast dose), so summary(), at() at the run's length and the last row agree.
    r = calcsim.run(years=1)
    assert r.duration == 365.25 and r.end_time == 365.0
    mk7 = r.df["mk7_plasma [ng/mL]"]
    assert mk7.iloc[-1] == pytest.approx(mk7.iloc[-2], rel=0.01)   # no cliff on the last day
    table = r.summary()
    assert list(table.columns)[-1] == "1y"
    assert table.loc["mk7_plasma", "1y"] == r.at("mk7_plasma", "1y") == r.final("mk7_plasma")


def test_python_column_lists_name_engine_outputs():
    """The output names and units the pure-Python modules write out are the
    engine's declaration (calcsim._core.output_columns), so a renamed or
    re-united output in the engine cannot leave Python behind."""
    from calcsim import _core, _explore, _labels, plot

    declared = {name: unit for name, unit, _ in _core.output_columns()}
    first_name, first_unit, _ = _core.output_columns()[0]
    assert (_labels.TIME, _labels.TIME_UNIT) == (first_name, first_unit)
    assert _labels.TIME_LABEL == _labels.label(first_name, first_unit)
    for name in (*_explore.QUANTITIES, *plot.DEFAULT_QUANTITIES):
        assert name in declared, f"{name} is not an engine output"
    assert declared["arterial_score"] == "AU"  # plot.arterial_score labels its axis so
    assert declared["dp_ucmgp"] == "pmol/L"  # calcsim.explore prints differences so
