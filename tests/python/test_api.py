"""The public API: run, compare, Scenario copies, params, scenarios, summaries."""

import os

import numpy as np
import pandas as pd
import pytest

import calcsim
from calcsim import Scenario
from calcsim._scenario import DOSE_UNITS


def test_three_line_example():
    c = calcsim.compare("postmenopausal-mk7", years=0.25)
    dp = c.wide["dp_ucmgp [pmol/L]"]
    assert list(dp.columns) == ["with K2", "without K2"]
    # K2 lowers inactive MGP within weeks.
    assert dp["with K2"].iloc[-1] < dp["without K2"].iloc[-1]


def test_run_returns_a_result(short_run):
    r = short_run
    assert isinstance(r, calcsim.Result)
    assert r.arm == "as written"
    assert len(r) == 61 and r.end_time == 60.0
    assert r.meta["scenario"] == "default"
    assert r.meta["disclaimer"] == calcsim.DISCLAIMER
    assert r.meta["calcsim_version"] == calcsim.__version__
    assert r.meta["solver"]["steps"] > 0
    assert set(r.meta["parameters"]) == set(calcsim.params().index)
    assert isinstance(r.scenario, Scenario)
    assert "Result 'default'" in repr(r)


def test_result_access(short_run):
    r = short_run
    assert r["dp_ucmgp"].equals(r["dp_ucmgp [pmol/L]"])
    assert r["dp_ucmgp"].name == "dp_ucmgp [pmol/L]"
    assert r.at("dp_ucmgp", 30) == pytest.approx(r.df.loc[30.0, "dp_ucmgp [pmol/L]"])
    assert r.at("dp_ucmgp", "30d") == r.at("dp_ucmgp", 30.0)
    assert r.final("arterial_score") == r.df["arterial_score [AU]"].iloc[-1]
    assert "dp_ucmgp" in r and "nonsense" not in r
    with pytest.raises(KeyError, match="did you mean 'dp_ucmgp'"):
        r["dp_ucmg"]


def test_summary_matches_the_engine_table(short_run):
    table = short_run.summary(at="0d,30d,60d")
    assert list(table.columns) == ["label", "unit", "start", "30d", "60d"]
    assert list(table.index) == calcsim._core.summary_quantities()
    assert table.loc["dp_ucmgp", "unit"] == "pmol/L"
    assert table.loc["dp_ucmgp", "30d"] == pytest.approx(short_run.at("dp_ucmgp", 30))
    assert table.attrs["times_days"] == [0.0, 30.0, 60.0]
    text = short_run.report(at="30d")
    assert text.startswith("calcsim ") and "dp-ucMGP (inactive MGP)" in text
    html = short_run._repr_html_()
    assert "<table" in html and "dp-ucMGP (inactive MGP)" in html and calcsim.DISCLAIMER in html


def test_notebook_tables_show_the_cells_the_command_line_prints(short_run):
    # One rule for summary cells (the engine's): the HTML table shows each quantity with the
    # decimals `calcsim run` prints, and never '-0.00'.
    text = short_run.report()  # the default times, as the HTML table's
    html = short_run._repr_html_()
    times = len(short_run.summary().columns) - 2
    for label in ("Plasma calcium", "dp-ucMGP (inactive MGP)", "BMD change since start"):
        row = next(line for line in text.splitlines() if line.startswith(label))
        for cell in row.split()[-1 - times:-1]:  # the cells before the change column
            assert f"<td>{cell}</td>" in html, (label, row)
    assert calcsim._core.summary_cell("bmd_change", -0.001) == "0.00"
    assert calcsim._core.summary_cell("bmd_change", 0.5, change=True) == "+0.50"
    assert calcsim._core.summary_cell("arterial_category", 3) == "400+"


