#include "calcsim/report.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "calcsim/errors.hpp"
#include "calcsim/outputs.hpp"
#include "calcsim/units.hpp"
#include "calcsim/version.hpp"
#include "report/format.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

using text::pad;

struct Quantity {
  std::string column;
  std::string label;
  int decimals;
};

const std::vector<Quantity>& quantities() {
  static const std::vector<Quantity> q{
      {"mk7_plasma", "Plasma MK-7", 2},
      {"tissue_k", "Extrahepatic vitamin K", 2},
      {"dp_ucmgp", "dp-ucMGP (inactive MGP)", 0},
      {"mgp_carboxylated", "Vessel MGP carboxylated", 3},
      {"ucoc_fraction", "Undercarboxylated osteocalcin", 3},
      {"plasma_ca", "Plasma calcium", 3},
      {"pth", "PTH", 2},
      {"d25", "25(OH)D", 0},
      {"urinary_ca", "Urinary calcium", 0},
      {"bmd_change", "BMD change since start", 2},
      {"t_score", "T-score proxy", 2},
      {"arterial_score", "Arterial score (Agatston-eq.)", 1},
      {"arterial_category", "Arterial score category", 0},
      {"cfpwv", "Pulse wave velocity (cfPWV)", 2},
      {"systolic_bp", "Systolic blood pressure", 1},
      {"diastolic_bp", "Diastolic blood pressure", 1},
  };
  return q;
}

using report::csv_field;
using report::csv_number;
using report::signed_fixed;

std::string cell(const Quantity& q, double v) {
  return q.column == "arterial_category" ? cac_category_label(static_cast<int>(std::lround(v)))
                                         : report::fixed(v, q.decimals);
}

// A change or difference: signed, and blank for the category.
std::string change_cell(const Quantity& q, double d) {
  return q.column == "arterial_category" ? std::string() : signed_fixed(d, q.decimals);
}

std::string unit_of(const Result& r, const std::string& column) { return r.columns[static_cast<std::size_t>(r.column(column))].unit; }

std::string time_label(double days) { return days == 0.0 ? "start" : units::format_duration(days); }

std::string header_lines(const Result& r, const std::string& what) {
  std::ostringstream os;
  os << "calcsim " << version << " " << what << ": " << r.meta.scenario << " (" << units::format_duration(r.duration())
     << " simulated" << (r.meta.dosing == "exact" ? "" : ", " + r.meta.dosing + " dosing") << ")";
  if (!r.meta.description.empty()) os << "\n" << r.meta.description;
  os << "\n" << disclaimer << "\n";
  return os.str();
}

nlohmann::json meta_json(const Result& r) {
  return {{"scenario", r.meta.scenario},
          {"description", r.meta.description},
          {"dosing", r.meta.dosing},
          {"calcsim_version", r.meta.calcsim_version},
          {"disclaimer", r.meta.disclaimer},
          {"parameter_overrides", r.meta.parameter_overrides}};
}

}  // namespace

Format parse_format(const std::string& name) {
  if (name == "table") return Format::Table;
  if (name == "csv") return Format::Csv;
  if (name == "json") return Format::Json;
  throw InputError(SourceLocation::of_option("format"), "expected table, csv or json, got '" + name + "'");
}

const std::vector<std::string>& summary_quantities() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& q : quantities()) v.push_back(q.column);
    return v;
  }();
  return names;
}

std::string summary_label(const std::string& column) {
  for (const auto& q : quantities())
    if (q.column == column) return q.label;
  return "";
}

int summary_decimals(const std::string& column) {
  for (const auto& q : quantities())
    if (q.column == column) return q.decimals;
  return 2;
}

std::string summary_cell(const std::string& column, double value, bool change) {
  const Quantity q{column, "", summary_decimals(column)};
  return change ? change_cell(q, value) : cell(q, value);
}

std::vector<SummaryTime> summary_read_times(const std::vector<double>& ascending_days, double end_days) {
  std::vector<SummaryTime> out;
  for (double t : ascending_days) {
    const double requested = std::min(t, end_days);
    const double sample = std::floor(requested + 1e-9);
    if (out.empty() || sample > out.back().sample) out.push_back({requested, sample});
  }
  return out;
}

Matrix summary_values(const Result& r, const std::vector<SummaryTime>& times) {
  const auto& q = quantities();
  Matrix values(static_cast<Eigen::Index>(q.size()), static_cast<Eigen::Index>(times.size()));
  for (std::size_t i = 0; i < q.size(); ++i)
    for (std::size_t k = 0; k < times.size(); ++k)
      values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = r.at(q[i].column, times[k].sample);
  return values;
}

std::vector<double> default_summary_times(double duration) {
  std::vector<double> t{0.0};
  for (double years : {1.0, 5.0})
    if (years * units::days_per_year < duration - 1e-9) t.push_back(years * units::days_per_year);
  t.push_back(duration);
  return t;
}

std::vector<double> parse_times(const std::string& text, const std::string& option) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    std::string t = text::trim(item);
    // Accept the compact forms used in tables: 10y, 6mo, 30d, 2w.
    for (auto [suffix, unit] : {std::pair{"mo", " months"}, {"y", " years"}, {"d", " days"}, {"w", " weeks"}}) {
      const std::string s(suffix);
      if (t.size() > s.size() && t.ends_with(s) && text::parse_number(t.substr(0, t.size() - s.size()))) {
        t = t.substr(0, t.size() - s.size()) + unit;
        break;
      }
    }
    try {
      out.push_back(units::parse(t, units::Dimension::Duration));
    } catch (const std::invalid_argument& e) {
      throw InputError(SourceLocation::of_option(option), "'" + text::trim(item) + "': " + e.what() +
                                                          " (expected times such as 1y,5y,10y or 30d)");
    }
  }
  if (out.empty()) throw InputError(SourceLocation::of_option(option), "expected times such as 1y,5y,10y");
  std::sort(out.begin(), out.end());
  return out;
}

