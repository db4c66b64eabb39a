// The reports of results over posterior draws (uncertainty.hpp): a comparison
// or a sweep with its 90% intervals, and the coverage of the validation rows,
// as a table, csv, json or markdown.
#include <algorithm>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "calcsim/errors.hpp"
#include "calcsim/uncertainty.hpp"
#include "calcsim/units.hpp"
#include "calcsim/version.hpp"
#include "analysis/analysis.hpp"
#include "report/format.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

using report::csv_field;
using report::csv_number;
using text::pad;

std::string fixed(double v, int decimals, bool sign = false) {
  return sign ? report::signed_fixed(v, decimals) : report::fixed(v, decimals);
}

std::string cell(double point, const Band& b, int decimals, bool sign) {
  return fixed(point, decimals, sign) + " [" + fixed(b.low, decimals, sign) + ", " + fixed(b.high, decimals, sign) +
         "]";
}

std::string draws_note(const DrawInfo& u) {
  std::ostringstream os;
  os << "Parameter uncertainty: " << u.draws << " draws from the posterior (seed " << u.seed << ", "
     << u.draw_dosing << " dosing), " << u.posterior.parameters.size() << " fitted parameters; "
     << u.failed << " failed to solve or to start";
  if (u.failed > 0) os << (u.failed == 1 ? " and is left out" : " and are left out");
  os << ".";
  return os.str();
}

nlohmann::json draws_json(const DrawInfo& u) {
  return {{"draws", u.draws},
          {"failed", u.failed},
          {"failures", u.failures},
          {"seed", u.seed},
          {"draw_dosing", u.draw_dosing},
          {"interval", "5th to 95th percentile"},
          {"posterior_file", u.posterior.file},
          {"posterior_method", u.posterior.method},
          {"posterior_created", u.posterior.created}};
}

nlohmann::json band_json(double point, const Band& b) {
  return {{"point", point}, {"median", b.median}, {"p05", b.low}, {"p95", b.high}};
}

}  // namespace