def test_summaries_hold_the_numbers_of_the_engine_json_report(short_run, short_comparison):
    # summary() builds its DataFrame from the engine's numbers (no text in between): the same
    # quantities, labels, units, times and values as the JSON report `calcsim run/compare` writes.
    import json

    at = "0d,30d,45.5d,60d"  # read at midnight, as the command line does
    table = short_run.summary(at=at)
    report = json.loads(short_run.report(at=at, format="json"))
    assert list(table.index) == [row["quantity"] for row in report["summary"]]
    assert list(table["label"]) == [row["label"] for row in report["summary"]]
    assert list(table["unit"]) == [row["unit"] for row in report["summary"]]
    assert table.attrs["times_days"] == report["times_days"]
    values = table.drop(columns=["label", "unit"]).to_numpy()
    np.testing.assert_array_equal(values, [row["values"] for row in report["summary"]])

    c = short_comparison
    summary = c.summary(at=at)
    rows = json.loads(c.report(at=at, format="json"))["rows"]
    assert [q for _, q in summary.index] == [row["quantity"] for row in rows]
    assert summary.attrs["times_days"] == sorted({row["time_days"] for row in rows})
    for (when, quantity), row in zip(summary.index, rows):
        line = summary.loc[(when, quantity)]
        assert line["unit"] == row["unit"]
        for arm in c.names:
            assert line[arm] == row["values"][arm]
        assert line["difference"] == row["difference"]["without K2"]


def test_compare_matches_the_command_line(cli):
    import subprocess

    c = calcsim.compare(years=0.5)
    out = subprocess.run([cli, "compare", "--years", "0.5"], capture_output=True, text=True, check=True).stdout
    assert c.report() == out


def test_run_matches_the_command_line_file(cli, tmp_path):
    import subprocess

    r = calcsim.run("warfarin-user", years=0.25, every="7d")
    path = tmp_path / "run.csv"
    subprocess.run([cli, "run", "warfarin-user", "--years", "0.25", "--every", "7d", "--out", str(path)],
                   capture_output=True, check=True)
    from_cli = pd.read_csv(path, comment="#").set_index("time [day]")
    assert list(from_cli.columns) == list(r.df.columns)
    np.testing.assert_allclose(from_cli.to_numpy(), r.df.to_numpy(), rtol=1e-9, atol=1e-9)


def test_comparison(short_comparison):
    c = short_comparison
    assert c.names == ["with K2", "without K2"] and c.reference == "with K2" and len(c) == 2
    assert c["without K2"].arm == "without K2"
    # Both arms start from the same state (the first row's balance terms are
    # those of the first day, so they differ).
    states = c["with K2"].columns.index("intake_ca")
    np.testing.assert_array_equal(c["with K2"].array[0, :states], c["without K2"].array[0, :states])
    n = len(c["with K2"])
    assert c.long.shape == (2 * n, 2 + len(c["with K2"].df.columns))
    assert list(c.long.columns[:3]) == ["arm", "time [day]", "age [year]"]
    assert c.wide.columns.names == ["quantity", "arm"]
    assert c.wide.shape == (n, 2 * len(c["with K2"].df.columns))
    diff = c.difference()
    pd.testing.assert_frame_equal(diff, c["without K2"].df - c["with K2"].df)
    assert c.difference("with K2", "without K2").equals(-diff)
    summary = c.summary()
    assert list(summary.columns) == ["label", "unit", "with K2", "without K2", "difference"]
    assert summary.index.names == ["time", "quantity"]
    row = summary.loc[("90d", "dp_ucmgp")]
    assert row["difference"] == pytest.approx(row["without K2"] - row["with K2"])
    assert "<table" in c._repr_html_() and "differences are against" in c._repr_html_()
    with pytest.raises(KeyError, match="with K2, without K2"):
        c["placebo"]


def test_custom_arms_and_zero_difference():
    base = Scenario.default().with_settings(duration="30 days")
    c = calcsim.compare(base, arms={"180 mcg": base, "same": lambda s: s, "360 mcg": lambda s: s.with_dose("mk7", 360)})
    assert c.names == ["180 mcg", "same", "360 mcg"]
    assert (c.difference("same").abs().to_numpy() == 0).all()
    assert c.difference("360 mcg")["mk7_plasma [ng/mL]"].iloc[-1] > 0
    assert "diff 360 mcg" in c.summary().columns