std::string run_summary(const Result& r, const std::vector<double>& at_days, Format format) {
  const auto at = summary_read_times(at_days, r.duration());
  if (format == Format::Json) {
    nlohmann::json j = meta_json(r);
    for (const auto& t : at) j["times_days"].push_back(t.sample);
    for (const auto& q : quantities()) {
      std::vector<double> v;
      for (const auto& t : at) v.push_back(r.at(q.column, t.sample));
      j["summary"].push_back({{"quantity", q.column}, {"label", q.label}, {"unit", unit_of(r, q.column)}, {"values", v}});
    }
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  if (format == Format::Csv) {
    os << "# " << disclaimer << "\nquantity,unit";
    for (const auto& t : at) os << ",t_" << text::format_number(t.sample) << "d";
    os << "\n";
    for (const auto& q : quantities()) {
      os << q.column << "," << csv_field(unit_of(r, q.column));
      for (const auto& t : at) os << "," << csv_number(r.at(q.column, t.sample));
      os << "\n";
    }
    return os.str();
  }
  os << header_lines(r, "run");
  os << pad("quantity", 32, true) << pad("unit", 8, true);
  for (const auto& t : at) os << pad(time_label(t.requested), 11, false);
  os << pad("change", 11, false) << "\n";
  for (const auto& q : quantities()) {
    os << pad(q.label, 32, true) << pad(unit_of(r, q.column), 8, true);
    for (const auto& t : at) os << pad(cell(q, r.at(q.column, t.sample)), 11, false);
    const double change = r.at(q.column, at.back().sample) - r.at(q.column, at.front().sample);
    os << pad(change_cell(q, change), 11, false) << "\n";
  }
  return os.str();
}

std::string comparison_summary(const std::vector<Arm>& arms, const std::vector<double>& at_days, Format format) {
  const Result& first = *arms.front().result;
  const auto at = summary_read_times(at_days, first.duration());
  if (format == Format::Json) {
    nlohmann::json j = meta_json(first);
    for (const auto& a : arms) j["arms"].push_back(a.name);
    j["rows"] = nlohmann::json::array();
    for (const auto& st : at)
      for (const auto& q : quantities()) {
        const double t = st.sample;
        nlohmann::json row{{"time_days", t}, {"quantity", q.column}, {"unit", unit_of(first, q.column)}};
        for (const auto& a : arms) {
          row["values"][a.name] = a.result->at(q.column, t);
          row["difference"][a.name] = a.result->at(q.column, t) - first.at(q.column, t);
        }
        j["rows"].push_back(row);
      }
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  if (format == Format::Csv) {
    os << "# " << disclaimer << "\ntime_days,quantity,unit";
    for (const auto& a : arms) os << "," << csv_field(a.name);
    for (std::size_t k = 1; k < arms.size(); ++k) os << "," << csv_field("difference_" + arms[k].name);
    os << "\n";
    for (const auto& st : at)
      for (const auto& q : quantities()) {
        const double t = st.sample;
        os << csv_number(t) << "," << q.column << "," << csv_field(unit_of(first, q.column));
        for (const auto& a : arms) os << "," << csv_number(a.result->at(q.column, t));
        for (std::size_t k = 1; k < arms.size(); ++k)
          os << "," << csv_number(arms[k].result->at(q.column, t) - first.at(q.column, t));
        os << "\n";
      }
    return os.str();
  }
  os << header_lines(first, "compare");
  os << "Arms: ";
  for (std::size_t k = 0; k < arms.size(); ++k) os << (k ? " | " : "") << arms[k].name;
  os << "; differences are against '" << arms.front().name << "'.\n";
  // Value columns, then difference columns: 13 characters each, wider when a
  // header needs it (headers[k] is column k's header).
  std::vector<std::string> headers;
  for (const auto& a : arms) headers.push_back(a.name);
  for (std::size_t k = 1; k < arms.size(); ++k)
    headers.push_back(arms.size() > 2 ? std::string("diff ").append(arms[k].name) : std::string("difference"));
  std::vector<std::size_t> w;
  for (const auto& h : headers) w.push_back(std::max<std::size_t>(13, h.size() + 3));
  const std::size_t n = arms.size();
  std::ostringstream head;
  head << pad("quantity", 32, true) << pad("unit", 8, true);
  for (std::size_t c = 0; c < headers.size(); ++c) head << pad(headers[c], w[c], false);
  os << "\n" << head.str() << "\n";
  for (const auto& st : at) {
    const double t = st.sample;
    os << "-- " << (t == 0.0 ? std::string("at the start") : "after " + time_label(st.requested)) << "\n";
    for (const auto& q : quantities()) {
      os << pad(q.label, 32, true) << pad(unit_of(first, q.column), 8, true);
      for (std::size_t k = 0; k < n; ++k) os << pad(cell(q, arms[k].result->at(q.column, t)), w[k], false);
      for (std::size_t k = 1; k < n; ++k) {
        const double d = arms[k].result->at(q.column, t) - first.at(q.column, t);
        os << pad(change_cell(q, d), w[n + k - 1], false);
      }
      os << "\n";
    }
  }
  return os.str();
}

}  // namespace calcsim
