"""The calibration and validation tables from Python: the groups of experiments
named in groups= (as --group), their rows equal to the command line's, and an
unknown group refused with the list of groups."""

import json
import subprocess

import pytest

import calcsim


def cli_rows(cli, table, *groups):
    args = [cli, table, "--format", "json"]
    for g in groups:
        args += ["--group", g]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["targets"]


def test_the_group_names_are_those_of_the_command_line():
    calibration = calcsim.calibration_groups()
    validation = calcsim.validation_groups()
    assert calibration[0] == "homeostasis" and "menopause" in calibration
    assert validation[0] == "acute_calcium_loads" and "exercise_trial" in validation
    assert len(set(calibration)) == len(calibration) and len(set(validation)) == len(validation)


def test_one_validation_group_gives_only_its_rows(cli):
    df = calcsim.validation(groups=["exercise_trial"])
    assert list(df["id"]) == ["exercise.liftmor_spine"]
    assert list(df.columns) == ["id", "quantity", "source", "published", "unit", "simulated", "low", "high",
                                "pass", "known_failure", "failure_kind", "how"]
    assert df.attrs["groups"] == ["exercise_trial"]
    # LIFTMOR fails, and its reason is a disagreement between trials (with Howe 2011).
    assert list(df["failure_kind"]) == ["conflict"] and not df["pass"].iloc[0]
    rows = cli_rows(cli, "validation", "exercise_trial")
    for field in ("id", "quantity", "published", "unit", "low", "high", "pass", "known_failure", "failure_kind",
                  "how"):
        assert [r[field] for r in rows] == list(df[field]), field
    assert [r["simulated"] for r in rows] == pytest.approx(list(df["simulated"]), rel=1e-12)
    # The same group as text.
    assert list(calcsim.validation(groups="exercise_trial")["id"]) == ["exercise.liftmor_spine"]


def test_calibration_groups_give_their_own_rows_in_the_order_named():
    homeostasis = calcsim.calibration(groups=["homeostasis"])
    adaptation = calcsim.calibration(groups="adaptation")
    assert list(adaptation["id"]) == ["adaptation.high_intake", "adaptation.after_two_weeks", "adaptation.slow_part"]
    assert "homeostasis.plasma_ca" in set(homeostasis["id"])
    assert not any(i.startswith("adaptation.") for i in homeostasis["id"])
    # In the order given, a name given twice run once.
    both = calcsim.calibration(groups=["adaptation", "homeostasis", "adaptation"])
    assert list(both["id"]) == list(adaptation["id"]) + list(homeostasis["id"])
    assert list(both["simulated"]) == list(adaptation["simulated"]) + list(homeostasis["simulated"])


def test_parameter_overrides_move_the_rows():
    fitted = calcsim.calibration(groups=["absorption_loads"])
    assert fitted["pass"].all()
    slowed = calcsim.calibration(groups=["absorption_loads"], params={"gut.active_vmax": 0.01})
    assert list(slowed["id"]) == list(fitted["id"])
    assert not slowed["pass"].all()


@pytest.mark.parametrize("table, known", [(calcsim.calibration, calcsim.calibration_groups),
                                          (calcsim.validation, calcsim.validation_groups)])
def test_an_unknown_group_is_refused_with_the_known_ones(table, known):
    with pytest.raises(calcsim.InputError) as caught:
        table(groups=[known()[0], "no_such_group"])
    e = caught.value
    assert isinstance(e, ValueError)
    assert e.argument == "groups" and e.key == "no_such_group"
    kind = "calibration" if table is calcsim.calibration else "validation"
    assert f"not a {kind} group; expected one of " + ", ".join(known()) in str(e)


def test_groups_must_be_names():
    with pytest.raises(TypeError, match="groups must be a name"):
        calcsim.validation(groups=5)
