#include "calcsim/html_report.hpp"

#include <algorithm>
#include <sstream>

#include "calcsim/display.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/parameters.hpp"
#include "calcsim/units.hpp"
#include "calcsim/version.hpp"
#include "svg_chart.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

using svg::escape;

constexpr Eigen::Index max_points = 400;

constexpr const char* style = R"(body{font-family:sans-serif;max-width:62em;margin:1.5em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}
.disclaimer{background:#fff4e5;border-left:4px solid #e69500;padding:.6em 1em}
pre{background:#f6f6f6;padding:.7em;overflow-x:auto;font-size:.85em}
.charts{display:flex;flex-wrap:wrap;gap:.5em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
.fail{color:#b00020;font-weight:bold}.pass{color:#1b5e20})";

std::string chart_of(const std::vector<Arm>& arms, const std::string& column) {
  const Result& first = *arms.front().result;
  const Column& info = first.columns[static_cast<std::size_t>(first.column(column))];
  const bool years = first.duration() > 2 * units::days_per_year;
  svg::Chart chart;
  chart.title = info.description;
  const std::string name = summary_label(column).empty() ? info.description : summary_label(column);
  chart.y_label = info.unit == "1" ? name : name + " [" + info.unit + "]";
  chart.x_label = years ? "time [year]" : "time [day]";
  double largest = 0.0;
  for (const Arm& arm : arms) {
    svg::Series s{arm.name, {}, {}};
    const Eigen::VectorXd t = arm.result->values("time"), v = arm.result->values(column);
    // At most about max_points points a line: a page stays small, a line as smooth.
    const Eigen::Index stride = std::max<Eigen::Index>(1, (t.size() + max_points - 1) / max_points);
    for (Eigen::Index k = 0; k < t.size(); k = (k + 1 < t.size() && k + stride >= t.size()) ? t.size() - 1 : k + stride) {
      s.x.push_back(years ? t[k] / units::days_per_year : t[k]);
      s.y.push_back(v[k]);
      largest = std::max(largest, std::abs(v[k]));
    }
    chart.series.push_back(std::move(s));
  }
  chart.min_span = display_resolution(column, largest);
  return svg::line_chart(chart);
}

std::string parameters_changed(const Result& r) {
  if (r.meta.parameter_overrides.empty()) return "<p>None: every parameter has its default value.</p>\n";
  std::ostringstream os;
  os << "<table><tr><th>parameter</th><th>value in this run</th><th>default</th><th>unit</th></tr>\n";
  for (const auto& [name, value] : r.meta.parameter_overrides) {
    const auto* info = find_parameter(name);
    os << "<tr><td><code>" << escape(name) << "</code></td><td>" << text::format_number(value) << "</td><td>"
       << (info ? text::format_number(info->default_value) : "") << "</td><td>" << (info ? escape(std::string(info->unit)) : "")
       << "</td></tr>\n";
  }
  os << "</table>\n";
  return os.str();
}

std::string targets_table(const std::vector<Target>& rows, const char* what) {
  std::ostringstream os;
  const auto failed = std::count_if(rows.begin(), rows.end(), [](const Target& row) { return !row.pass(); });
  os << "<p>" << what << ": with this comparison's parameters, " << rows.size() - static_cast<std::size_t>(failed)
     << " of " << rows.size() << " targets pass" << (failed > 0 ? "; failing targets are marked." : ".") << "</p>\n"
     << "<table><tr><th>target</th><th>source</th><th>published</th><th>simulated</th><th>accepted</th>"
        "<th>status</th></tr>\n";
  for (const auto& row : rows)
    os << "<tr><td>" << escape(row.quantity) << "</td><td>" << escape(row.source) << "</td><td>"
       << escape(row.published) << "</td><td>" << text::format_number(row.simulated, 4) << ' ' << escape(row.unit)
       << "</td><td>[" << text::format_number(row.low) << ", " << text::format_number(row.high) << "]</td><td class=\""
       << (row.pass() ? "pass\">pass" : "fail\">FAIL")
       << (row.known_failure.empty() ? "" : " (" + escape(row.known_failure) + ")") << "</td></tr>\n";
  os << "</table>\n";
  return os.str();
}

std::string calibration_section(const HtmlReport& report) {
  const Result& r = *report.arms.front().result;
  std::ostringstream os;
  if (report.calibration == nullptr && report.validation == nullptr) {
    os << "<p>Not run for this page. ";
    if (r.meta.parameter_overrides.empty())
      os << "This comparison uses the default parameters, the ones <code>calcsim calibration</code> (published "
            "human data parameters were fitted to) and <code>calcsim validation</code> (data none was fitted to) "
            "check; run them, or <code>calcsim report --targets</code>, to see every target.";
    else
      os << "This comparison changes parameters (below), so the calibration of the defaults does not vouch for it; "
            "<code>calcsim calibration --set NAME=VALUE</code> and <code>calcsim validation --set NAME=VALUE</code> "
            "check the targets with the same changes.";
    os << "</p>\n";
    return os.str();
  }
  if (report.calibration != nullptr) os << targets_table(*report.calibration, "Calibration (parameters fitted)");
  if (report.validation != nullptr) os << targets_table(*report.validation, "Validation (nothing fitted)");
  return os.str();
}

}  // namespace

const std::vector<std::string>& html_report_charts() {
  static const std::vector<std::string> charts{"dp_ucmgp",       "ucoc_fraction", "plasma_ca",  "bmd_change",
                                                "arterial_score", "cfpwv",         "systolic_bp"};
  return charts;
}

void check_html_path(const std::string& path, const std::string& option) {
  const std::string lower = text::lower(path);
  const std::string file = lower.substr(lower.find_last_of('/') + 1);
  const bool named = (file.ends_with(".html") && file.size() > 5) || (file.ends_with(".htm") && file.size() > 4);
  if (!named)
    throw InputError(SourceLocation::of_option(option), "expected a file name ending in .html, got '" + path + "'");
}

std::string comparison_html(const HtmlReport& report) {
  if (report.arms.empty()) throw InputError("a report needs at least one arm");
  const Result& first = *report.arms.front().result;
  std::vector<std::string> names;
  for (const Arm& a : report.arms) names.push_back(a.name);
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     << "<title>calcsim: " << escape(first.meta.scenario) << "</title>\n<style>" << style << "</style>\n</head>\n<body>\n";
  os << "<h1>calcsim: " << escape(first.meta.scenario) << ", " << escape(units::format_duration(first.duration()))
     << " simulated</h1>\n";
  os << "<p class=\"disclaimer\"><b>" << escape(disclaimer) << "</b> Its numbers are not predictions for any person "
     << "and many of its parameters are hypothetical. Do not change a medicine or supplement because of it; ask your "
     << "doctor, especially if you take warfarin or another vitamin K antagonist.</p>\n";

  os << "<h2>The scenario</h2>\n<p>" << escape(first.meta.description.empty() ? first.meta.scenario : first.meta.description)
     << "</p>\n<p>Arms: ";
  for (std::size_t k = 0; k < names.size(); ++k) os << (k ? " | " : "") << "<b>" << escape(names[k]) << "</b>";
  os << ". Differences are against <b>" << escape(names.front()) << "</b>.</p>\n";
  if (!report.legend.empty()) os << "<pre>" << escape(report.legend) << "</pre>\n";

  os << "<h2>The comparison</h2>\n<pre class=\"summary\">" << escape(comparison_summary(report.arms, report.at_days, Format::Table))
     << "</pre>\n";
  os << "<h2>Key outputs over time</h2>\n<div class=\"charts\">\n";
  for (const auto& column : html_report_charts())
    if (first.has_column(column)) os << chart_of(report.arms, column);
  os << "</div>\n";

  os << "<h2>Calibration and validation</h2>\n" << calibration_section(report);
  os << "<h2>Provenance</h2>\n<ul>\n<li>calcsim " << escape(first.meta.calcsim_version) << "</li>\n<li>dosing: "
     << escape(first.meta.dosing)
     << (first.meta.dosing == "exact" ? " (every meal and dose at its time)" : " (each day's intake spread evenly)")
     << "</li>\n<li>solver: " << escape(first.meta.solver.method) << ", relative tolerance "
     << text::format_number(first.meta.solver.rtol) << ", absolute " << text::format_number(first.meta.solver.atol)
     << "</li>\n<li>outputs every " << escape(units::format_duration(first.data.rows() > 1 ? first.data(1, 0) : first.duration()))
     << "; the last at day " << text::format_number(first.end_time()) << ", the run's last midnight</li>\n</ul>\n";
  os << "<h3>Parameters changed</h3>\n" << parameters_changed(first);
  os << "<h2>The scenario file</h2>\n<p>" << escape(report.scenario_origin) << "</p>\n";
  if (!report.scenario_yaml.empty()) os << "<pre class=\"yaml\">" << escape(report.scenario_yaml) << "</pre>\n";
  os << "</body>\n</html>\n";
  return os.str();
}

}  // namespace calcsim