std::string uncertainty_summary(const UncertainComparison& u, Format format) {
  const auto& arms = u.point.arms;
  const Result& first = arms.front().result;
  auto point_of = [&](std::size_t a, std::size_t t, std::size_t q) {
    const Result& r = arms[a].result;
    return r.at(u.quantities[q], summary_day(u.at_days[t], r.duration()));
  };
  auto unit_of = [&](const std::string& column) {
    return first.columns[static_cast<std::size_t>(first.column(column))].unit;
  };
  if (format == Format::Json) {
    nlohmann::json j{{"scenario", first.meta.scenario},
                     {"calcsim_version", version},
                     {"disclaimer", disclaimer},
                     {"uncertainty", draws_json(u)}};
    for (const auto& a : arms) j["arms"].push_back(a.name);
    j["rows"] = nlohmann::json::array();
    for (std::size_t t = 0; t < u.at_days.size(); ++t)
      for (std::size_t q = 0; q < u.quantities.size(); ++q) {
        nlohmann::json row{{"time_days", summary_day(u.at_days[t], first.duration())},
                           {"quantity", u.quantities[q]},
                           {"unit", unit_of(u.quantities[q])}};
        for (std::size_t a = 0; a < arms.size(); ++a) {
          row["values"][arms[a].name] = band_json(point_of(a, t, q), u.values[a][t][q]);
          if (a > 0)
            row["difference"][arms[a].name] =
                band_json(point_of(a, t, q) - point_of(0, t, q), u.differences[a][t][q]);
        }
        j["rows"].push_back(row);
      }
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  if (format == Format::Csv) {
    os << "# " << disclaimer << "\n# " << draws_note(u) << "\n"
       << "time_days,quantity,unit,arm,kind,point,median,p05,p95\n";
    for (std::size_t t = 0; t < u.at_days.size(); ++t)
      for (std::size_t q = 0; q < u.quantities.size(); ++q)
        for (std::size_t a = 0; a < arms.size(); ++a) {
          auto line = [&](const char* kind, double point, const Band& b) {
            os << csv_number(summary_day(u.at_days[t], first.duration())) << "," << u.quantities[q] << ","
               << csv_field(unit_of(u.quantities[q])) << "," << csv_field(arms[a].name) << "," << kind << ","
               << csv_number(point) << "," << csv_number(b.median) << "," << csv_number(b.low) << ","
               << csv_number(b.high) << "\n";
          };
          line("value", point_of(a, t, q), u.values[a][t][q]);
          if (a > 0) line("difference", point_of(a, t, q) - point_of(0, t, q), u.differences[a][t][q]);
        }
    return os.str();
  }
  os << "calcsim " << version << " " << (arms.size() == 1 ? "run" : "compare") << ": " << first.meta.scenario << " ("
     << units::format_duration(first.duration()) << " simulated)\n"
     << (first.meta.description.empty() ? "" : first.meta.description + "\n") << disclaimer << "\n"
     << draws_note(u) << "\n"
     << "Each cell: the value with the fitted parameters [5th, 95th percentile over the draws]. The interval shows\n"
     << "what the calibration data leave open about the fitted parameters, not how people differ (see population).\n";
  if (arms.size() > 1) {
    os << "Arms: ";
    for (std::size_t a = 0; a < arms.size(); ++a) os << (a ? " | " : "") << arms[a].name;
    os << "; differences are against '" << arms.front().name << "'.\n";
  }
  for (const auto& f : u.failures) os << "  failed " << f << "\n";
  // Every cell of a column at the width of its widest entry.
  std::vector<std::string> headers;
  for (const auto& a : arms) headers.push_back(a.name);
  for (std::size_t a = 1; a < arms.size(); ++a)
    headers.push_back(arms.size() > 2 ? "diff " + arms[a].name : std::string("difference"));
  std::vector<std::size_t> width(headers.size());
  std::vector<std::vector<std::vector<std::string>>> cells(u.at_days.size());  // [time][quantity][column]
  for (std::size_t t = 0; t < u.at_days.size(); ++t)
    for (std::size_t q = 0; q < u.quantities.size(); ++q) {
      const int d = summary_decimals(u.quantities[q]);
      std::vector<std::string> row;
      for (std::size_t a = 0; a < arms.size(); ++a) row.push_back(cell(point_of(a, t, q), u.values[a][t][q], d, false));
      for (std::size_t a = 1; a < arms.size(); ++a)
        row.push_back(cell(point_of(a, t, q) - point_of(0, t, q), u.differences[a][t][q], d, true));
      if (u.quantities[q] == "arterial_category")
        for (auto& c : row) c.clear();  // a category has no interval worth printing
      for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
      cells[t].push_back(row);
    }
  for (std::size_t c = 0; c < headers.size(); ++c) width[c] = std::max(width[c], headers[c].size()) + 3;
  os << "\n" << pad("quantity", 32, true) << pad("unit", 8, true);
  for (std::size_t c = 0; c < headers.size(); ++c) os << pad(headers[c], width[c], false);
  os << "\n";
  for (std::size_t t = 0; t < u.at_days.size(); ++t) {
    const double at = u.at_days[t];
    os << "-- " << (at == 0.0 ? std::string("at the start") : "after " + units::format_duration(at)) << "\n";
    for (std::size_t q = 0; q < u.quantities.size(); ++q) {
      if (u.quantities[q] == "arterial_category") continue;
      os << pad(summary_label(u.quantities[q]), 32, true) << pad(unit_of(u.quantities[q]), 8, true);
      for (std::size_t c = 0; c < headers.size(); ++c) os << pad(cells[t][q][c], width[c], false);
      os << "\n";
    }
  }
  return os.str();
}

std::string uncertain_sweep_report(const UncertainSweep& u, Format format) {
  const SweepResult& r = u.point;
  auto shown = [&](std::size_t k) { return r.spec.values[k] / r.spec.unit_in_canonical; };
  if (format == Format::Json) {
    nlohmann::json j{{"disclaimer", disclaimer},      {"calcsim_version", version},
                     {"scenario", r.scenario},         {"target", r.spec.target},
                     {"unit", r.spec.unit},            {"times_days", r.times_days},
                     {"uncertainty", draws_json(u)}};
    j["rows"] = nlohmann::json::array();
    for (std::size_t k = 0; k < r.values.size(); ++k)
      for (std::size_t o = 0; o < r.outputs.size(); ++o)
        for (std::size_t t = 0; t < r.times_days.size(); ++t)
          j["rows"].push_back({{"value", shown(k)},
                               {"output", r.outputs[o]},
                               {"output_unit", r.units[o]},
                               {"time_days", r.times_days[t]},
                               {"point", r.values[k][o][t]},
                               {"median", u.bands[k][o][t].median},
                               {"p05", u.bands[k][o][t].low},
                               {"p95", u.bands[k][o][t].high}});
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  const std::string note = draws_note(u);
  if (format == Format::Csv) {
    os << "# " << disclaimer << "\n# " << note << "\n"
       << "target,value,unit,output,output_unit,time_days,point,median,p05,p95\n";
    for (std::size_t k = 0; k < r.values.size(); ++k)
      for (std::size_t o = 0; o < r.outputs.size(); ++o)
        for (std::size_t t = 0; t < r.times_days.size(); ++t) {
          const Band& b = u.bands[k][o][t];
          os << csv_field(r.spec.target) << "," << csv_number(shown(k)) << "," << csv_field(r.spec.unit) << ","
             << csv_field(r.outputs[o]) << "," << csv_field(r.units[o]) << "," << csv_number(r.times_days[t]) << ","
             << csv_number(r.values[k][o][t]) << "," << csv_number(b.median) << "," << csv_number(b.low) << ","
             << csv_number(b.high) << "\n";
        }
    return os.str();
  }
  os << "calcsim " << version << " sweep: " << r.scenario << " (" << units::format_duration(detail::span_asked(r))
     << " simulated per point)\n"
     << disclaimer << "\n"
     << note << "\n"
     << "Each cell: the value with the fitted parameters [5th, 95th percentile over the draws].\n";
  for (const auto& f : u.failures) os << "  failed " << f << "\n";
  const std::size_t first = std::max<std::size_t>(r.spec.target.size() + r.spec.unit.size() + 3, 12) + 2;
  for (std::size_t o = 0; o < r.outputs.size(); ++o) {
    os << "\n" << pad(r.spec.target + " (" + r.spec.unit + ")", first, true);
    std::vector<std::vector<std::string>> cells(r.values.size());
    std::vector<std::size_t> width(r.times_days.size());
    for (std::size_t t = 0; t < r.times_days.size(); ++t) {
      const std::string head = r.outputs[o] + " " + r.units[o] + " at " + units::format_duration(r.times_days[t]);
      width[t] = head.size();
      for (std::size_t k = 0; k < r.values.size(); ++k) {
        const Band& b = u.bands[k][o][t];
        cells[k].push_back(text::format_number(r.values[k][o][t], 4) + " [" + text::format_number(b.low, 4) + ", " +
                           text::format_number(b.high, 4) + "]");
        width[t] = std::max(width[t], cells[k].back().size());
      }
      os << pad(head, width[t] + 3, false);
    }
    os << "\n";
    for (std::size_t k = 0; k < r.values.size(); ++k) {
      os << pad(text::format_number(shown(k)), first, true);
      for (std::size_t t = 0; t < r.times_days.size(); ++t) os << pad(cells[k][t], width[t] + 3, false);
      os << "\n";
    }
  }
  return os.str();
}

std::string coverage_report(const ValidationCoverage& c, const std::string& format_name) {
  const std::string summary = std::to_string(c.covered) + " of " + std::to_string(c.rows.size()) +
                              " validation rows fall inside the model's 90% posterior predictive interval";
  auto interval = [&](std::size_t k) {
    // (Built with append: GCC 12 warns falsely about "literal" + std::string.)
    return std::string(1, '[')
        .append(text::format_number(c.predictive[k].low, 4))
        .append(", ")
        .append(text::format_number(c.predictive[k].high, 4))
        .append("]");
  };
  if (format_name == "markdown") {
    std::ostringstream os;
    os << "**" << summary << "** (" << c.draws << " draws, seed " << c.seed << ", " << c.draw_dosing << " dosing; "
       << c.failed << " failed to solve).\n\n"
       << "| Row | Unit | Published (middle) | Simulated | 90% predictive | Inside |\n"
       << "|---|---|---:|---:|---:|---|\n";
    for (std::size_t k = 0; k < c.rows.size(); ++k) {
      const auto& r = c.rows[k];
      os << "| `" << r.id << "` | " << r.unit << " | " << text::format_number((r.low + r.high) / 2, 4) << " | "
         << text::format_number(r.simulated, 4) << " | " << interval(k) << " | " << (c.inside[k] ? "yes" : "**no**")
         << " |\n";
    }
    for (const auto& f : c.failures) os << "\nFailed " << f << "\n";
    return os.str();
  }
  const Format format = parse_format(format_name);
  if (format == Format::Json) {
    nlohmann::json j{{"disclaimer", disclaimer}, {"calcsim_version", version}, {"uncertainty", draws_json(c)},
                     {"covered", c.covered},     {"rows_counted", c.rows.size()}, {"summary", summary}};
    j["rows"] = nlohmann::json::array();
    for (std::size_t k = 0; k < c.rows.size(); ++k)
      j["rows"].push_back({{"id", c.rows[k].id},
                           {"unit", c.rows[k].unit},
                           {"published_middle", (c.rows[k].low + c.rows[k].high) / 2},
                           {"simulated", c.rows[k].simulated},
                           {"median", c.predictive[k].median},
                           {"p05", c.predictive[k].low},
                           {"p95", c.predictive[k].high},
                           {"inside", static_cast<bool>(c.inside[k])}});
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  if (format == Format::Csv) {
    os << "# " << disclaimer << "\n# " << draws_note(c) << "\n# " << summary << "\n"
       << "id,unit,published_middle,simulated,median,p05,p95,inside\n";
    for (std::size_t k = 0; k < c.rows.size(); ++k)
      os << csv_field(c.rows[k].id) << "," << csv_field(c.rows[k].unit) << ","
         << csv_number((c.rows[k].low + c.rows[k].high) / 2) << "," << csv_number(c.rows[k].simulated) << ","
         << csv_number(c.predictive[k].median) << "," << csv_number(c.predictive[k].low) << ","
         << csv_number(c.predictive[k].high) << "," << (c.inside[k] ? "yes" : "no") << "\n";
    return os.str();
  }
  os << "calcsim " << version << " validation coverage\n"
     << disclaimer << "\n"
     << draws_note(c) << "\n"
     << "Each row: the middle of the published interval, the simulated value, and the 90% posterior\n"
     << "predictive interval (the row over the draws plus the row's own measurement spread).\n";
  for (const auto& f : c.failures) os << "  failed " << f << "\n";
  os << "\n";
  std::size_t w = 10;
  for (const auto& r : c.rows) w = std::max(w, r.id.size());
  os << pad("row", w + 2, true) << pad("unit", 10, true) << pad("published", 12, false) << pad("simulated", 12, false)
     << pad("90% predictive", 26, false) << "  inside\n";
  for (std::size_t k = 0; k < c.rows.size(); ++k) {
    const auto& r = c.rows[k];
    os << pad(r.id, w + 2, true) << pad(r.unit, 10, true) << pad(text::format_number((r.low + r.high) / 2, 4), 12, false)
       << pad(text::format_number(r.simulated, 4), 12, false)
       << pad(interval(k), 26, false)
       << "  " << (c.inside[k] ? "yes" : "NO") << "\n";
  }
  os << "\n" << summary << ".\n";
  return os.str();
}

}  // namespace calcsim
