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
    # Readable names with units on the axes, never code names such as dp_ucmgp [pmol/L].
    assert axes[0].get_ylabel() == "dp-ucMGP (inactive MGP) [pmol/L]" and axes[0].get_xlabel() == "time [day]"
    assert axes[0].get_title().replace("\n", " ") == calcsim.outputs().loc["dp_ucmgp", "description"]
    one = cplot.trajectories(short_run.df, "bmd_change", time_unit="week")
    assert one.axes[0].get_ylabel() == "BMD change since start [%]" and one.axes[0].get_xlabel() == "time [week]"
    fraction = cplot.trajectories(short_run, "ucoc_fraction")
    assert fraction.axes[0].get_ylabel() == "Undercarboxylated osteocalcin"   # unit '1': no "[1]"
    for ax in axes:
        assert "_" not in ax.get_ylabel(), ax.get_ylabel()


def test_comparison_overlay_and_difference(short_comparison):
    fig = cplot.comparison(short_comparison, ["dp_ucmgp", "arterial_score"])
    assert _renders(fig)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["with K2", "without K2"]
    diff = cplot.comparison(short_comparison, "dp_ucmgp", difference=True)
    assert diff.axes[0].get_ylabel() == "difference in\ndp-ucMGP (inactive MGP) [pmol/L]"
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
    assert ax.get_ylabel() == "Arterial score (Agatston-eq.) [AU]"
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
    assert fig.axes[0].get_xlabel() == "dose [mcg]" and fig.axes[0].get_ylabel() == "dp-ucMGP (inactive MGP) [pmol/L]"
    assert _renders(fig)
    df["read at"] = "30d"
    assert _renders(cplot.dose_response(df, "dose [mcg]", "dp_ucmgp", hue="read at", logx=True))


def test_wrong_inputs_are_explained(short_run):
    with pytest.raises(TypeError, match="calcsim.Result"):
        cplot.trajectories([1, 2, 3])
    with pytest.raises(KeyError, match="no column 'dp_ucmg'"):
        cplot.trajectories(short_run, "dp_ucmg")


def test_a_tiny_change_is_not_drawn_as_a_collapse():
    # Plasma calcium moving by 0.004 mmol/L (well under a laboratory's reporting step)
    # keeps at least the stated resolution of the axis, so the line looks flat.
    t = pd.Index([0.0, 1.0, 2.0, 3.0], name="time [day]")
    df = pd.DataFrame({"plasma_ca [mmol/L]": [2.370, 2.368, 2.366, 2.366],
                       "bmd_change [%]": [0.0, -2.0, -4.0, -6.0]}, index=t)
    fig = cplot.trajectories(df, ["plasma_ca", "bmd_change"])
    low, high = fig.axes[0].get_ylim()
    assert high - low >= 0.999 * cplot.RESOLUTION["plasma_ca"]
    assert low < 2.366 and high > 2.370
    # A change larger than the resolution keeps matplotlib's own limits around the data.
    low, high = fig.axes[1].get_ylim()
    assert -6.5 < low < -6.0 and 0 < high < 0.5
    diff = cplot.trajectories({"d": df - df.iloc[0]}, "plasma_ca")
    low, high = diff.axes[0].get_ylim()
    assert high - low >= 0.999 * cplot.RESOLUTION["plasma_ca"]


def test_every_resolution_names_an_output_and_is_positive():
    names = set(calcsim.outputs().index)
    for name, step in cplot.RESOLUTION.items():
        assert name in names and step > 0, name
