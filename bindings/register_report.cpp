// The engine's summaries (the same tables, CSV and JSON as the command line),
// trajectory files, summary times and the arterial-score categories.

#include <pybind11/numpy.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "calcsim/calibration.hpp"
#include "calcsim/display.hpp"
#include "calcsim/validation.hpp"
#include "calcsim/html_report.hpp"
#include "calcsim/output_files.hpp"
#include "calcsim/outputs.hpp"
#include "calcsim/report.hpp"
#include "calcsim/units.hpp"
#include "register.hpp"

namespace calcsim::python {
namespace {

using NamedResults = std::vector<std::pair<std::string, std::shared_ptr<Result>>>;

std::vector<Arm> arms_of(const NamedResults& named) {
  if (named.empty()) throw InputError("expected at least one arm");
  std::vector<Arm> arms;
  for (const auto& [name, result] : named) {
    if (!result) throw py::type_error("an arm's result is None");
    arms.push_back({name, result.get()});
  }
  return arms;
}

std::vector<double> times_or_default(const std::optional<std::vector<double>>& at, const Result& r) {
  return at ? *at : default_summary_times(r.duration());
}

// A summary as numbers: the quantities (names, readable labels and units),
// the times (as asked for and where read, days) and values[arm, quantity,
// time] of every arm at the first arm's times.
py::dict summary_record(const NamedResults& named, const std::optional<std::vector<double>>& at) {
  const auto arms = arms_of(named);
  const Result& first = *arms.front().result;
  const auto times = summary_read_times(times_or_default(at, first), first.duration());
  const auto& quantities = summary_quantities();
  std::vector<std::string> labels, units;
  for (const auto& q : quantities) {
    labels.push_back(summary_label(q));
    units.push_back(first.columns[static_cast<std::size_t>(first.column(q))].unit);
  }
  const auto n_q = static_cast<py::ssize_t>(quantities.size());
  const auto n_t = static_cast<py::ssize_t>(times.size());
  py::array_t<double> requested(n_t), sampled(n_t);
  for (py::ssize_t k = 0; k < n_t; ++k) {
    requested.mutable_at(k) = times[static_cast<std::size_t>(k)].requested;
    sampled.mutable_at(k) = times[static_cast<std::size_t>(k)].sample;
  }
  py::array_t<double> values({static_cast<py::ssize_t>(arms.size()), n_q, n_t});
  for (std::size_t a = 0; a < arms.size(); ++a) {
    const Matrix v = summary_values(*arms[a].result, times);
    std::copy(v.data(), v.data() + v.size(), values.mutable_data(static_cast<py::ssize_t>(a)));
  }
  std::vector<std::string> names;
  for (const auto& a : arms) names.push_back(a.name);
  py::dict out;
  out["arms"] = names;
  out["quantity"] = quantities;
  out["label"] = labels;
  out["unit"] = units;
  out["requested_days"] = requested;
  out["times_days"] = sampled;
  out["values"] = values;
  return out;
}

}  // namespace

void register_report(py::module_& m) {
  m.def("summary_values", &summary_record, py::arg("arms"), py::arg("at_days") = py::none(),
        "The numbers of the summary `calcsim run` and `calcsim compare` print, for a list of (name, result) "
        "pairs: a dict with 'arms', 'quantity', 'label', 'unit' (lists), 'requested_days' and 'times_days' "
        "(the times as asked for, clipped to the run, and where they are read: midnight of that day) and "
        "'values', an array (arms, quantities, times). Times as run_summary's.");
  m.def(
      "run_summary",
      [](const std::shared_ptr<Result>& r, const std::optional<std::vector<double>>& at, const std::string& format) {
        return run_summary(*r, times_or_default(at, *r), parse_format(format));
      },
      py::arg("result"), py::arg("at_days") = py::none(), py::arg("format") = "table",
      "The summary `calcsim run` prints ('table', 'csv' or 'json') at the given times (days; default: start, "
      "1 y, 5 y and the end).");
  m.def(
      "comparison_summary",
      [](const NamedResults& named, const std::optional<std::vector<double>>& at, const std::string& format) {
        const auto arms = arms_of(named);
        return comparison_summary(arms, times_or_default(at, *arms.front().result), parse_format(format));
      },
      py::arg("arms"), py::arg("at_days") = py::none(), py::arg("format") = "table",
      "The side-by-side summary `calcsim compare` prints, for a list of (name, result) pairs; differences "
      "are against the first.");
  m.def(
      "write_trajectories",
      [](const std::string& path, const NamedResults& named) { write_trajectories(path, arms_of(named)); },
      py::arg("path"), py::arg("arms"),
      "Writes (name, result) pairs to a .csv or .json file exactly as `calcsim run/compare --out` does "
      "(atomically; several arms get an 'arm' column).");
  m.def(
      "summary_read_times",
      [](const std::vector<double>& ascending_days, double end_days) {
        std::vector<std::pair<double, double>> out;
        for (const SummaryTime& t : summary_read_times(ascending_days, end_days)) out.emplace_back(t.requested, t.sample);
        return out;
      },
      py::arg("ascending_days"), py::arg("end_days"),
      "(requested, sample) pairs, days: each time clipped to the run and read at midnight of its day; a time "
      "whose midnight an earlier one already reads is dropped (the engine's one rule for summaries).");
  m.def("default_summary_times", &default_summary_times, py::arg("duration_days"),
        "The default summary times of a run of this length: start, 1 y, 5 y (when shorter than the run) and the end.");
  m.def(
      "parse_times", [](const std::string& text, const std::string& argument) { return parse_times(text, argument); },
      py::arg("text"), py::arg("argument") = "at",
      "Parses '1y,5y,10y' or '30d,6mo' into days, sorted; raises InputError naming `argument`.");
  m.def("format_duration", &units::format_duration, py::arg("days"),
        "A duration in days as the tables show it: '30d', '6mo', '10y'.");
  m.def(
      "comparison_html",
      [](const NamedResults& named, const std::optional<std::vector<double>>& at, const std::string& scenario_yaml,
         const std::string& scenario_origin, const std::string& legend, bool targets,
         const std::optional<std::string>& path) {
        if (path) check_html_path(*path, "path");
        HtmlReport page;
        page.arms = arms_of(named);
        page.at_days = times_or_default(at, *page.arms.front().result);
        page.scenario_yaml = scenario_yaml;
        page.scenario_origin = scenario_origin;
        page.legend = legend;
        std::vector<Target> calibration, validation;
        std::string html;
        {
          py::gil_scoped_release release;
          if (targets) {
            Params p;
            for (const auto& [name, value] : page.arms.front().result->meta.parameter_overrides) p.set(name, value);
            calibration = run_calibration(p);
            validation = run_validation(p);
            page.calibration = &calibration;
            page.validation = &validation;
          }
          html = comparison_html(page);
        }
        if (path) write_file_atomically(*path, html, "path");
        return html;
      },
      py::arg("arms"), py::arg("at_days") = py::none(), py::arg("scenario_yaml") = "", py::arg("scenario_origin") = "",
      py::arg("legend") = "", py::arg("targets") = false, py::arg("path") = py::none(),
      "The comparison as one self-contained HTML page (`calcsim report --html`); written atomically to `path` "
      "(.html) when given. `targets` also runs the calibration and validation targets with the first arm's "
      "parameters.");
  m.def("display_resolutions", &display_resolutions,
        "{output: the smallest y-axis span a plot of it shows, in its unit}.");
  m.def("display_resolution", &display_resolution, py::arg("column"), py::arg("largest_magnitude"),
        "The smallest y-axis span for an output: its display_resolutions() entry, else 1% of the largest "
        "magnitude plotted (1 when that is zero).");
  m.def("summary_quantities", &summary_quantities, "The columns a summary shows, in order.");
  m.def("summary_label", &summary_label, py::arg("column"),
        "The readable name a summary shows for a column ('Plasma calcium'); '' for a column it does not show.");
  m.def("summary_cell", &summary_cell, py::arg("column"), py::arg("value"), py::arg("change") = false,
        "A summary table's cell as `calcsim run` prints it: the column's decimals, never '-0.00', the "
        "category's label for arterial_category; with change=True signed ('+0.25'; '' for the category).");
  m.def("cac_category", &cac_category, py::arg("score_au"),
        "Arterial score category: 0 for under 1 AU, 1 for 1-99, 2 for 100-399, 3 for 400+.");
  m.def("cac_category_label", &cac_category_label, py::arg("category"), "'0', '1-99', '100-399' or '400+'.");
  m.def(
      "output_columns",
      [] {
        std::vector<std::tuple<std::string, std::string, std::string>> out;
        for (const auto& c : output_columns()) out.emplace_back(c.name, c.unit, c.description);
        return out;
      },
      "The output columns of every run as (name, unit, description), 'time' first.");
}

}  // namespace calcsim::python
