// Tables, CSV and JSON for sweeps and sensitivity analyses.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "calcsim/sensitivity.hpp"
#include "calcsim/sweep.hpp"
#include "calcsim/units.hpp"
#include "calcsim/version.hpp"
#include "analysis/analysis.hpp"
#include "report/format.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

using report::csv_field;
using report::csv_number;
using report::fixed;
using text::pad;
using detail::header;
using detail::time_label;

// S with a sign: four decimals, or two significant digits below 0.001;
// exact zeros as "0", undefined as "n/a".
std::string sensitivity_cell(double s) {
  if (std::isnan(s)) return "n/a";
  if (s == 0.0) return "0";
  std::string out(1, s < 0.0 ? '-' : '+');
  if (std::abs(s) >= 1e-3) return out.append(fixed(std::abs(s), 4));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1e", std::abs(s));
  return out.append(buf);
}

// What every analysis's JSON begins with: the disclaimer, the version and the scenario.
nlohmann::json json_head(const std::string& scenario, const std::string& description) {
  return {{"disclaimer", disclaimer}, {"calcsim_version", version}, {"scenario", scenario}, {"description", description}};
}

std::string sweep_value(const SweepResult& r, std::size_t k) {
  return text::format_number(r.spec.values[k] / r.spec.unit_in_canonical, 6);
}

}  // namespace

