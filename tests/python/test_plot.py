"""The plotting helpers return matplotlib figures with units on the axes."""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import calcsim  # noqa: E402
import calcsim.plot as cplot  # noqa: E402
from calcsim import Scenario  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _renders(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.tell() > 1000


def test_trajectories(short_run):
    fig = cplot.trajectories(short_run)
    assert isinstance(fig, plt.Figure) and _renders(fig)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == len(cplot.DEFAULT_QUANTITIES)
    assert axes[0].get_ylabel() == "dp_ucmgp [pmol/L]" and axes[0].get_xlabel() == "time [day]"
    assert axes[0].get_title() == "dp-ucMGP (inactive MGP)"
    one = cplot.trajectories(short_run.df, "bmd_change", time_unit="week")
    assert one.axes[0].get_ylabel() == "bmd_change [%]" and one.axes[0].get_xlabel() == "time [week]"


def test_comparison_overlay_and_difference(short_comparison):
    fig = cplot.comparison(short_comparison, ["dp_ucmgp", "arterial_score"])
    assert _renders(fig)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["with K2", "without K2"]
    diff = cplot.comparison(short_comparison, "dp_ucmgp", difference=True)
    assert diff.axes[0].get_ylabel() == "difference in dp_ucmgp [pmol/L]"
    assert _renders(diff)


def test_long_runs_use_years():
    r = calcsim.run(years=3, every=30)
    assert cplot.trajectories(r, "arterial_score").axes[0].get_xlabel() == "time [year]"


def test_calcium_balance(short_run, short_comparison):
    table = cplot.balance_table(short_run, period="week")
    assert list(table.columns) == ["intake", "faeces", "urine", "dialysis", "net to bone", "net to arteries",
                                   "body pools"]
    # The terms add up to the intake; the body's small fluid pools take little of it.
    assert (table["body pools"].abs() < 0.05 * table["intake"]).all()
    for kind in ("bar", "area"):
        fig = cplot.calcium_balance(short_run, kind=kind, period="week")
        assert fig.axes[0].get_ylabel() == "calcium [mg/day]" and _renders(fig)
    both = cplot.calcium_balance(short_comparison)
    assert len(both.axes) == 2 and _renders(both)
    with pytest.raises(ValueError):
        cplot.calcium_balance(short_run, kind="pie")


def test_arterial_score_bands(short_comparison):
    fig = cplot.arterial_score(short_comparison)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "arterial_score [AU]"
    band_labels = [t.get_text() for t in ax.texts]
    assert band_labels[:2] == ["0", "1-99"]
    assert _renders(fig)
    assert _renders(cplot.arterial_score(short_comparison["with K2"], log=True))


def test_dose_response_from_a_dataframe():
    base = Scenario.default().with_settings(duration="30 days")
    rows = []
    for dose in (45, 90, 180, 360):
        r = calcsim.run(base.with_dose("mk7", dose))
        rows.append({"dose [mcg]": dose, "dp_ucmgp [pmol/L]": r.final("dp_ucmgp"), "mk7_plasma [ng/mL]": r.final("mk7_plasma")})
    df = pd.DataFrame(rows)
    assert df["dp_ucmgp [pmol/L]"].is_monotonic_decreasing
    fig = cplot.dose_response(df, "dose", ["dp_ucmgp", "mk7_plasma"])
    assert fig.axes[0].get_xlabel() == "dose [mcg]" and fig.axes[0].get_ylabel() == "dp_ucmgp [pmol/L]"
    assert _renders(fig)
    df["read at"] = "30d"
    assert _renders(cplot.dose_response(df, "dose [mcg]", "dp_ucmgp", hue="read at", logx=True))


def test_wrong_inputs_are_explained(short_run):
    with pytest.raises(TypeError, match="calcsim.Result"):
        cplot.trajectories([1, 2, 3])
    with pytest.raises(KeyError, match="no column 'dp_ucmg'"):
        cplot.trajectories(short_run, "dp_ucmg")
