"""The engine's analyses from Python: sweep, sensitivity and a scenario's declared arms,
checked against single runs and against the command line."""

import json
import pickle
import subprocess

import numpy as np
import pandas as pd
import pytest

import calcsim
from calcsim import Scenario

DOSES = "mk7.dose=0..360mcg:5"


@pytest.fixture(scope="module")
def dose_sweep():
    """dp-ucMGP, ucOC and the arterial score after 4 and 12 weeks for five MK-7 doses."""
    return calcsim.sweep("postmenopausal-mk7", DOSES, outputs=["dp_ucmgp", "ucoc_fraction", "arterial_score"],
                         at="4w,12w", years=1)


def cli_json(cli, *args):
    out = subprocess.run([cli, *args, "--format", "json"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_sweep_table_shape_and_units(dose_sweep):
    df = dose_sweep
    assert list(df.columns) == ["mk7.dose [mcg]", "time [day]", "dp_ucmgp [pmol/L]", "ucoc_fraction [1]",
                                "arterial_score [AU]"]
    assert list(df["mk7.dose [mcg]"].unique()) == [0.0, 90.0, 180.0, 270.0, 360.0]
    assert list(df["time [day]"].unique()) == [28.0, 84.0]
    assert len(df) == 10
    assert df.attrs["target"] == "mk7.dose" and df.attrs["unit"] == "mcg" and df.attrs["is_dose"]
    assert df.attrs["shared_initial_state"] and df.attrs["run_days"] == 84.0
    assert df.attrs["report"].startswith("calcsim ") and calcsim.DISCLAIMER in df.attrs["report"]


def test_sweep_is_monotone_in_dose(dose_sweep):
    for _, at_time in dose_sweep.groupby("time [day]"):
        at_time = at_time.sort_values("mk7.dose [mcg]")
        # More MK-7, less inactive MGP and undercarboxylated osteocalcin, with diminishing returns.
        dp = at_time["dp_ucmgp [pmol/L]"].to_numpy()
        assert np.all(np.diff(dp) < 0)
        assert np.all(np.diff(np.diff(dp)) > 0)
        assert np.all(np.diff(at_time["ucoc_fraction [1]"].to_numpy()) < 0)
        assert np.all(np.diff(at_time["arterial_score [AU]"].to_numpy()) <= 0)


def test_sweep_points_equal_individual_runs(dose_sweep):
    s = Scenario.load("postmenopausal-mk7")
    for dose in (0.0, 180.0, 360.0):
        arm = s.without("mk7") if dose == 0 else s.with_dose("mk7", dose)
        run = calcsim.run(arm, years="84 days")
        row = dose_sweep[(dose_sweep["mk7.dose [mcg]"] == dose) & (dose_sweep["time [day]"] == 84.0)]
        for column in ("dp_ucmgp [pmol/L]", "arterial_score [AU]"):
            assert row[column].item() == pytest.approx(run.at(column, 84.0), rel=1e-9)


def test_parameter_sweep_equals_runs_with_params():
    s = Scenario.default()
    df = calcsim.sweep(s, {"mk7.half_life": [48, 96]}, outputs="mk7_plasma", at="30d")
    assert list(df.columns) == ["mk7.half_life [h]", "time [day]", "mk7_plasma [ng/mL]"]
    assert not df.attrs["shared_initial_state"]
    values = df["mk7_plasma [ng/mL]"].to_numpy()
    assert values[1] > values[0]  # a longer half-life accumulates more MK-7
    for half_life, value in zip((48, 96), values):
        run = calcsim.run(s, years="30 days", params={"mk7.half_life": half_life})
        assert value == pytest.approx(run.at("mk7_plasma", 30), rel=1e-9)


def test_sweep_forms_agree_and_match_the_command_line(cli):
    text = calcsim.sweep("mk7-dose-response", "mk7.dose=0,90,180mcg", outputs="dp_ucmgp", at="30d")
    as_dict = calcsim.sweep("mk7-dose-response", {"mk7.dose": "0,90,180 mcg"}, outputs="dp_ucmgp", at="30d")
    as_list = calcsim.sweep("mk7-dose-response", {"mk7.dose": [0, 90, 180]}, outputs="dp_ucmgp", at="30d")
    pd.testing.assert_frame_equal(text, as_dict)
    pd.testing.assert_frame_equal(text, as_list)
    data = cli_json(cli, "sweep", "mk7-dose-response", "--vary", "mk7.dose=0,90,180mcg", "--output", "dp_ucmgp",
                    "--at", "30d")
    from_cli = [point[0] for point in data["outputs"][0]["results"]]
    np.testing.assert_allclose(text["dp_ucmgp [pmol/L]"].to_numpy(), from_cli, rtol=1e-12)


SENSITIVITY_PARAMETERS = ["mk7.half_life", "artery.deposition_rate", "artery.mgp_inhibition", "ca.plasma_ref"]


def test_sensitivity_agrees_with_the_command_line(cli):
    df = calcsim.sensitivity("postmenopausal-mk7", ["arterial_score", "dp_ucmgp"], at="60d", years=0.2,
                             parameters=SENSITIVITY_PARAMETERS)
    data = cli_json(cli, "sensitivity", "postmenopausal-mk7", "--output", "arterial_score,dp_ucmgp", "--at", "60d",
                    "--years", "0.2", "--parameters", ",".join(SENSITIVITY_PARAMETERS))
    assert list(df.index) == [p["name"] for p in data["parameters"]]  # the same ranking
    assert list(df["rank"]) == [1, 2, 3, 4]
    s_columns = ["S arterial_score 60d [1]", "S dp_ucmgp 60d [1]"]
    assert [c for c in df.columns if c.startswith("S ")] == s_columns
    from_cli = np.array([p["sensitivity"] for p in data["parameters"]])
    np.testing.assert_allclose(df[s_columns].to_numpy(), from_cli, rtol=1e-9)
    assert np.array_equal(np.sign(df[s_columns].to_numpy()), np.sign(from_cli))
    assert df.attrs["runs"] == data["runs"] == 2 * len(SENSITIVITY_PARAMETERS) + 1
    assert df.attrs["base"]["dp_ucmgp 60d [pmol/L]"] == pytest.approx(data["columns"][1]["unperturbed"], rel=1e-12)
    # What each sign teaches: faster deposition, more arterial calcium; stronger MGP
    # inhibition, less; a longer MK-7 half-life, less inactive MGP.
    assert df.loc["artery.deposition_rate", "S arterial_score 60d [1]"] > 0
    assert df.loc["artery.mgp_inhibition", "S arterial_score 60d [1]"] < 0
    assert df.loc["mk7.half_life", "S dp_ucmgp 60d [1]"] < 0
    assert bool(df.loc["artery.mgp_inhibition", "hypothetical"]) and df.loc["mk7.half_life", "unit"] == "h"


def test_sensitivity_defaults_read_the_end_of_a_short_run():
    df = calcsim.sensitivity(Scenario.default().with_settings(duration="20 days"), "dp_ucmgp",
                             parameters="mk7.half_life")
    assert list(df.columns[:4]) == ["rank", "value", "unit", "S dp_ucmgp 20d [1]"]
    assert df.attrs["times_days"] == [20.0]


def test_declared_arms_compare_like_the_command_line(cli):
    c = calcsim.compare("mk7-dose-response", years=0.1)
    assert c.names == ["45 mcg", "placebo", "90 mcg", "180 mcg", "360 mcg"]
    out = subprocess.run([cli, "compare", "mk7-dose-response", "--years", "0.1"], capture_output=True, text=True,
                         check=True).stdout
    assert c.report() == out
    dp = {name: c[name].final("dp_ucmgp") for name in c.names}
    assert dp["placebo"] > dp["45 mcg"] > dp["90 mcg"] > dp["180 mcg"] > dp["360 mcg"]
    assert "placebo  remove mk7" in c.legend
    # Arms picked by name, in the order given, as --arms does.
    picked = calcsim.compare("mk7-dose-response", years=0.1, arms=["placebo", "180 mcg"])
    out = subprocess.run([cli, "compare", "mk7-dose-response", "--years", "0.1", "--arms", "placebo,180 mcg"],
                         capture_output=True, text=True, check=True).stdout
    assert picked.names == ["placebo", "180 mcg"] and picked.report() == out
    np.testing.assert_array_equal(picked["180 mcg"].array, c["180 mcg"].array)


def test_an_arm_with_its_own_patient_starts_from_its_own_state(cli):
    c = calcsim.compare("ckd-stage4-mk7", years=0.05, every="1d")
    out = subprocess.run([cli, "compare", "ckd-stage4-mk7", "--years", "0.05", "--every", "1d"],
                         capture_output=True, text=True, check=True).stdout
    assert c.report() == out and "[own starting state]" in c.legend
    first, placebo, own = c.names
    for quantity in ("dp_ucmgp", "plasma_ca", "arterial_score"):
        assert c[first].at(quantity, 0) == c[placebo].at(quantity, 0)
    assert c[own].at("dp_ucmgp", 0) != c[first].at("dp_ucmgp", 0)
    assert c[own].scenario.patient["egfr"].startswith("40")
    html = c._repr_html_()
    assert "own starting state" in html
    again = pickle.loads(pickle.dumps(c))
    assert again.legend == c.legend and again.report() == c.report()


def test_declared_arms_survive_copies_and_custom_arms_still_work():
    s = Scenario.load("mk7-dose-response").with_settings(duration="10 days")
    assert s.to_dict()["arms"] == Scenario.load("mk7-dose-response").to_dict()["arms"]
    assert len(calcsim.compare(s)) == 5
    custom = calcsim.compare(s, arms={"as written": s, "again": s})
    assert custom.names == ["as written", "again"] and custom.legend == ""


@pytest.mark.parametrize("call, message", [
    (lambda: calcsim.sweep(vary="mk7.dose=0..360:9"), "a dose needs its unit"),
    (lambda: calcsim.sweep(vary="mk7.dose=0..5000mcg:3"), "plausible"),
    (lambda: calcsim.sweep(vary="mk7.dose=0..360mcg:3", outputs="dp_ucmg"), "did you mean 'dp_ucmgp'"),
    (lambda: calcsim.sweep("warfarin-user", vary="mk7.dose=0..360mcg:3"), "mk7"),
    (lambda: calcsim.sweep(vary="mk7.dose=0..360mcg:3", threads=-1), "threads"),
    (lambda: calcsim.sensitivity(parameters="mk7.halflife"), "did you mean 'mk7.half_life'"),
    (lambda: calcsim.sensitivity(parameters="mk7.half_life", step=0.9), "step"),
    (lambda: calcsim.sensitivity(parameters="mk7.half_life", rtol=0.5), "rtol"),
    (lambda: calcsim.compare("mk7-dose-response", arms=["placebo", "999 mcg"]), "999 mcg"),
])
def test_bad_input_is_a_value_error(call, message):
    with pytest.raises(ValueError, match=message) as info:
        call()
    assert isinstance(info.value, calcsim.InputError)


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError, match="vary="):
        calcsim.sweep()
    with pytest.raises(TypeError, match="one-entry dict"):
        calcsim.sweep(vary={"mk7.dose": "0..1mcg:2", "k1.dose": "0..1mcg:2"})
    with pytest.raises(TypeError, match="list of numbers"):
        calcsim.sweep(vary={"mk7.dose": ["a", "b"]})
    with pytest.raises(TypeError, match="outputs"):
        calcsim.sweep(vary=DOSES, outputs=[1, 2])