def test_scenario_constructors():
    default = Scenario.default()
    assert default.name == "default" and default.years == 10
    assert Scenario.coerce(None) == default
    loaded = Scenario.load("postmenopausal-mk7")
    assert loaded.file.endswith("postmenopausal-mk7.yaml") and loaded.name == "postmenopausal-mk7"
    assert Scenario.coerce("postmenopausal-mk7") == loaded
    assert Scenario(loaded.to_dict()) == loaded
    assert Scenario.from_yaml(loaded.to_yaml()) == loaded
    minimal = Scenario.from_dict({"duration": "30 days"})
    assert minimal.name == "scenario" and minimal.duration == 30 and minimal.interventions == []
    assert calcsim.scenarios().loc["postmenopausal-mk7", "path"] == loaded.file


@pytest.mark.parametrize("name", list(calcsim.scenarios().index))
def test_every_bundled_scenario_round_trips_through_a_dict(name):
    s = Scenario.load(name)
    assert Scenario.from_dict(s.to_dict(complete=True)) == s
    assert Scenario.from_dict(s.to_dict()) == s


def test_modified_copies():
    s = Scenario.default()
    assert s.with_dose("mk7", 360).interventions[0]["dose"] == "360 mcg"
    assert s.with_dose("MK-7", "0.36 mg").interventions[0]["dose"] == "360 mcg"
    assert s.interventions[0]["dose"] == "180 mcg"  # the original is unchanged
    two = s.with_intervention("calcium", 500, meal="dinner").with_intervention("vitamin_d3", "1000 IU", at="21:00")
    assert two.agents == ["mk7", "calcium", "vitamin_d3"]
    assert two.interventions[1] == {"agent": "calcium", "dose": "500 mg", "schedule": "daily", "with": "dinner"}
    assert two.interventions[2]["dose"] == "25 mcg" and two.interventions[2]["at"] == "21:00"
    assert two.without("calcium", "vitamin D3").agents == ["mk7"]
    p = s.with_patient(age=70, egfr=25, inflammation=2).patient
    assert (p["age"], p["egfr"], p["inflammation"]) == ("70 years", "25 mL/min/1.73m2", "moderate")
    male = s.with_patient(sex="male").patient
    assert male["sex"] == "male" and "menopause_age" not in male
    cleared = s.with_patient(sex="male", menopause_age=None)
    assert cleared.patient["sex"] == "male"
    assert calcsim.run(cleared, years="2 days").scenario.patient["sex"] == "male"
    assert calcsim.run("default", years="2 days").scenario.name == "default"
    assert s.with_intervention("vitamin_k1", 1000).agents[-1] == "k1"
    assert s.with_diet(calcium=600, vitamin_d="400 IU/day").diet["vitamin_d"] == "10 mcg/day"
    habits = s.with_patient(smoking="current", physical_activity="loading").with_diet(sodium=5.2)
    assert (habits.patient["smoking"], habits.patient["physical_activity"]) == ("current", "loading")
    assert habits.diet["sodium"] == "5200 mg/day" and s.diet["sodium"] == "3400 mg/day"
    no_k2 = s.without_k2()
    assert no_k2.agents == [] and no_k2.diet["mk7"] == "0 mcg/day" and no_k2.diet["mk4"] == "0 mcg/day"
    settings = s.with_settings(duration=2, output_every="7 days", ageing=False, name="short")
    assert (settings.duration, settings.output_every, settings.name) == (730.5, 7.0, "short")
    with pytest.raises(ValueError, match="no k1 intervention"):
        s.with_dose("k1", 100)
    with pytest.raises(ValueError, match="unit"):
        s.with_dose("mk7", 180).with_intervention("vitamin_d3", 1000)
    with pytest.raises(ValueError, match="did you mean 'mk4' or 'mk7'"):
        s.without("mk8")


def test_every_agent_takes_a_bare_number_or_asks_for_its_unit():
    # A bare number is given each agent's usual unit (vitamin D alone needs one, IU or mcg), so no
    # agent the engine knows is missing from the table: the phosphate binders once raised KeyError.
    s = Scenario.default()
    for agent in calcsim._core.agents():
        low, _ = calcsim._core.plausible_dose_range(agent)
        dose = low * 2 if agent != "vitamin_d3" else None  # micrograms, inside the plausible range
        if dose is None:
            with pytest.raises(ValueError, match="give the value with its unit"):
                s.with_intervention(agent, 1000)
            continue
        unit = DOSE_UNITS[agent]
        number = dose / {"mcg": 1, "mg": 1000}[unit]
        added = s.with_intervention(agent, number, meal="dinner")
        assert added.agents[-1] == agent
        assert calcsim.run(added, years="2 days").scenario.interventions[-1]["agent"] == agent


