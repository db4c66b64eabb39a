#include <algorithm>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "calcsim/calibration.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/version.hpp"
#include "text.hpp"

namespace calcsim {
namespace {

constexpr const char* tolerance_note =
    "Each tolerance comes from the published value and its uncertainty. Role 'fit': parameters were "
    "fitted to this row, so it shows the fit; 'check': nothing was fitted to it, so it tests the model. "
    "A FAIL is reported, not hidden.";

const char* role(const CalibrationRow& r) { return r.independent ? "check" : "fit"; }

std::string number(double v) { return text::format_number(v, 4); }

std::string interval(const CalibrationRow& r) {
  std::string out(1, '[');
  return out.append(number(r.low)).append(", ").append(number(r.high)).append("]");
}

long passed(const std::vector<CalibrationRow>& rows) {
  return std::count_if(rows.begin(), rows.end(), [](const CalibrationRow& r) { return r.pass(); });
}

std::string summary(const std::vector<CalibrationRow>& rows) {
  const long checks = std::count_if(rows.begin(), rows.end(), [](const CalibrationRow& r) { return r.independent; });
  std::ostringstream os;
  os << passed(rows) << " of " << rows.size() << " targets pass (" << rows.size() - checks << " fits, " << checks
     << " independent checks). " << tolerance_note << "\n";
  return os.str();
}

std::string markdown(const std::vector<CalibrationRow>& rows) {
  std::ostringstream os;
  os << "| target | source | published | simulated | accepted | pass | role | how the model was run |\n"
     << "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& r : rows)
    os << "| " << r.quantity << " (`" << r.id << "`) | " << r.source << " | " << r.published << " | "
       << number(r.simulated) << " " << r.unit << " | " << interval(r) << " | " << (r.pass() ? "pass" : "**FAIL**")
       << " | " << role(r) << " | " << r.how << " |\n";
  os << "\n" << summary(rows);
  return os.str();
}

std::string table(const std::vector<CalibrationRow>& rows) {
  std::ostringstream os;
  os << "calcsim " << version << " calibration against published human data\n" << disclaimer << "\n\n";
  os << std::left << std::setw(30) << "target" << std::setw(22) << "published" << std::right << std::setw(11)
     << "simulated" << "  " << std::left << std::setw(9) << "unit" << std::setw(18) << "accepted" << "pass  role   source\n";
  for (const auto& r : rows)
    os << std::left << std::setw(30) << r.id << std::setw(22) << r.published << std::right << std::setw(11)
       << number(r.simulated) << "  " << std::left << std::setw(9) << r.unit << std::setw(18) << interval(r)
       << (r.pass() ? "ok    " : "FAIL  ") << std::setw(7) << role(r) << r.source << "\n";
  os << "\n" << summary(rows);
  return os.str();
}

std::string csv(const std::vector<CalibrationRow>& rows) {
  auto quote = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) out.append(c == '"' ? "\"\"" : std::string(1, c));
    return out.append("\"");
  };
  std::ostringstream os;
  os << "# " << disclaimer << "\nid,quantity,source,published,unit,simulated,low,high,pass,role,how\n";
  for (const auto& r : rows)
    os << r.id << "," << quote(r.quantity) << "," << quote(r.source) << "," << quote(r.published) << ","
       << quote(r.unit) << "," << text::format_number(r.simulated, 10) << "," << r.low << "," << r.high << ","
       << (r.pass() ? "true" : "false") << "," << role(r) << "," << quote(r.how) << "\n";
  return os.str();
}

std::string json(const std::vector<CalibrationRow>& rows) {
  nlohmann::json j;
  j["disclaimer"] = disclaimer;
  j["calcsim_version"] = version;
  j["note"] = tolerance_note;
  j["targets"] = nlohmann::json::array();
  for (const auto& r : rows)
    j["targets"].push_back({{"id", r.id}, {"quantity", r.quantity}, {"source", r.source},
                            {"published", r.published}, {"unit", r.unit}, {"simulated", r.simulated},
                            {"low", r.low}, {"high", r.high}, {"pass", r.pass()}, {"role", role(r)},
                            {"how", r.how}});
  return j.dump(2) + "\n";
}

}  // namespace

std::string calibration_report(const std::vector<CalibrationRow>& rows, const std::string& format) {
  if (format == "table") return table(rows);
  if (format == "csv") return csv(rows);
  if (format == "json") return json(rows);
  if (format == "markdown") return markdown(rows);
  throw InputError(SourceLocation{"--format", 0, ""}, "expected table, csv, json or markdown, got '" + format + "'");
}

}  // namespace calcsim
