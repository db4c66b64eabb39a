"""Engine errors become ValueError (bad input) and RuntimeError (numerical
failure) with the engine's own messages."""

import subprocess

import pytest

import calcsim
from calcsim import Scenario

BAD_DOSE = """\
name: bad-dose
duration: 30 days
interventions:
  - agent: mk7
    dose: 180 mg
    with: breakfast
"""


def test_input_error_is_a_value_error():
    assert issubclass(calcsim.InputError, ValueError)
    assert issubclass(calcsim.NumericalError, RuntimeError)


def test_file_errors_match_the_command_line(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_DOSE)
    with pytest.raises(ValueError) as caught:
        Scenario.load(path)
    done = subprocess.run([cli, "validate", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == f"calcsim: error: {caught.value}"
    e = caught.value
    assert isinstance(e, calcsim.InputError)
    assert (e.file, e.line, e.key, e.argument) == (str(path), 5, "interventions[0].dose", "")
    assert str(e).startswith(f"{path}:5: interventions[0].dose: 180 mg is outside the plausible range")
    assert "did you mean 180 mcg?" in str(e)


def test_file_errors_carry_the_column_where_yaml_knows_it(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text("patient:\n  agee: 70 years\n")
    with pytest.raises(calcsim.InputError) as caught:
        Scenario.load(path)
    assert (caught.value.line, caught.value.column, caught.value.key) == (2, 3, "patient.agee")
    assert str(caught.value).startswith(f"{path}:2: patient.agee: unknown key 'agee'")


def test_dict_errors_name_the_key_but_no_line():
    with pytest.raises(calcsim.InputError) as caught:
        Scenario.from_dict({"name": "x", "interventions": [{"agent": "mk7", "dose": "180 mg", "with": "breakfast"}]})
    message = str(caught.value)
    assert message.startswith("scenario 'x': interventions[0].dose: 180 mg is outside the plausible range")
    assert caught.value.line == 0


def test_modified_copies_are_validated_at_once():
    with pytest.raises(ValueError, match="patient.age: .*out of range"):
        Scenario.default().with_patient(age=150)
    with pytest.raises(ValueError, match="no meal named 'brekfast' \\(did you mean 'breakfast'\\?\\)"):
        Scenario.default().with_intervention("k1", 100, meal="brekfast")
    with pytest.raises(ValueError, match="unknown key 'agee'"):
        Scenario.default().with_patient(agee=70)
    with pytest.raises(ValueError, match="patient.smoking: unknown smoking status 'daily'"):
        Scenario.default().with_patient(smoking="daily")
    with pytest.raises(ValueError, match="diet.sodium: 40 g/day is outside the plausible range"):
        Scenario.default().with_diet(sodium=40)


def test_unknown_scenario_and_parameter():
    with pytest.raises(ValueError, match="unknown scenario 'postmenopausal-mk8' \\(did you mean 'postmenopausal-mk7'\\?\\)"):
        calcsim.run("postmenopausal-mk8")
    with pytest.raises(ValueError, match="unknown parameter 'mk7.half_lif' \\(did you mean 'mk7.half_life'\\?\\)") as caught:
        calcsim.run(years=0.01, params={"mk7.half_lif": 72})
    assert caught.value.key == "mk7.half_lif" and caught.value.argument == "params" and caught.value.file == ""
    assert str(caught.value).startswith("params['mk7.half_lif']: unknown parameter")
    with pytest.raises(ValueError, match="outside the valid range"):
        calcsim.run(years=0.01, params={"mk7.half_life": -1})
    with pytest.raises(TypeError, match="params must be a dict"):
        calcsim.run(years=0.01, params=[("mk7.half_life", 72)])
    with pytest.raises(TypeError, match="expected a number"):
        calcsim.run(years=0.01, params={"mk7.half_life": None})


def test_bad_run_options():
    with pytest.raises(ValueError, match="years: expected a number of years above 0 and at most 120, got 200"):
        calcsim.run(years=200)
    with pytest.raises(ValueError, match="^every: missing unit"):
        calcsim.run(years=0.1, every="7")
    with pytest.raises(ValueError, match="tolerance"):
        calcsim.run(years=0.01, rtol=0)
    with pytest.raises(TypeError):
        calcsim.run(42)


def test_option_errors_name_the_python_argument_not_a_flag():
    result = calcsim.run(years=0.01)
    with pytest.raises(calcsim.InputError) as caught:
        result.report(format="xml")
    assert str(caught.value) == "format: expected table, csv or json, got 'xml'"
    assert (caught.value.argument, caught.value.file, caught.value.line) == ("format", "", 0)
    with pytest.raises(calcsim.InputError) as caught:
        result.save("out.txt")
    assert caught.value.argument == "path" and "--" not in str(caught.value)


def test_numerical_failure_is_a_runtime_error():
    # A tolerance no step can meet makes the step size collapse at once.
    with pytest.raises(RuntimeError) as caught:
        calcsim.run(Scenario.default().with_settings(duration="2 days"), rtol=1e-300, atol=1e-300)
    e = caught.value
    assert isinstance(e, calcsim.NumericalError)
    assert str(e).startswith("numerical failure at t = ")
    assert e.time_days >= 0.0 and isinstance(e.state, str)


def test_errors_in_worker_threads_reach_python():
    with pytest.raises(calcsim.NumericalError):
        calcsim.compare(Scenario.default().with_settings(duration="2 days"), rtol=1e-300, atol=1e-300)