def test_with_baseline_d25_sets_the_sun_for_a_measured_status():
    s = Scenario.default().without("mk7").with_settings(duration="3 days", output_every="1 day")
    for d25, params in ((35.0, None), (80.0, {"d25.response": 1.2})):
        set_up = s.with_baseline_d25(d25, params)
        assert set_up.diet == s.diet and set_up.interventions == s.interventions
        start = calcsim.run(set_up, params=params).values("d25")
        assert abs(start[0] - d25) < 1e-6 * d25 and abs(start[-1] - d25) < 1e-3 * d25
    lower = float(s.with_baseline_d25(35.0).patient["sun_exposure"].split()[0])
    higher = float(s.with_baseline_d25(80.0).patient["sun_exposure"].split()[0])
    assert 0 < lower < higher
    with pytest.raises(ValueError, match="d25.*above 0 nmol/L"):
        s.with_baseline_d25(-5)
    with pytest.raises(ValueError, match="diet's vitamin D3 alone"):
        s.with_diet(vitamin_d="200 mcg/day").with_baseline_d25(20)
    with pytest.raises(ValueError, match=r"no sun exposure in 0-250 mcg/day holds 25\(OH\)D at 2000 nmol/L"):
        s.with_baseline_d25(2000)
    with pytest.raises(TypeError, match="nmol/L"):
        s.with_baseline_d25("60 nmol/L")


def test_a_measured_baseline_d25_holds_under_the_runs_own_params():
    s = Scenario.default().without("mk7").with_settings(duration="3 days", output_every="1 day")
    measured = s.with_patient(baseline_d25="12 ng/mL")
    value, unit = measured.patient["baseline_d25"].split()
    assert "sun_exposure" not in measured.patient and unit == "nmol/L" and abs(float(value) - 12 * 2.496) < 1e-9
    for params in (None, {"d25.response": 1.2}, {"d25.catabolism_gain": 3.0}):
        d25 = calcsim.run(measured, params=params).values("d25")
        # Ageing moves calcitriol a little, and with it 25(OH)D's clearance (d25.calcitriol_exponent).
        assert abs(d25[0] - 29.952) < 1e-6 and abs(d25[-1] - 29.952) < 0.01
    # Each of the two replaces the other; a bare number has no unit to read.
    assert "baseline_d25" not in measured.with_patient(sun_exposure="10 mcg/day").patient
    with pytest.raises(ValueError, match="baseline_d25: give the value with its unit"):
        s.with_patient(baseline_d25=45)
    with pytest.raises(ValueError, match="give either sun_exposure or baseline_d25, not both"):
        s.with_patient(baseline_d25="45 nmol/L", sun_exposure="10 mcg/day")


def test_params():
    table = calcsim.params()
    assert table.index.name == "name"
    assert list(table.columns) == ["value", "unit", "min", "max", "source", "hypothetical", "description"]
    assert len(table) == calcsim._core.parameter_count
    assert table["hypothetical"].dtype == bool and table["hypothetical"].any()
    assert (table["min"] <= table["value"]).all() and (table["value"] <= table["max"]).all()


def test_parameter_overrides_change_the_run():
    half_life = calcsim.params().loc["mk7.half_life"]
    longer = half_life["value"] * 1.5
    base = calcsim.run(years=None, scenario=Scenario.default().with_settings(duration="30 days"))
    changed = calcsim.run(Scenario.default().with_settings(duration="30 days"), params={"mk7.half_life": longer})
    same = calcsim.run(Scenario.default().with_settings(duration="30 days"),
                       params={"mk7.half_life": f"{longer} {half_life['unit']}"})
    assert changed.meta["parameter_overrides"] == {"mk7.half_life": longer}
    assert changed.final("mk7_plasma") > base.final("mk7_plasma")
    np.testing.assert_array_equal(changed.array, same.array)