std::string sweep_report(const SweepResult& r, Format format) {
  const std::size_t nt = r.times_days.size();
  if (format == Format::Json) {
    nlohmann::json j = json_head(r.scenario, r.description);
    j["target"] = r.spec.target;
    j["unit"] = r.spec.unit;
    j["log_spaced"] = r.spec.log_spaced;
    std::vector<double> shown;
    for (std::size_t k = 0; k < r.spec.values.size(); ++k) shown.push_back(r.spec.values[k] / r.spec.unit_in_canonical);
    j["values"] = shown;
    j["shared_initial_state"] = r.shared_initial_state;
    j["run_days"] = r.run_days;
    j["times_days"] = r.times_days;
    j["outputs"] = nlohmann::json::array();
    for (std::size_t o = 0; o < r.outputs.size(); ++o) {
      nlohmann::json results = nlohmann::json::array();
      for (const auto& point : r.values) results.push_back(point[o]);
      j["outputs"].push_back({{"name", r.outputs[o]}, {"unit", r.units[o]}, {"results", results}});
    }
    j["wall_seconds"] = r.wall_seconds;
    j["threads"] = r.threads;
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  if (format == Format::Csv) {
    os << "# " << disclaimer << "\n# calcsim " << version << " sweep of " << r.spec.target << " in " << r.spec.unit
       << ", scenario " << r.scenario << ", " << text::format_number(r.run_days) << " days per run\n";
    os << "target,value,unit,output,output_unit,time_days,result\n";
    for (std::size_t k = 0; k < r.values.size(); ++k)
      for (std::size_t o = 0; o < r.outputs.size(); ++o)
        for (std::size_t t = 0; t < nt; ++t)
          os << csv_field(r.spec.target) << "," << sweep_value(r, k) << "," << csv_field(r.spec.unit) << ","
             << csv_field(r.outputs[o]) << "," << csv_field(r.units[o]) << "," << csv_number(r.times_days[t]) << ","
             << csv_number(r.values[k][o][t]) << "\n";
    return os.str();
  }
  os << header("sweep", r.scenario, r.description, detail::span_asked(r), "per point");
  os << "Varying " << r.spec.target << ": " << r.values.size() << " values from " << sweep_value(r, 0) << " to "
     << sweep_value(r, r.values.size() - 1) << " " << r.spec.unit
     << (r.spec.log_spaced ? " (log steps)" : "") << ". "
     << (r.shared_initial_state ? "Every point starts from the same initial state (only the dose changes)"
                                : "Each point starts from its own steady state (the parameter changes the model)")
     << ".\n";
  if (r.spec.is_dose && r.spec.values.front() == 0.0)
    os << "At 0 the " << to_string(r.spec.agent) << " intervention is not taken (the diet is unchanged).\n";
  os << "\n";
  std::vector<std::size_t> widths;
  const std::size_t first = std::max<std::size_t>(r.spec.target.size(), 10) + 2;
  for (const auto& name : r.outputs) widths.push_back(std::max<std::size_t>(name.size(), 9) + 2);
  std::ostringstream names, unit_row, time_row;
  names << pad(r.spec.target, first, true);
  unit_row << pad(r.spec.unit, first, true);
  time_row << pad("", first, true);
  for (std::size_t o = 0; o < r.outputs.size(); ++o)
    for (std::size_t t = 0; t < nt; ++t) {
      names << pad(r.outputs[o], widths[o], false);
      unit_row << pad(r.units[o], widths[o], false);
      time_row << pad(time_label(r.requested_days[t]), widths[o], false);
    }
  os << names.str() << "\n" << unit_row.str() << "\n" << time_row.str() << "\n";
  // The same decimals down a column: four significant digits of its largest value.
  std::vector<std::vector<int>> decimals(r.outputs.size(), std::vector<int>(nt, 0));
  for (std::size_t o = 0; o < r.outputs.size(); ++o)
    for (std::size_t t = 0; t < nt; ++t) {
      double largest = 0.0;
      for (const auto& point : r.values) largest = std::max(largest, std::abs(point[o][t]));
      const int digits = largest > 0.0 ? static_cast<int>(std::floor(std::log10(largest))) : 0;
      decimals[o][t] = std::clamp(3 - digits, 0, 6);
    }
  for (std::size_t k = 0; k < r.values.size(); ++k) {
    os << pad(sweep_value(r, k), first, true);
    for (std::size_t o = 0; o < r.outputs.size(); ++o)
      for (std::size_t t = 0; t < nt; ++t) os << pad(fixed(r.values[k][o][t], decimals[o][t]), widths[o], false);
    os << "\n";
  }
  os << "\n" << r.values.size() << " runs on " << r.threads << " thread" << (r.threads == 1 ? "" : "s") << " in "
     << fixed(r.wall_seconds, 1) << " s.\n";
  return os.str();
}

std::string sensitivity_report(const SensitivityResult& r, Format format) {
  const std::size_t nt = r.times_days.size();
  const std::size_t nc = r.outputs.size() * nt;
  auto column_name = [&](std::size_t c) {
    return r.outputs[c / nt] + " " + (r.requested_days[c % nt] == 0.0 ? std::string("start")
                                                                        : units::format_duration(r.requested_days[c % nt]));
  };
  std::size_t hypothetical = 0, zeros = 0;
  for (const auto& p : r.parameters) {
    hypothetical += p.hypothetical ? 1 : 0;
    zeros += (!p.sensitivity.empty() && p.sensitivity[0] == 0.0) ? 1 : 0;
  }
  if (format == Format::Json) {
    nlohmann::json j = json_head(r.scenario, r.description);
    j["relative_step"] = r.relative_step;
    j["rtol"] = r.rtol;
    j["run_days"] = r.run_days;
    j["runs"] = r.runs;
    j["threads"] = r.threads;
    j["wall_seconds"] = r.wall_seconds;
    j["columns"] = nlohmann::json::array();
    for (std::size_t c = 0; c < nc; ++c)
      j["columns"].push_back({{"output", r.outputs[c / nt]}, {"unit", r.units[c / nt]},
                              {"time_days", r.times_days[c % nt]}, {"unperturbed", r.base[c]}});
    j["parameters"] = nlohmann::json::array();
    for (std::size_t i = 0; i < r.parameters.size(); ++i) {
      const auto& p = r.parameters[i];
      nlohmann::json s = nlohmann::json::array();
      for (double v : p.sensitivity) s.push_back(std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v));
      j["parameters"].push_back({{"rank", i + 1}, {"name", p.name}, {"value", p.value}, {"unit", p.unit},
                                 {"lower", p.lower}, {"upper", p.upper}, {"hypothetical", p.hypothetical},
                                 {"source", p.source}, {"sensitivity", s}, {"note", p.note}});
    }
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  if (format == Format::Csv) {
    os << "# " << disclaimer << "\n# calcsim " << version << " sensitivity, scenario " << r.scenario
       << ", relative step " << text::format_number(r.relative_step) << ", rtol " << text::format_number(r.rtol)
       << ", " << r.runs << " runs on " << r.threads << " threads in " << fixed(r.wall_seconds, 1) << " s\n";
    os << "rank,parameter,value,unit,lower,upper,output,time_days,sensitivity,hypothetical,source,note\n";
    for (std::size_t i = 0; i < r.parameters.size(); ++i) {
      const auto& p = r.parameters[i];
      for (std::size_t c = 0; c < nc; ++c)
        os << i + 1 << "," << csv_field(p.name) << "," << csv_number(p.value) << "," << csv_field(p.unit) << ","
           << csv_number(p.lower) << "," << csv_number(p.upper) << "," << csv_field(r.outputs[c / nt]) << ","
           << csv_number(r.times_days[c % nt]) << "," << csv_number(p.sensitivity[c]) << ","
           << (p.hypothetical ? "true" : "false") << "," << csv_field(p.source) << "," << csv_field(p.note) << "\n";
    }
    return os.str();
  }
  os << header("sensitivity", r.scenario, r.description, detail::span_asked(r), "per run");
  os << "Normalised local sensitivity S = d ln(output) / d ln(parameter): central differences at +/-"
     << text::format_number(r.relative_step * 100.0) << "% of each parameter\n(clipped to its valid range), solver rtol "
     << text::format_number(r.rtol) << ". S = +0.5 means 1% more of the parameter gives about 0.5% more output.\n"
     << "Ranked by |S| of the first column. 'hyp.' marks a hypothetical parameter (no published human anchor).\n";
  os << "Unperturbed:";
  for (std::size_t c = 0; c < nc; ++c)
    os << (c ? "," : "") << " " << r.outputs[c / nt] << " " << text::format_number(r.base[c], 5) << " "
       << r.units[c / nt] << " " << time_label(r.requested_days[c % nt]);
  os << ".\n\n";
  std::size_t name_w = 9, unit_w = 4;
  for (const auto& p : r.parameters) {
    name_w = std::max(name_w, p.name.size());
    unit_w = std::max(unit_w, p.unit.size());
  }
  std::vector<std::size_t> col_w;
  for (std::size_t c = 0; c < nc; ++c) col_w.push_back(std::max<std::size_t>(column_name(c).size() + 4, 10));
  os << pad("rank", 5, false) << "  " << pad("parameter", name_w + 2, true) << pad("value", 11, false) << "  "
     << pad("unit", unit_w + 2, true);
  for (std::size_t c = 0; c < nc; ++c) os << pad("S " + column_name(c), col_w[c], false);
  os << "  hyp.  source\n";
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    const auto& p = r.parameters[i];
    os << pad(std::to_string(i + 1), 5, false) << "  " << pad(p.name, name_w + 2, true)
       << pad(text::format_number(p.value, 5), 11, false) << "  " << pad(p.unit, unit_w + 2, true);
    for (std::size_t c = 0; c < nc; ++c) os << pad(sensitivity_cell(p.sensitivity[c]), col_w[c], false);
    os << "  " << pad(p.hypothetical ? "yes" : "", 4, true) << "  " << p.source << "\n";
  }
  std::ostringstream notes;
  for (const auto& p : r.parameters)
    if (!p.note.empty()) notes << "  " << p.name << ": " << p.note << "\n";
  if (!notes.str().empty()) os << "\nNotes:\n" << notes.str();
  os << "\n" << r.parameters.size() << " parameters (" << hypothetical << " hypothetical), " << zeros
     << " with S exactly 0 in the first column; " << r.runs << " runs on " << r.threads << " thread"
     << (r.threads == 1 ? "" : "s") << " in " << fixed(r.wall_seconds, 1) << " s.\n";
  return os.str();
}

}  // namespace calcsim