def test_outputs_table():
    table = calcsim.outputs()
    assert table.loc["dp_ucmgp", "unit"] == "pmol/L"
    assert table.loc["dp_ucmgp", "label"] == "dp_ucmgp [pmol/L]"


def test_plot_module_loads_on_first_use():
    assert calcsim.plot.trajectories is not None
    with pytest.raises(AttributeError):
        calcsim.no_such_thing


def test_docstrings_on_everything_public():
    import inspect

    import calcsim.plot

    missing = []
    for module in (calcsim, calcsim.plot):
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                if not inspect.getdoc(obj):
                    missing.append(name)
                if inspect.isclass(obj):
                    for attr, member in vars(obj).items():
                        if not attr.startswith("_") and not inspect.getdoc(member):
                            missing.append(f"{name}.{attr}")
    assert missing == []


def test_a_reused_starting_state_gives_the_same_run():
    s = Scenario.default().with_settings(duration="20 days")
    start = calcsim.initial_condition(s)
    for changed in (s, s.with_dose("mk7", 360), s.without("mk7").with_intervention("k1", 1000)):
        np.testing.assert_array_equal(calcsim.run(changed, start=start).array, calcsim.run(changed).array)


def test_a_summary_prints_every_arm_in_a_plain_shell(monkeypatch):
    # In an 80-column terminal pandas hid the arms behind '...'; the summary prints them.
    c = calcsim.compare(years=0.1, every=1)
    monkeypatch.setattr("shutil.get_terminal_size", lambda *a, **k: os.terminal_size((80, 24)))
    with pd.option_context("display.max_columns", 0, "display.width", 80):
        text = repr(c.summary())
        assert "..." not in text
        for column in ("with K2", "without K2", "difference", "Plasma calcium"):
            assert column in text, column
        assert all(len(line) <= 80 for line in text.splitlines())
        assert "with K2" in repr(c.summary().loc["start"])   # a slice prints in full too
    assert "report()" in repr(c) and "report()" in repr(c["with K2"])


def test_to_html_is_the_page_calcsim_report_writes(tmp_path):
    c = calcsim.compare(years=0.5, every=7)
    page = c.to_html(tmp_path / "page.html")
    assert (tmp_path / "page.html").read_text(encoding="utf-8") == page
    assert os.listdir(tmp_path) == ["page.html"]
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 7
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert calcsim.DISCLAIMER in page
    # The table is the one report() gives; the scenario is shown as YAML.
    assert c.report().replace("'", "&#39;").splitlines()[5] in page
    assert "<pre class=\"yaml\">" in page and "patient:" in page and "duration:" in page
    assert "None: every parameter has its default value." in page
    changed = calcsim.compare(years=0.5, every=7, params={"pth.half_life": 8}).to_html()
    assert "<code>pth.half_life</code></td><td>8</td>" in changed


def test_without_drops_the_arms_that_remove_or_change_what_it_removes_and_says_so():
    greens = calcsim.Scenario.load("leafy-greens-k1")  # two arms change k1, one removes it
    with pytest.warns(UserWarning, match=r"drops arm\(s\) 'greens without fat', 'K1 supplement', 'no extra greens'"):
        bare = greens.without("k1")
    assert bare.agents == [] and "arms" not in bare.to_dict()
    # An arm that adds the agent back, or touches another one, stays.
    spec = calcsim.Scenario.load("calcium-d3-supplements").to_dict()
    with pytest.warns(UserWarning, match=r"'no tablets'"):
        kept = calcsim.Scenario.from_dict(spec).without("calcium")
    assert [arm["name"] for arm in kept.to_dict()["arms"]] == ["Ca + D3 + MK-7"]
    assert kept.agents == ["vitamin_d3"]
    c = calcsim.compare(kept, years=0.1)
    assert c.names == [kept.to_dict().get("arm_name", "as written"), "Ca + D3 + MK-7"]
    # No arm touched: no warning, every arm kept.
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert calcsim.Scenario.load("leafy-greens-k1").with_intervention("mk7", 90).without("mk7").to_dict()["arms"] \
            == greens.to_dict()["arms"]
